import { DropCounter } from '../core/drop-counter.js';
import type { Logger } from '../logger.js';

/** While a shard cannot reconnect, its warning comes at most this often. */
const REPEAT_MS = 60_000;

/**
 * The warning that a gateway connection is lost: the client tries again about twice a second while
 * Discord cannot be reached, so the first try of an outage is logged at once, then at most once a
 * minute with how many tries there were since (each try at debug level). Per shard; a shard that is
 * connected again starts afresh.
 */
export class ReconnectWarnings {
  private readonly shards = new Map<number, DropCounter>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Returns whether this try is the first of an outage: a connection lost, not one more try to get it back. */
  reconnecting(shardId: number): boolean {
    this.logger.debug({ shardId }, 'gateway reconnecting');
    let counter = this.shards.get(shardId);
    const lost = !counter;
    if (!counter) {
      counter = new DropCounter((reconnects) => this.logger.warn({ shardId, reconnects }, 'gateway connection lost, reconnecting'), REPEAT_MS, this.now);
      this.shards.set(shardId, counter);
    }
    counter.drop();
    return lost;
  }

  connected(shardId: number): void {
    this.shards.delete(shardId);
  }
}
