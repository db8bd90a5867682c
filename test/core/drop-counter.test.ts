import { afterEach, describe, expect, it, vi } from 'vitest';
import { DropCounter } from '../../src/core/drop-counter.js';

afterEach(() => vi.useRealTimers());

describe('DropCounter', () => {
  it('reports a burst once per interval, with how many were dropped since the last report', () => {
    let now = 0;
    const reports: number[] = [];
    const drops = new DropCounter((n) => reports.push(n), 10_000, () => now);
    drops.drop();
    drops.drop();
    drops.drop();
    now = 10_000;
    drops.drop();
    expect(reports).toEqual([1, 3]);
    expect(drops.total).toBe(4);
  });

  it('reports again after its interval when the wall clock was set back meanwhile (an NTP step)', () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const reports: number[] = [];
    const drops = new DropCounter((n) => reports.push(n), 10_000);
    drops.drop();
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(11_000);
    drops.drop();
    expect(reports).toEqual([1, 1]);
  });
});
