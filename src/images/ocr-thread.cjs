'use strict';
// The OCR worker thread: lowers its own scheduling priority, has small images upscaled when the
// main thread asks (src/images/ocr-plan.ts decides from the image's header; upscale-process.cjs
// resizes), then runs tesseract.js's worker. On a machine with few cores, the bot's main thread then wins the CPU whenever both want it,
// so reading a screenshot, and resizing it, does not delay answers. Linux sets a thread's nice value
// through its task ID.
try {
  const os = require('node:os');
  const taskId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (taskId) os.setPriority(taskId, Math.min(19, os.getPriority(taskId) + 10));
} catch {
  // Not Linux, or not allowed: the worker runs at normal priority.
}

const process = require('node:process');
const { parentPort } = require('node:worker_threads');

// An error nothing in this thread caught ends the thread, never the bot: thrown out of a worker it
// would be an 'error' event in the bot's thread, and tesseract.js does not listen for one there.
// The engine (tesseract-engine.ts) sees the thread exit, fails its jobs and is replaced.
process.on('uncaughtException', () => process.exit(1));
process.on('unhandledRejection', () => process.exit(1));
// tesseract.js's own Node worker (tesseract.js/src/worker-script/node/index.js), with one step
// before a recognize job: its image is replaced by the upscaled one.
const worker = require('tesseract.js/src/worker-script/index.js');

worker.setAdapter({
  getCore: require('tesseract.js/src/worker-script/node/getCore.js'),
  gunzip: require('tesseract.js/src/worker-script/node/gunzip.js'),
  fetch: global.fetch,
  ...require('tesseract.js/src/worker-script/node/cache.js'),
});

/** The child process that upscales (upscale-process.cjs), started on the first image that needs it. */
let upscaler;
const waiting = new Map();
let nextId = 0;

function startUpscaler() {
  const { fork } = require('node:child_process');
  const child = fork(require.resolve('./upscale-process.cjs'), [], {
    serialization: 'advanced',
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', ({ id, image }) => {
    waiting.get(id)?.(image);
    waiting.delete(id);
  });
  // A child that dies or cannot start: the images waiting are read as they came.
  const gone = () => {
    if (upscaler === child) upscaler = undefined;
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
  };
  child.on('exit', gone);
  child.on('error', gone);
  return child;
}

/** The image `factor` times larger, as a grey PGM; undefined when it could not be made. */
function upscaled(bytes, factor) {
  upscaler ??= startUpscaler();
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    upscaler.send({ id, bytes, factor }, (error) => {
      if (error && waiting.delete(id)) resolve(undefined);
    });
  });
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

/**
 * Ends the upscaling process and waits for it to exit. Only this thread can reap it: a process whose
 * thread is terminated first stays a zombie for as long as the bot runs.
 */
function endUpscaler() {
  const child = upscaler;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}

// Jobs are handed to tesseract.js in the order they came, each once its image is ready. A job
// tesseract.js cannot dispatch ends the thread, never the queue. The engine asks for the upscaler's
// end before it terminates the thread (tesseract-engine.ts).
let ready = Promise.resolve();
parentPort.on('message', (packet) => {
  if (packet && packet.action === 'tessjs-end-upscaler') {
    void endUpscaler().then(() => parentPort.postMessage({ action: 'tessjs-upscaler-ended' }));
    return;
  }
  ready = ready
    .then(() => prepare(packet))
    .then(() => {
      try {
        worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
      } catch {
        process.exit(1);
      }
    });
});
