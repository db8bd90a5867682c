import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteBatch, deleteInBatches, PRUNE_BATCH_ROWS } from '../../src/storage/batches.js';
import { BACKENDS, freshDatabaseUrl, rawDb, type AnyTables } from './helpers.js';
import type { Kysely } from 'kysely';

describe('deleteInBatches', () => {
  it('deletes batch after batch until one deletes fewer than a whole batch, and says how many in all', async () => {
    const left = [PRUNE_BATCH_ROWS, PRUNE_BATCH_ROWS, 7, 0];
    let batches = 0;
    const total = await deleteInBatches(async () => {
      batches++;
      return left.shift()!;
    });
    expect(total).toBe(2 * PRUNE_BATCH_ROWS + 7);
    expect(batches).toBe(3);
  });

  it('stops between batches once the signal aborts, leaving the rest', async () => {
    const stopping = new AbortController();
    let batches = 0;
    const total = await deleteInBatches(async () => {
      if (++batches === 2) stopping.abort();
      return PRUNE_BATCH_ROWS;
    }, stopping.signal);
    expect(batches).toBe(2);
    expect(total).toBe(2 * PRUNE_BATCH_ROWS);
  });
});

describe.each(BACKENDS)('deleteBatch (%s)', (backend) => {
  const dbs: Array<Kysely<AnyTables>> = [];
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
  });

  it('deletes at most a batch of the rows the condition selects, and no other', async () => {
    const db = rawDb(backend, await freshDatabaseUrl(backend));
    dbs.push(db);
    await sql`CREATE TABLE stats (day TEXT NOT NULL, n INTEGER NOT NULL)`.execute(db);
    const rows = (day: string, count: number) => Array.from({ length: count }, (_, n) => ({ day, n }));
    for (const chunk of [rows('2026-01-01', 800), rows('2026-01-02', 700), rows('2026-03-01', 50)]) {
      await db.insertInto('stats').values(chunk).execute();
    }
    const old = sql`day < ${'2026-02-01'}`;
    expect(await deleteBatch(db, backend, 'stats', old)).toBe(PRUNE_BATCH_ROWS);
    expect(await deleteBatch(db, backend, 'stats', old)).toBe(500);
    expect(await deleteBatch(db, backend, 'stats', old)).toBe(0);
    const left = await db.selectFrom('stats').select(['day']).execute();
    expect(left).toHaveLength(50);
    expect(new Set(left.map((r) => r.day))).toEqual(new Set(['2026-03-01']));
  });
});
