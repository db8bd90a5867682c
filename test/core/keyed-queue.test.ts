import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/core/keyed-queue.js';

const held = () => {
  let go!: () => void;
  const promise = new Promise<void>((resolve) => (go = resolve));
  return { promise, go };
};

describe('KeyedQueue', () => {
  it('runs the work of one key in the order it came, each after the one before has finished', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const first = held();
    const a = queue.run('m', async () => (await first.promise, order.push('first')));
    const b = queue.run('m', async () => order.push('second'));
    expect(queue.busy('m')).toBe(true);
    first.go();
    await Promise.all([a, b]);
    expect(order).toEqual(['first', 'second']);
  });

  it('runs the next work after one that failed, and hands each caller its own result', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('m', async () => {
      throw new Error('Discord said no');
    });
    const next = queue.run('m', async () => 'ran');
    await expect(failed).rejects.toThrow('Discord said no');
    expect(await next).toBe('ran');
  });

  it('does not hold one key behind another, and forgets a key once its work is done', async () => {
    const queue = new KeyedQueue();
    const slow = held();
    const a = queue.run('a', () => slow.promise);
    expect(await queue.run('b', async () => 'b first')).toBe('b first');
    slow.go();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.busy('a')).toBe(false);
    expect(queue.busy('b')).toBe(false);
  });
});
