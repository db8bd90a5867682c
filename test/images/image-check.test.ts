import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { attachmentRefusal, IMAGE_LIMITS, inspectImage, readableAttachments } from '../../src/images/image-check.js';

/** A PNG that is only a header and an end: a decompression bomb claims a huge size in a few bytes. */
function pngHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(45);
  bytes.write('IEND', 37, 'latin1');
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes[24] = 8;
  bytes[25] = 6;
  return bytes;
}

/** A real JPEG whose frame header is rewritten to claim another size. */
async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(await createCanvas(16, 16).encode('jpeg', 80));
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
  }
  throw new Error('no frame header');
}

/**
 * A JPEG whose segments do not chain: a stray byte after APP0, then a comment holding a small frame
 * header where a reader that steps byte by byte lands, then the real, large one. The decoder skips
 * the stray byte and the comment and reads the large frame.
 */
function jpegHidingItsSize(fake: number, real: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Array<number>(14).fill(0)]);
  const stray = Buffer.from([0x00]);
  // Stepping one byte past the stray one, a byte-by-byte reader takes 0x1000 (bytes 5–6) for a length and looks at 5 + 0x1000.
  const fakeAt = 5 + 0x1000;
  const comment = Buffer.alloc(fakeAt - 21 + 20);
  comment[0] = 0xff;
  comment[1] = 0xfe;
  comment.writeUInt16BE(comment.length - 2, 2);
  const at = fakeAt - 21;
  comment[at] = 0xff;
  comment[at + 1] = 0xc0;
  comment.writeUInt16BE(17, at + 2);
  comment[at + 4] = 8;
  comment.writeUInt16BE(fake, at + 5);
  comment.writeUInt16BE(fake, at + 7);
  const frame = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00]);
  frame.writeUInt16BE(real, 5);
  frame.writeUInt16BE(real, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, stray, comment, frame, Buffer.alloc(64), Buffer.from([0xff, 0xd9])]);
}

/** Entropy-coded bits as a JPEG holds them: FF bytes stuffed, the last byte padded with ones. */
function entropyBits(pattern: string): Buffer {
  const padded = pattern + '1'.repeat((8 - (pattern.length % 8)) % 8);
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 8) {
    const byte = parseInt(padded.slice(i, i + 8), 2);
    out.push(byte, ...(byte === 0xff ? [0] : []));
  }
  return Buffer.from(out);
}

function segment(marker: number, body: number[]): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, Buffer.from(body)]);
}

/**
 * A progressive grey JPEG of side × side whose AC scan comes `scans` times: each scan, a few dozen
 * bytes (one run of empty blocks), makes the decoder go over every block of the image again.
 */
function progressiveJpeg(side: number, scans: number): Buffer {
  const blocks = (side / 8) ** 2;
  const huffman = (tableClass: number, symbol: number) => segment(0xc4, [tableClass, 1, ...Array<number>(15).fill(0), symbol]);
  const dc = Buffer.concat([segment(0xda, [1, 1, 0x00, 0, 0, 0]), entropyBits('0'.repeat(blocks))]);
  const ac = Buffer.concat([segment(0xda, [1, 1, 0x00, 1, 63, 0]), entropyBits(('0' + '1'.repeat(14)).repeat(Math.ceil(blocks / 32767)))]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, [0, ...Array<number>(64).fill(1)]),
    segment(0xc2, [8, side >> 8, side & 255, side >> 8, side & 255, 1, 1, 0x11, 0]),
    huffman(0x00, 0x00),
    huffman(0x10, 0xe0),
    dc,
    ...Array<Buffer>(scans).fill(ac),
    Buffer.from([0xff, 0xd9]),
  ]);
}

const attachment = (over: Partial<Parameters<typeof attachmentRefusal>[0]> = {}) => ({
  url: 'http://127.0.0.1/a.png',
  name: 'a.png',
  size: 1000,
  contentType: 'image/png',
  width: 800,
  height: 600,
  ...over,
});

describe('image checks', () => {
  it('knows PNG, JPEG and WebP by their bytes, whatever the name says', async () => {
    const canvas = createCanvas(20, 10);
    expect(inspectImage(await canvas.encode('png'))).toEqual({ ok: true, format: 'png', width: 20, height: 10 });
    expect(inspectImage(await canvas.encode('jpeg'))).toEqual({ ok: true, format: 'jpeg', width: 20, height: 10 });
    expect(inspectImage(await canvas.encode('webp'))).toEqual({ ok: true, format: 'webp', width: 20, height: 10 });
    const notImage = { ok: false, reason: 'not a PNG, JPEG or WebP image' };
    expect(inspectImage(Buffer.from('GIF89a\x0a\x00\x0a\x00......................'))).toEqual(notImage);
    expect(inspectImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'))).toEqual(notImage);
    expect(inspectImage(Buffer.from('#!/bin/sh\nrm -rf / # pretending to be a PNG, long enough to be sniffed\n'))).toEqual(notImage);
  });

  it('refuses images larger than 4096 × 4096 from the header alone, before anything decodes them', async () => {
    expect(inspectImage(pngHeader(4096, 4096))).toMatchObject({ ok: true, width: 4096 });
    expect(inspectImage(pngHeader(4097, 10))).toEqual({ ok: false, reason: 'larger than 4096 × 4096 pixels' });
    expect(inspectImage(pngHeader(60_000, 60_000))).toEqual({ ok: false, reason: 'larger than 4096 × 4096 pixels' });
    expect(inspectImage(await jpegClaiming(20_000, 20_000))).toEqual({ ok: false, reason: 'larger than 4096 × 4096 pixels' });
    expect(inspectImage(await jpegClaiming(1000, 800))).toMatchObject({ ok: true, format: 'jpeg', width: 1000, height: 800 });
  });

  it("takes a JPEG's size from the frame header its segments lead to, as the decoder does", async () => {
    // A lie read byte by byte: the decoder would read a 6000 × 6000 image from a file that looked 100 × 100.
    expect(inspectImage(jpegHidingItsSize(100, 6000))).toMatchObject({ ok: false });
    // Frames coded otherwise (lossless, arithmetic) count by their own header.
    const lossless = await jpegClaiming(6000, 6000);
    lossless[lossless.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc3;
    expect(inspectImage(lossless)).toEqual({ ok: false, reason: 'larger than 4096 × 4096 pixels' });
    // Segments that never reach a frame header (8 MB of nothing after the start marker) are damaged.
    const empty = Buffer.alloc(IMAGE_LIMITS.maxBytes - 16);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(empty);
    empty.writeUInt16BE(0xffd9, empty.length - 2);
    expect(inspectImage(empty)).toEqual({ ok: false, reason: 'the image header is damaged' });
  });

  it('reads a JPEG with stray bytes between its segments as the decoder does: skipped up to the next marker', async () => {
    const jpeg = Buffer.from(await createCanvas(300, 120).encode('jpeg', 80));
    const afterApp0 = 4 + jpeg.readUInt16BE(4);
    // Text-mode line ends, a stuffed zero and fill bytes: libjpeg skips them all, with a warning.
    const stray = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0x00, 0xff, 0xff]);
    const withStrayBytes = Buffer.concat([jpeg.subarray(0, afterApp0), stray, jpeg.subarray(afterApp0)]);
    const decoded = await loadImage(withStrayBytes);
    expect([decoded.width, decoded.height]).toEqual([300, 120]);
    expect(inspectImage(withStrayBytes)).toEqual({ ok: true, format: 'jpeg', width: 300, height: 120 });
    // Stray bytes up to the end, with no marker left in them: damaged.
    const noMarker = Buffer.alloc(IMAGE_LIMITS.maxBytes - 16, 0x0a);
    jpeg.copy(noMarker, 0, 0, afterApp0);
    noMarker.writeUInt16BE(0xffd9, noMarker.length - 2);
    expect(inspectImage(noMarker)).toEqual({ ok: false, reason: 'the image header is damaged' });
  });

  it('refuses files cut off before their end', async () => {
    const canvas = createCanvas(200, 100);
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const whole = Buffer.from(await canvas.encode(format as 'png'));
      expect(inspectImage(whole)).toMatchObject({ ok: true, format });
      const cut = inspectImage(whole.subarray(0, Math.floor(whole.length * 0.6)));
      expect(cut.ok ? 'accepted' : cut.reason).toMatch(/^(the file is cut off|the image header is damaged)$/);
    }
  });

  it('accepts a whole JPEG with data after its end, as phones write motion photos, and still refuses one cut off', async () => {
    const jpeg = Buffer.from(await createCanvas(200, 100).encode('jpeg', 80));
    // A motion photo's video (or a Samsung trailer) follows the picture's end marker; the decoder stops at that marker.
    const video = Buffer.alloc(64 * 1024, 0x5a);
    expect(inspectImage(Buffer.concat([jpeg, video]))).toMatchObject({ ok: true, format: 'jpeg', width: 200, height: 100 });
    const cut = jpeg.subarray(0, jpeg.length - 200);
    expect(inspectImage(Buffer.concat([cut, video]))).toEqual({ ok: false, reason: 'the file is cut off' });
    expect(inspectImage(cut)).toEqual({ ok: false, reason: 'the file is cut off' });
  });

  it('refuses a JPEG made of thousands of scans, which keeps the decoder busy for minutes in a small file', () => {
    expect(inspectImage(progressiveJpeg(4096, 10))).toMatchObject({ ok: true, format: 'jpeg', width: 4096, height: 4096 });
    // 20,000 scans in under 1 MB: about 3 ms each over a 4096 × 4096 image, past the worker's 30 seconds.
    const bomb = progressiveJpeg(4096, 20_000);
    expect(bomb.length).toBeLessThan(IMAGE_LIMITS.maxBytes / 8);
    expect(inspectImage(bomb)).toEqual({ ok: false, reason: 'the image is stored in too many passes to be read' });
  });

  it('refuses damaged, empty and oversized files politely', () => {
    expect(inspectImage(Buffer.alloc(0))).toEqual({ ok: false, reason: 'not a PNG, JPEG or WebP image' });
    expect(inspectImage(Buffer.from([0xff, 0xd8, 0xff, 0x00]))).toEqual({ ok: false, reason: 'the image header is damaged' });
    expect(inspectImage(pngHeader(0, 0))).toEqual({ ok: false, reason: 'the image header is damaged' });
    const huge = Buffer.alloc(IMAGE_LIMITS.maxBytes + 1);
    pngHeader(10, 10).copy(huge);
    expect(inspectImage(huge)).toEqual({ ok: false, reason: 'larger than 8 MB' });
  });

  it('judges attachments by what Discord says before downloading them', () => {
    expect(attachmentRefusal(attachment())).toBeUndefined();
    expect(attachmentRefusal(attachment({ contentType: 'image/jpeg; charset=binary', name: 'x' }))).toBeUndefined();
    expect(attachmentRefusal(attachment({ contentType: null, name: 'shot.WEBP' }))).toBeUndefined();
    expect(attachmentRefusal(attachment({ contentType: 'image/gif', name: 'a.gif' }))).toBe('not a PNG, JPEG or WebP image');
    expect(attachmentRefusal(attachment({ contentType: 'application/pdf' }))).toBe('not a PNG, JPEG or WebP image');
    expect(attachmentRefusal(attachment({ contentType: null, name: 'notes.txt' }))).toBe('not a PNG, JPEG or WebP image');
    expect(attachmentRefusal(attachment({ size: 8 * 1024 * 1024 + 1 }))).toBe('larger than 8 MB');
    expect(attachmentRefusal(attachment({ width: 5000 }))).toBe('larger than 4096 × 4096 pixels');
  });

  it('reads at most four images of a message and skips the rest', () => {
    const files = [
      attachment({ name: 'log.txt', contentType: 'text/plain' }),
      ...Array.from({ length: 6 }, (_, i) => attachment({ name: `${i}.png` })),
    ];
    expect(readableAttachments(files).map((a) => a.name)).toEqual(['0.png', '1.png', '2.png', '3.png']);
    expect(readableAttachments([attachment({ contentType: 'video/mp4', name: 'a.mp4' })])).toEqual([]);
  });
});
