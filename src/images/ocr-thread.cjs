'use strict';
// The OCR worker thread: lowers its own scheduling priority, upscales small images when the main
// thread asks (src/images/ocr-plan.ts decides from the image's header), then runs tesseract.js's
// worker. On a machine with few cores, the bot's main thread then wins the CPU whenever both want it,
// so reading a screenshot, and resizing it, does not delay answers. Linux sets a thread's nice value
// through its task ID.
try {
  const os = require('node:os');
  const taskId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (taskId) os.setPriority(taskId, Math.min(19, os.getPriority(taskId) + 10));
} catch {
  // Not Linux, or not allowed: the worker runs at normal priority.
}

const { Buffer } = require('node:buffer');
const { parentPort } = require('node:worker_threads');
// tesseract.js's own Node worker (tesseract.js/src/worker-script/node/index.js), with one step
// before a recognize job: its image is replaced by the upscaled one.
const worker = require('tesseract.js/src/worker-script/index.js');

worker.setAdapter({
  getCore: require('tesseract.js/src/worker-script/node/getCore.js'),
  gunzip: require('tesseract.js/src/worker-script/node/gunzip.js'),
  fetch: global.fetch,
  ...require('tesseract.js/src/worker-script/node/cache.js'),
});

/**
 * The image `factor` times larger, as an 8-bit grey PGM (tesseract reads it without decoding
 * anything; it turns every image grey first anyway). Skia (@napi-rs/canvas) decodes and resizes;
 * undefined when it cannot decode the image, which is then given to tesseract as it came (and
 * fails there as a damaged image does).
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

/** A recognize job's image replaced by the upscaled one when the main thread asked for it; never throws. */
async function prepare(packet) {
  try {
    const payload = packet.action === 'recognize' ? packet.payload : undefined;
    const factor = Number(payload && payload.options && payload.options.tessjs_upscale);
    if (!payload || !(factor > 1)) return;
    const image = await upscaled(payload.image, factor);
    if (image) payload.image = image;
  } catch {
    // Out of memory or a decoder fault: read the image as it came.
  }
}

// Jobs are handed to tesseract.js in the order they came, each once its image is ready. A job
// tesseract.js cannot dispatch fails the thread as it would without this step, never the queue.
let ready = Promise.resolve();
parentPort.on('message', (packet) => {
  ready = ready
    .then(() => prepare(packet))
    .then(() => {
      try {
        worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
      } catch (error) {
        require('node:timers').setImmediate(() => {
          throw error;
        });
      }
    });
});
