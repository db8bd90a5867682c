import type { Logger } from '../logger.js';
import { errorText } from './errors.js';
import type { PruneResult, Storage } from './storage.js';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  storage: Pick<Storage, 'prune'>;
  logger: Logger;
  /** Misses, daily counters, votes and ended help-forum posts are kept this many days (STATS_RETENTION_DAYS). */
  days: number;
  /** The clock pruning counts days by (tests move it). */
  now?: () => Date;
  /** How often to prune after the first time, at start (default daily). */
  intervalMs?: number;
}

/**
 * Deletes stats older than the retention period: once at start, then daily. A failure is logged
 * and tried again at the next turn; pruning never holds up anything else.
 */
export class StatsRetention {
  private timer?: NodeJS.Timeout;
  private running?: Promise<PruneResult | undefined>;
  private stopped = false;
  /** Aborted at stop: a pruning in flight ends after its batch (shutdown has 10 seconds), the rest left to the next. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: RetentionOptions) {}

  /** Prunes now, then every interval (not once stopped: a database opened late may open as the bot stops). */
  start(): void {
    if (this.stopped) return;
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.options.intervalMs ?? DAY_MS);
    this.timer.unref();
  }

  /** One pruning (the one running, if any); resolves with what was deleted, or undefined if it failed. */
  prune(): Promise<PruneResult | undefined> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearInterval(this.timer);
    await this.running;
  }

  private async run(): Promise<PruneResult | undefined> {
    const { storage, logger, days } = this.options;
    try {
      const result = await storage.prune(days, (this.options.now ?? (() => new Date()))(), this.stopping.signal);
      const deleted = result.lookups + result.misses + result.votes + result.forumPosts;
      logger[deleted > 0 ? 'info' : 'debug']({ retentionDays: days, ...result }, 'old stats pruned');
      return result;
    } catch (error) {
      logger.warn({ retentionDays: days, error: errorText(error) }, 'pruning old stats failed; trying again at the next turn');
      return undefined;
    }
  }
}
