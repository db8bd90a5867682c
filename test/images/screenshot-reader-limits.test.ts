import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/images/download.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { unreadableText } from '../../src/render/screenshot.js';
import { collectingLogger } from '../helpers.js';
import { tinyPng } from '../answers/fakes.js';

describe('screenshot reader under load', () => {
  it('counts and logs every image it turns away, once per burst', async () => {
    const { logger, lines } = collectingLogger();
    const png = await tinyPng();
    let finish!: () => void;
    const blocked = new Promise<void>((resolve) => (finish = resolve));
    const pool = {
      read: async () => {
        await blocked;
        return { status: 'read' as const, text: '', ms: 1 };
      },
      stats: () => ({ workers: 1, busy: 1, queued: 0, read: 0, failed: 0, dropped: 0 }),
      close: async () => undefined,
    } as unknown as OcrPool;
    const reader = new ScreenshotReader({ pool, logger, capacity: 2, download: async () => png });
    const readings = Array.from({ length: 6 }, (_, i) => reader.readAttachment({ url: `x${i}`, name: `${i}.png`, size: 100, contentType: 'image/png' }));
    const dropped = (await Promise.all(readings.slice(2))).filter((r) => r.status === 'dropped');
    expect(dropped).toHaveLength(4);
    // The image is fine: the same one may be read in a minute.
    expect(dropped.every((r) => r.tryAgain === true)).toBe(true);
    expect(reader.stats()).toMatchObject({ dropped: 4, inFlight: 2 });
    expect(lines.filter((l) => l.msg.startsWith('image reader busy'))).toHaveLength(1);
    finish();
    expect((await Promise.all(readings.slice(0, 2))).map((r) => r.status)).toEqual(['read', 'read']);
  });
});

describe('screenshot reader when downloads fail', () => {
  it('counts an image it could not download as failed, in the metrics and the health figures', async () => {
    const { logger } = collectingLogger();
    const pool = {
      read: async () => ({ status: 'read' as const, text: '', ms: 1 }),
      stats: () => ({ workers: 0, busy: 0, queued: 0, read: 0, failed: 0, dropped: 0 }),
      close: async () => undefined,
    } as unknown as OcrPool;
    const results: string[] = [];
    const reader = new ScreenshotReader({
      pool,
      logger,
      capacity: 2,
      // Discord's CDN refusing (a 403 for an expired link, a 5xx while it fails).
      download: async () => {
        throw new DownloadError('the download failed', 'HTTP 503');
      },
      onResult: (result) => results.push(result),
    });
    const reading = await reader.readAttachment({ url: 'x', name: 'shot.png', size: 100, contentType: 'image/png' });
    expect(reading).toMatchObject({ status: 'failed', reason: 'the download failed', tryAgain: true });
    expect(results).toEqual(['failed']);
    expect(reader.stats()).toMatchObject({ failed: 1 });
  });
});

describe('screenshot reader when its reader cannot start', () => {
  it('says to try again later, not to post a sharper screenshot: the image is not what failed', async () => {
    const { logger } = collectingLogger();
    const png = await tinyPng();
    // The model package missing, say: every worker fails to start, whatever the image.
    const pool = new OcrPool({
      workers: 1,
      queueLimit: 4,
      idleMs: 60_000,
      jobTimeoutMs: 5_000,
      logger,
      startEngine: async () => {
        throw new Error('no model');
      },
    });
    const reader = new ScreenshotReader({ pool, logger, capacity: 4, download: async () => png });
    try {
      const reading = await reader.readAttachment({ url: 'x', name: 'shot.png', size: 100, contentType: 'image/png' });
      expect(reading).toMatchObject({ status: 'failed', tryAgain: true });
      expect(unreadableText(reading)).toBe(
        'I could not read this image: the screenshot reader is not working right now. Try again in a minute, or type the code Spotify shows (like `auth:3`).',
      );
    } finally {
      await pool.close();
    }
  });
});
