import { setImmediate } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';

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

/**
 * Deletes at most PRUNE_BATCH_ROWS rows of `table` that `where` selects, by their row's physical ID
 * (SQLite's rowid, PostgreSQL's ctid): PostgreSQL joined a batch's keys to the table by reading all
 * of it, each batch. How many.
 */
export async function deleteBatch<DB>(db: Kysely<DB>, kind: 'sqlite' | 'postgres', table: string, where: RawBuilder<unknown>): Promise<number> {
  const { numAffectedRows } = await (
    kind === 'postgres'
      ? sql`DELETE FROM ${sql.table(table)} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${sql.table(table)} WHERE ${where} LIMIT ${PRUNE_BATCH_ROWS}))`
      : sql`DELETE FROM ${sql.table(table)} WHERE rowid IN (SELECT rowid FROM ${sql.table(table)} WHERE ${where} LIMIT ${PRUNE_BATCH_ROWS})`
  ).execute(db);
  return Number(numAffectedRows ?? 0);
}
