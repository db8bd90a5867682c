import { createCanvas } from '@napi-rs/canvas';
import pino from 'pino';
import type { Answer, Ask, WayIn } from '../../src/answers/types.js';
import { DownloadError } from '../../src/images/download.js';
import type { AttachmentInfo } from '../../src/images/image-check.js';
import type { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';

/** A real PNG, small: the reader checks an image's bytes before it is read. */
export async function tinyPng(): Promise<Buffer> {
  return createCanvas(40, 20).encode('png');
}

/** An attachment as Discord describes it; its URL names the text the fake OCR "reads" in it. */
export function image(text: string, name = 'shot.png'): AttachmentInfo {
  return { url: `fake://${encodeURIComponent(text)}`, name, size: 1000, contentType: 'image/png', width: 40, height: 20 };
}

/** The bot's reader with a pool that "reads" the text named in each attachment's URL, and counts reads. */
export async function fakeReader(): Promise<{ reader: ScreenshotReader; reads: string[]; cdn: { fails: (text: string) => boolean } }> {
  const png = await tinyPng();
  const reads: string[] = [];
  // Discord's CDN, which may fail downloads for a while (a 5xx): of the images whose text `fails` says.
  const cdn = { fails: (_text: string) => false };
  const texts = new Map<Uint8Array, string>();
  const pool = {
    read: async (bytes: Uint8Array) => ({ status: 'read' as const, text: texts.get(bytes) ?? '', ms: 1 }),
    stats: () => ({ workers: 0, busy: 0, queued: 0, read: 0, failed: 0, dropped: 0 }),
    close: async () => undefined,
  } as unknown as OcrPool;
  const reader = new ScreenshotReader({
    pool,
    logger: pino({ level: 'silent' }),
    capacity: 8,
    download: async (url) => {
      const text = decodeURIComponent(url.replace('fake://', ''));
      if (cdn.fails(text)) throw new DownloadError('the download failed', 'HTTP 503');
      reads.push(text);
      const bytes = Buffer.from(png);
      texts.set(bytes, text);
      return bytes;
    },
  });
  return { reader, reads, cdn };
}

/** A request to the answering module, as a way in builds it. */
export const ask = (way: WayIn, text: string, extra: Partial<Ask> = {}): Ask => ({ way, text, images: [], guildId: '1', phrases: [], ...extra });
/** The codes an answer shows (its entries, or its candidates). */
export const codes = (answer: Answer) =>
  answer.kind === 'entries' || answer.kind === 'group' ? answer.entries.map((e) => e.code) : answer.kind === 'choices' ? answer.candidates.map((e) => e.code) : [];
