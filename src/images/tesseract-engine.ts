import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { createWorker, OEM } from 'tesseract.js';
import { headerSize } from './image-check.js';
import { ocrPlan, recognizeOptions, type OcrPlan } from './ocr-plan.js';

/** One OCR worker: text from image bytes. */
export interface OcrEngine {
  recognize(image: Uint8Array): Promise<string>;
  terminate(): Promise<void>;
  /** False once its thread has died (an uncaught error, out of memory): the pool replaces it. */
  alive?(): boolean;
}

const require = createRequire(import.meta.url);

/** The English LSTM model shipped in the @tesseract.js-data/eng package: nothing is downloaded at run time. */
export function englishLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface EngineOptions {
  /** How to read an image of this size (the bot's rule unless a benchmark tries another). */
  plan?: (width: number, height: number) => OcrPlan;
}

/**
 * A tesseract.js worker (its own thread), reading English with the LSTM engine. Small images are
 * upscaled first, in that thread (see ocr-plan.ts).
 */
export async function startTesseractEngine(options: EngineOptions = {}): Promise<OcrEngine> {
  const plan = options.plan ?? ocrPlan;
  const langPath = englishLangPath();
  // tesseract.js never settles its start when the model cannot be read: find out first.
  try {
    await access(path.join(langPath, 'eng.traineddata.gz'));
  } catch {
    throw new Error(`the English OCR model is missing from ${langPath}: reinstall with npm ci`);
  }
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath,
    workerPath: fileURLToPath(new URL('./ocr-thread.cjs', import.meta.url)),
    gzip: true,
    // Never write the model anywhere: it is read from the package each time a worker starts.
    cacheMethod: 'none',
    // Without a handler, tesseract.js throws a failed job's error outside any promise and the process dies.
    errorHandler: () => undefined,
  });
  const thread = (worker as unknown as { worker: Worker }).worker;
  const watch = watchThread(thread);
  // Adaptive (tiled) Otsu instead of one threshold for the whole image: a dialog over Spotify's
  // dimmed window otherwise turns into one dark block (measured on the fixtures: 33 → 37 of 39).
  await watch.during(worker.setParameters({ thresholding_method: '1' } as Parameters<typeof worker.setParameters>[0]));
  return {
    async recognize(image) {
      const { width, height } = headerSize(image);
      const settings = recognizeOptions(plan(width, height)) as Parameters<typeof worker.recognize>[1];
      const result = await watch.during(worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), settings, { text: true }));
      return result.data.text ?? '';
    },
    terminate: async () => {
      // A thread that died has nothing left to answer with.
      if (watch.alive()) await endUpscaler(thread);
      watch.stopping();
      await worker.terminate();
    },
    alive: () => watch.alive(),
  };
}

/** How long a thread busy reading (a job that timed out) gets to end its upscaling process before it is terminated anyway. */
const END_UPSCALER_MS = 500;

/**
 * Has the thread end its upscaling process (ocr-thread.cjs) and reap it; a process left to a
 * terminated thread would stay a zombie. A thread stuck in a job cannot answer: it is not waited for long.
 */
function endUpscaler(thread: Worker): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('exit', done);
      resolve();
    };
    const onMessage = (message: { action?: string } | undefined) => {
      if (message?.action === 'tessjs-upscaler-ended') done();
    };
    const timer = setTimeout(done, END_UPSCALER_MS);
    thread.on('message', onMessage);
    thread.once('exit', done);
    thread.postMessage({ action: 'tessjs-end-upscaler' });
  });
}

/**
 * A worker thread's death, caught. tesseract.js listens to its thread with `onerror`, which a Node
 * worker never calls: an error thrown in the thread (or the thread running out of memory) would be
 * an unhandled 'error' event in the bot's own thread, and end the process. Here it fails the jobs
 * under way and marks the engine dead instead.
 */
export function watchThread(thread: Worker) {
  let death: Error | undefined;
  let stopping = false;
  const waiting = new Set<(error: Error) => void>();
  const die = (error: Error) => {
    death ??= error;
    for (const reject of waiting) reject(death);
    waiting.clear();
  };
  thread.on('error', (error) => die(new Error(`the OCR thread failed: ${error.message}`)));
  thread.on('exit', (code) => {
    if (!stopping) die(new Error(`the OCR thread stopped (exit code ${code})`));
  });
  return {
    alive: () => death === undefined,
    stopping: () => void (stopping = true),
    /** The job's result, or the thread's death if that comes first. */
    during<T>(job: Promise<T>): Promise<T> {
      if (death) return Promise.reject(death);
      return new Promise<T>((resolve, reject) => {
        waiting.add(reject);
        job.then(resolve, reject).finally(() => waiting.delete(reject));
      });
    },
  };
}
