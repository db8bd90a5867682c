'use strict';
// The upscaling step of the OCR worker thread (ocr-thread.cjs), in a child process of its own: the
// C allocator keeps what Skia once held for as long as the process lives, so resizing in the bot's
// process would leave it some 100 MB larger after the worker stopped. This process ends with the
// thread that started it, and gives everything back. It runs at the thread's lower priority.
const os = require('node:os');
const { Buffer } = require('node:buffer');
const process = require('node:process');

try {
  os.setPriority(Math.min(19, Math.max(os.getPriority(), 10)));
} catch {
  // Not allowed: normal priority.
}

/**
 * The image `factor` times larger, as an 8-bit grey PGM (tesseract reads it without decoding
 * anything; it turns every image grey first anyway). Undefined when Skia cannot decode the image.
 */
async function upscaled(bytes, factor) {
  const { createCanvas, loadImage } = require('@napi-rs/canvas');
  let image;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return undefined;
  }
  const width = Math.round(image.width * factor);
  const height = Math.round(image.height * factor);
  if (!width || !height) return undefined;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(image, 0, 0, width, height);
  const rgba = g.getImageData(0, 0, width, height).data;
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const pgm = Buffer.allocUnsafe(header.length + width * height);
  header.copy(pgm, 0);
  for (let i = 0, o = header.length; i < rgba.length; i += 4, o++) {
    // ITU-R 601 luma, in integers.
    pgm[o] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  }
  return new Uint8Array(pgm.buffer, pgm.byteOffset, pgm.length);
}

process.on('message', ({ id, bytes, factor }) => {
  upscaled(bytes, factor)
    .catch(() => undefined)
    // Its thread gone meanwhile (stopped, or the bot exiting): nothing to answer, and nothing to print.
    .then((image) => process.send({ id, image }, () => undefined));
});
// The thread that started it stopped (idle, timed out, or the bot exiting).
process.on('disconnect', () => process.exit(0));
