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

  it('runs only the newest of the latest-only work waiting for its turn, and hands the callers it replaced its result', async () => {
    const queue = new KeyedQueue();
    const ran: string[] = [];
    const first = held();
    const answer = queue.run('m', async () => (await first.promise, ran.push('answer'), 'answer'));
    const edits = ['edit 1', 'edit 2', 'edit 3'].map((edit) => queue.runLatest('m', async () => (ran.push(edit), edit)));
    first.go();
    expect(await answer).toBe('answer');
    expect(await Promise.all(edits)).toEqual(['edit 3', 'edit 3', 'edit 3']);
    expect(ran).toEqual(['answer', 'edit 3']);
  });

  it('keeps latest-only work in its order with other work: what came after waits for it, and newer edits wait behind that', async () => {
    const queue = new KeyedQueue();
    const ran: string[] = [];
    const first = held();
    const answer = queue.run('m', () => first.promise.then(() => ran.push('answer')));
    const edit1 = queue.runLatest('m', async () => ran.push('edit 1'));
    const deletion = queue.run('m', async () => ran.push('delete'));
    const edit2 = queue.runLatest('m', async () => ran.push('edit 2'));
    first.go();
    await Promise.all([answer, edit1, deletion, edit2]);
    expect(ran).toEqual(['answer', 'edit 1', 'delete', 'edit 2']);
  });
});
