import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { OcrPool, type OcrPoolOptions } from '../../src/images/ocr-pool.js';
import type { OcrEngine } from '../../src/images/tesseract-engine.js';
import { collectingLogger } from '../helpers.js';

/** An engine whose jobs finish when the test says so. */
class FakeEngines {
  started = 0;
  terminated = 0;
  running = 0;
  maxRunning = 0;
  readonly pending: Array<{ text: string; finish(): void; fail(error: Error): void }> = [];
  failStart = false;
  hangStart = false;
  /** Engines whose thread has died (see OcrEngine.alive). */
  dead = false;

  start = async (): Promise<OcrEngine> => {
    if (this.failStart) throw new Error('no model');
    if (this.hangStart) return new Promise<never>(() => undefined);
    this.started++;
    return {
      recognize: (image) =>
        new Promise<string>((resolve, reject) => {
          this.running++;
          this.maxRunning = Math.max(this.maxRunning, this.running);
          const text = Buffer.from(image).toString();
          const done = () => this.running--;
          this.pending.push({ text, finish: () => (done(), resolve(`read ${text}`)), fail: (e) => (done(), reject(e)) });
        }),
      terminate: async () => {
        this.terminated++;
      },
      alive: () => !this.dead,
    };
  };

  async finishAll(): Promise<void> {
    while (this.pending.length) {
      this.pending.shift()!.finish();
      await tick();
    }
  }
}

/** Lets the pool's promises settle (a few milliseconds of the fake clock where a test runs on one). */
const tick = () => (vi.isFakeTimers() ? vi.advanceTimersByTimeAsync(5) : new Promise((resolve) => setTimeout(resolve, 5)));
const image = (text: string) => new Uint8Array(Buffer.from(text));

function pool(engines: FakeEngines, options: Partial<OcrPoolOptions> = {}) {
  const { logger, lines } = collectingLogger();
  const ocr = new OcrPool({ workers: 2, queueLimit: 3, idleMs: 60_000, jobTimeoutMs: 60_000, logger, startEngine: engines.start, ...options });
  return { ocr, lines };
}

describe('OCR worker pool', () => {
  it('starts no worker until the first image, then at most its size', async () => {
    const engines = new FakeEngines();
    const { ocr } = pool(engines);
    expect(engines.started).toBe(0);
    const reads = ['a', 'b', 'c', 'd', 'e'].map((t) => ocr.read(image(t)));
    await tick();
    expect(engines.started).toBe(2);
    expect(ocr.stats()).toMatchObject({ workers: 2, busy: 2, queued: 3 });
    await engines.finishAll();
    const outcomes = await Promise.all(reads);
    expect(outcomes.map((o) => (o.status === 'read' ? o.text : o.status))).toEqual(['read a', 'read b', 'read c', 'read d', 'read e']);
    expect(engines.maxRunning).toBe(2);
    await ocr.close();
  });

  it('drops images past the queue limit at once, with one log line per burst', async () => {
    const engines = new FakeEngines();
    const { ocr, lines } = pool(engines, { workers: 1, queueLimit: 2 });
    const reads = Array.from({ length: 8 }, (_, i) => ocr.read(image(String(i))));
    await tick();
    // One running, two waiting: five of eight dropped without waiting.
    const dropped = await Promise.all(reads.slice(3));
    expect(dropped.every((o) => o.status === 'dropped')).toBe(true);
    expect(lines.filter((l) => l.msg.includes('queue full'))).toHaveLength(1);
    expect(ocr.stats().dropped).toBe(5);
    await engines.finishAll();
    expect((await Promise.all(reads.slice(0, 3))).map((o) => o.status)).toEqual(['read', 'read', 'read']);
    await ocr.close();
  });

  it('stops idle workers and starts them again on the next image', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const engines = new FakeEngines();
    const { ocr } = pool(engines, { idleMs: 30 });
    const first = ocr.read(image('x'));
    await tick();
    await engines.finishAll();
    await first;
    await vi.advanceTimersByTimeAsync(20);
    expect(engines.terminated).toBe(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(engines.terminated).toBe(1);
    expect(ocr.stats().workers).toBe(0);
    const second = ocr.read(image('y'));
    await tick();
    expect(engines.started).toBe(2);
    await engines.finishAll();
    expect(await second).toMatchObject({ status: 'read', text: 'read y' });
    await ocr.close();
  });

  it('replaces a worker whose job runs too long, and reports a failed read', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const engines = new FakeEngines();
    const { ocr } = pool(engines, { workers: 1, jobTimeoutMs: 30 });
    const slow = ocr.read(image('slow'));
    await vi.advanceTimersByTimeAsync(30);
    expect(await slow).toEqual({ status: 'failed', reason: 'timed out' });
    await tick();
    expect(engines.terminated).toBe(1);
    engines.pending.length = 0;
    const next = ocr.read(image('next'));
    await tick();
    expect(engines.started).toBe(2);
    await engines.finishAll();
    expect(await next).toMatchObject({ status: 'read' });
    await ocr.close();
  });

  it('gives up on a worker that never finishes starting, and starts another for the next image', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const engines = new FakeEngines();
    engines.hangStart = true;
    const { ocr } = pool(engines, { workers: 1, jobTimeoutMs: 30 });
    const first = ocr.read(image('first'));
    await vi.advanceTimersByTimeAsync(30);
    expect(await first).toEqual({ status: 'failed', reason: 'timed out', notStarted: true });
    expect(ocr.stats()).toMatchObject({ workers: 0, busy: 0 });
    engines.hangStart = false;
    const next = ocr.read(image('next'));
    await tick();
    await engines.finishAll();
    expect(await next).toMatchObject({ status: 'read', text: 'read next' });
    await ocr.close();
    vi.useRealTimers();

    // Shut down while a worker hangs in its start: close() still returns.
    engines.hangStart = true;
    const { ocr: hanging } = pool(engines, { workers: 1, jobTimeoutMs: 60_000 });
    const waiting = hanging.read(image('x'));
    await tick();
    await hanging.close();
    expect(hanging.stats().workers).toBe(0);
    void waiting;
  });

  it('stops a worker that finishes starting only after the pool gave up on it: no thread is left running', async () => {
    vi.useFakeTimers();
    try {
      let finishStart!: (engine: OcrEngine) => void;
      let terminated = 0;
      const { logger } = collectingLogger();
      const startEngine = () => new Promise<OcrEngine>((resolve) => (finishStart = resolve));
      const ocr = new OcrPool({ workers: 1, queueLimit: 1, idleMs: 60_000, jobTimeoutMs: 30_000, logger, startEngine });
      const read = ocr.read(image('on a busy machine'));
      await vi.advanceTimersByTimeAsync(30_000);
      expect(await read).toEqual({ status: 'failed', reason: 'timed out', notStarted: true });
      // Long after the pool stopped waiting for it, the thread is up.
      await vi.advanceTimersByTimeAsync(60_000);
      finishStart({ recognize: async () => '', terminate: async () => void terminated++ });
      await vi.advanceTimersByTimeAsync(0);
      expect(terminated).toBe(1);
      await ocr.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a worker whose image failed, and answers failed when no worker can start', async () => {
    const engines = new FakeEngines();
    const { ocr } = pool(engines, { workers: 1 });
    const bad = ocr.read(image('corrupt'));
    await tick();
    engines.pending.shift()!.fail(new Error('Error attempting to read image.'));
    expect(await bad).toMatchObject({ status: 'failed' });
    const good = ocr.read(image('fine'));
    await tick();
    await engines.finishAll();
    expect(await good).toMatchObject({ status: 'read' });
    expect(engines.started).toBe(1);
    await ocr.close();

    const broken = new FakeEngines();
    broken.failStart = true;
    const { ocr: brokenPool, lines } = pool(broken);
    expect(await brokenPool.read(image('x'))).toEqual({ status: 'failed', reason: 'no model', notStarted: true });
    expect(await brokenPool.read(image('y'))).toEqual({ status: 'failed', reason: 'no model', notStarted: true });
    expect(brokenPool.stats().workers).toBe(0);
    // The operator hears of it once, at error level.
    expect(lines.filter((l) => l.level === 50 && l.msg.includes('could not start a screenshot reader'))).toHaveLength(1);
    await brokenPool.close();
  });

  it('replaces a worker whose thread died, and reports a failed read', async () => {
    const engines = new FakeEngines();
    const { ocr } = pool(engines, { workers: 1 });
    const lost = ocr.read(image('first'));
    await tick();
    engines.dead = true;
    engines.pending.shift()!.fail(new Error('the OCR thread stopped (exit code 1)'));
    expect(await lost).toEqual({ status: 'failed', reason: 'the OCR thread stopped (exit code 1)' });
    await tick();
    expect(engines.terminated).toBe(1);
    engines.dead = false;
    const next = ocr.read(image('second'));
    await tick();
    await engines.finishAll();
    expect(await next).toMatchObject({ status: 'read', text: 'read second' });
    expect(engines.started).toBe(2);
    await ocr.close();
  });

  it('answers waiting images as failed when closed, and stops its workers', async () => {
    const engines = new FakeEngines();
    const { ocr } = pool(engines, { workers: 1 });
    ocr.read(image('running'));
    const waiting = ocr.read(image('waiting'));
    await tick();
    await ocr.close();
    expect(await waiting).toMatchObject({ status: 'failed' });
    expect(engines.terminated).toBe(1);
    expect(await ocr.read(image('late'))).toMatchObject({ status: 'failed' });
  });
});
