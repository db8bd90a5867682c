/**
 * Counts work turned away under load, and reports it at most once per interval with how many were
 * dropped since the last report: one line per burst, never one per drop.
 */
export class DropCounter {
  total = 0;
  private sinceReport = 0;
  private lastReport = -Infinity;

  constructor(
    private readonly report: (droppedSinceLastReport: number) => void,
    private readonly intervalMs = 10_000,
    // Monotonic: a wall clock set back would silence the report for the step.
    private readonly now: () => number = () => performance.now(),
  ) {}

  drop(): void {
    this.total += 1;
    this.sinceReport += 1;
    const now = this.now();
    if (now - this.lastReport < this.intervalMs) return;
    this.report(this.sinceReport);
    this.lastReport = now;
    this.sinceReport = 0;
  }
}
