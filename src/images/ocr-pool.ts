import type { Logger } from '../logger.js';
import type { OcrEngine } from './tesseract-engine.js';

export interface OcrPoolOptions {
  /** Worker threads at most; each holds about 100–150 MB while it runs. */
  workers: number;
  /** Images waiting beyond the running ones; past this, new images are dropped. */
  queueLimit: number;
  /** Workers stop after this long without work, and start again on the next image. */
  idleMs: number;
  /** A job running longer than this stops its worker. */
  jobTimeoutMs: number;
  logger: Logger;
  startEngine?: () => Promise<OcrEngine>;
}

export type OcrOutcome =
  | { status: 'read'; text: string; ms: number }
  | { status: 'dropped' }
  /** `notStarted`: no worker could start to read it (the image is not what failed). */
  | { status: 'failed'; reason: string; notStarted?: true };

export interface OcrPoolStats {
  workers: number;
  busy: number;
  queued: number;
  read: number;
  failed: number;
  dropped: number;
}

interface Job {
  image: Uint8Array;
  resolve(outcome: OcrOutcome): void;
}

interface Slot {
  engine: Promise<OcrEngine>;
  busy: boolean;
}

const DROP_LOG_INTERVAL_MS = 10_000;
const STOP_WAIT_MS = 2_000;

/**
 * OCR off the main thread: a few tesseract.js workers started on the first image and stopped when
 * idle, fed from a bounded queue. read() never throws and never waits for room in the queue.
 */
export class OcrPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private lastDropLog = -Infinity;
  private droppedSinceLog = 0;
  private readonly counts = { read: 0, failed: 0, dropped: 0 };
  private readonly startEngine: () => Promise<OcrEngine>;

  constructor(private readonly options: OcrPoolOptions) {
    // tesseract.js loads with the first worker: a bot that never sees an image never loads it.
    this.startEngine = options.startEngine ?? (async () => (await import('./tesseract-engine.js')).startTesseractEngine());
  }

  read(image: Uint8Array): Promise<OcrOutcome> {
    if (this.closed) return Promise.resolve({ status: 'failed', reason: 'the image reader is shut down' });
    if (this.queue.length >= this.options.queueLimit) {
      this.counts.dropped += 1;
      this.logDrop();
      return Promise.resolve({ status: 'dropped' });
    }
    return new Promise((resolve) => {
      this.queue.push({ image, resolve });
      this.pump();
    });
  }

  stats(): OcrPoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.busy).length,
      queued: this.queue.length,
      ...this.counts,
    };
  }

  /** Stops every worker; images still queued are answered as failed. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.resolve({ status: 'failed', reason: 'the image reader is shut down' });
    await Promise.all(this.slots.splice(0).map((slot) => this.stopSlot(slot)));
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.options.workers) {
        slot = { engine: this.startEngine(), busy: false };
        // A worker that failed to start is forgotten and its job reports the failure; the operator
        // hears of it (the model package missing, say) at most once a minute.
        slot.engine.catch((error: unknown) => this.logStartFailure(error));
        this.slots.push(slot);
      }
      if (!slot) return;
      void this.run(slot, this.queue.shift()!);
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    slot.busy = true;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let outcome: OcrOutcome;
    let keepSlot = true;
    let engineReady = false;
    try {
      // One limit for starting the worker and reading the image: neither may hold the slot forever.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), this.options.jobTimeoutMs);
      });
      const engine = await Promise.race([slot.engine, timeout]);
      engineReady = true;
      const text = await Promise.race([engine.recognize(job.image), timeout]);
      this.counts.read += 1;
      outcome = { status: 'read', text, ms: Math.round(performance.now() - started) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.counts.failed += 1;
      // A worker that timed out, could not start or whose thread died is replaced on the next image;
      // one that merely failed to read a damaged image carries on.
      keepSlot = reason !== 'timed out' && (await slot.engine.then((engine) => engine.alive?.() ?? true, () => false));
      this.options.logger.debug({ reason }, 'an image could not be read');
      outcome = { status: 'failed', reason, ...(engineReady ? {} : { notStarted: true as const }) };
    } finally {
      clearTimeout(timer);
      slot.busy = false;
    }
    if (!keepSlot) this.removeSlot(slot);
    job.resolve(outcome);
    if (this.closed) return;
    this.pump();
    this.scheduleIdleStop();
  }

  private removeSlot(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void this.stopSlot(slot);
  }

  private async stopSlot(slot: Slot): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // A worker still starting gets a moment to finish, so that it can be stopped; shutdown never waits
    // longer, and one that starts later still is stopped when it does (its thread would run on, unused).
    const gaveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), STOP_WAIT_MS);
    });
    try {
      const engine = await Promise.race([slot.engine, gaveUp]);
      if (engine) await engine.terminate();
      else void slot.engine.then((late) => late.terminate()).catch(() => undefined);
    } catch {
      // A worker that never started has nothing to stop.
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleIdleStop(): void {
    if (this.queue.length || this.slots.some((s) => s.busy) || this.slots.length === 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.queue.length || this.slots.some((s) => s.busy)) return;
      this.options.logger.debug({ workers: this.slots.length }, 'image reader idle: stopping its workers');
      for (const slot of this.slots.splice(0)) void this.stopSlot(slot);
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  // Log throttles run on a monotonic clock (a wall clock set back would silence them for the step).
  private lastStartFailureLog = -Infinity;

  private logStartFailure(error: unknown): void {
    const now = performance.now();
    if (now - this.lastStartFailureLog < 60_000) return;
    this.lastStartFailureLog = now;
    this.options.logger.error({ err: error }, 'could not start a screenshot reader: images are not being read');
  }

  private logDrop(): void {
    this.droppedSinceLog += 1;
    const now = performance.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.options.logger.warn(
      { dropped: this.droppedSinceLog, queueLimit: this.options.queueLimit },
      'image reader busy: screenshots dropped (queue full)',
    );
    this.lastDropLog = now;
    this.droppedSinceLog = 0;
  }
}
