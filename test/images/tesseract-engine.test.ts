import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { startTesseractEngine, watchThread } from '../../src/images/tesseract-engine.js';
import { tinyPng } from '../answers/fakes.js';
import { upscalerProcesses as upscalers } from '../helpers.js';

const OCR_THREAD = fileURLToPath(new URL('../../src/images/ocr-thread.cjs', import.meta.url));
const UPSCALE_PROCESS = fileURLToPath(new URL('../../src/images/upscale-process.cjs', import.meta.url));

/** What a thread ended with: its exit code, and whether it raised an 'error' event in this thread. */
function ending(thread: Worker): Promise<{ code: number; errored: boolean }> {
  let errored = false;
  thread.on('error', () => (errored = true));
  return new Promise((resolve) => thread.on('exit', (code) => resolve({ code, errored })));
}

describe('the OCR thread dying', () => {
  it('ends only its own thread on a job it cannot run: an exit, no error thrown into the bot', async () => {
    const thread = new Worker(OCR_THREAD);
    const ended = ending(thread);
    thread.postMessage({ workerId: 'w', jobId: 'j', action: 'no-such-action', payload: {} });
    expect(await ended).toEqual({ code: 1, errored: false });
  });

  it('fails the jobs under way and marks the engine dead, whether the thread errs or exits', async () => {
    const erring = new Worker('process.nextTick(() => { throw new Error("boom") }); setInterval(() => {}, 1000);', { eval: true });
    const watch = watchThread(erring);
    const job = watch.during(new Promise<string>(() => undefined));
    await expect(job).rejects.toThrow('the OCR thread failed: boom');
    expect(watch.alive()).toBe(false);
    await expect(watch.during(Promise.resolve('late'))).rejects.toThrow('the OCR thread failed');

    const exiting = new Worker('setTimeout(() => process.exit(3), 50)', { eval: true });
    const exitWatch = watchThread(exiting);
    await expect(exitWatch.during(new Promise<string>(() => undefined))).rejects.toThrow('the OCR thread stopped (exit code 3)');

    // Stopped on purpose: not a death.
    const stopped = new Worker('setInterval(() => {}, 1000)', { eval: true });
    const stopWatch = watchThread(stopped);
    stopWatch.stopping();
    await stopped.terminate();
    expect(stopWatch.alive()).toBe(true);
  });
});

/** A process's state letter from /proc (Linux, as CI): 'Z' for a zombie, 'gone' once it has been reaped. */
async function stateOf(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat ? stat.split(') ')[1]!.split(' ')[0]! : 'gone';
}


describe('stopping an OCR worker', () => {
  it('ends its upscaling process first, so that none is left behind as a zombie', async () => {
    const engine = await startTesseractEngine({ plan: () => ({ upscale: 2 }) });
    const before = await upscalers();
    await engine.recognize(await tinyPng());
    const started = (await upscalers()).filter((pid) => !before.includes(pid));
    expect(started).toHaveLength(1);
    await engine.terminate();
    await vi.waitFor(async () => expect(await stateOf(started[0]!)).toBe('gone'), { timeout: 10_000, interval: 50 });
  }, 30_000);
});

describe('the upscaling process', () => {
  it('prints nothing and exits quietly when its thread is gone before it answers', async () => {
    const child = fork(UPSCALE_PROCESS, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const png = await tinyPng();
    await new Promise((resolve) => {
      child.once('message', resolve);
      child.send({ id: 0, bytes: png, factor: 2 });
    });
    // Held still while a request arrives and its thread goes: the answer (at once here, there is no
    // image in it) is ready before it reads that the thread is gone, and has nowhere to go.
    child.kill('SIGSTOP');
    await new Promise((resolve) => child.send({ id: 1, factor: 2 }, resolve));
    child.disconnect();
    child.kill('SIGCONT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
