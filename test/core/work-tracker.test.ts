import { describe, expect, it } from 'vitest';
import { WorkTracker } from '../../src/core/work-tracker.js';

describe('work tracker', () => {
  it('lets work in flight finish, then refuses new work', async () => {
    const work = new WorkTracker();
    let done = false;
    expect(work.run(() => new Promise((r) => setTimeout(() => r((done = true)), 50)))).toBe(true);
    expect(work.size).toBe(1);
    expect(await work.drain(1000)).toBe(true);
    expect(done).toBe(true);
    expect(work.run(async () => undefined)).toBe(false);
  });

  it('gives up waiting after the timeout', async () => {
    const work = new WorkTracker();
    work.run(() => new Promise(() => undefined));
    expect(await work.drain(30)).toBe(false);
  });
});
