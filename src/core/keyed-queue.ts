/**
 * Work run one after another per key (a message, a post), in the order it came, whatever became of
 * the work before it: an edit handled while the answer is still being sent waits for it, and a later
 * edit never finishes before an earlier one.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Per key, latest-only work queued and not started yet: newer latest-only work takes its place. */
  private readonly waiting = new Map<string, { work: () => Promise<unknown>; done: Promise<unknown> }>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    // Latest-only work that comes after this waits behind it, not in the place of work queued before it.
    this.waiting.delete(key);
    return this.enqueue(key, work);
  }

  /**
   * Work of which only the newest matters (following a message's edits, each with its whole new text):
   * queued as `run` does, but while it waits for its turn, newer latest-only work for the key takes its
   * place, and the callers it replaced get that work's result. A burst of edits while one is being
   * applied makes one more request, not one each.
   */
  runLatest<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queued = this.waiting.get(key);
    if (queued) {
      queued.work = work;
      return queued.done as Promise<T>;
    }
    const slot = { work: work as () => Promise<unknown>, done: Promise.resolve() as Promise<unknown> };
    slot.done = this.enqueue(key, () => {
      if (this.waiting.get(key) === slot) this.waiting.delete(key);
      return slot.work();
    });
    this.waiting.set(key, slot);
    return slot.done as Promise<T>;
  }

  private enqueue<T>(key: string, work: () => Promise<T>): Promise<T> {
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
