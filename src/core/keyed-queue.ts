/**
 * Work run one after another per key (a message, a post), in the order it came, whatever became of
 * the work before it: an edit handled while the answer is still being sent waits for it, and a later
 * edit never finishes before an earlier one.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const done = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = done.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return done;
  }

  /** Whether work for this key is queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
