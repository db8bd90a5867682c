/** Work in flight (event handlers), so shutdown can let it finish before closing. */
export class WorkTracker {
  private readonly pending = new Set<Promise<unknown>>();
  private closing = false;

  get size(): number {
    return this.pending.size;
  }

  /** Runs `task` unless shutting down; returns false when it was refused. */
  run(task: () => Promise<unknown>): boolean {
    if (this.closing) return false;
    const promise = task().finally(() => this.pending.delete(promise));
    this.pending.add(promise);
    return true;
  }

  /** Stops taking work and waits for what is in flight, at most `timeoutMs`. Resolves true if all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const settled = Promise.allSettled([...this.pending]).then(() => true);
    const finished = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return finished;
  }
}
