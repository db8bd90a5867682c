import { setImmediate } from 'node:timers/promises';

/**
 * Old rows are deleted this many at a time, with a turn for the event loop between: SQLite's driver
 * runs on it, and the first pruning of stats an older version kept for ever must not hold every
 * answer (nor the write lock, nor PostgreSQL's locks and statement timeout) for the whole table.
 */
export const PRUNE_BATCH_ROWS = 1_000;

/**
 * Runs `deleteBatch` (deleting at most PRUNE_BATCH_ROWS rows, and saying how many) until it deletes
 * fewer, or `signal` aborts (the bot stopping: the rest is left to the next pruning); the total.
 */
export async function deleteInBatches(deleteBatch: () => Promise<number>, signal?: AbortSignal): Promise<number> {
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < PRUNE_BATCH_ROWS) break;
    await setImmediate();
  }
  return total;
}
