import { describe, expect, it } from 'vitest';
import { withTurns } from '../../src/core/turns.js';

describe('withTurns', () => {
  it('yields every item in order', async () => {
    const seen: number[] = [];
    for await (const n of withTurns([1, 2, 3, 4, 5], 2)) seen.push(n);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets other work run every `every` items, and not before', async () => {
    let ranAt: number | undefined;
    const seen: number[] = [];
    setImmediate(() => (ranAt = seen.length));
    for await (const n of withTurns(Array.from({ length: 250 }, (_, i) => i), 100)) seen.push(n);
    // The other work waited for the first hundred items, then ran before the next one.
    expect(ranAt).toBe(100);
    expect(seen).toHaveLength(250);
  });
});
