import { describe, expect, it } from 'vitest';
import { PRUNE_BATCH_ROWS } from '../../src/storage/batches.js';
import { StatsRetention } from '../../src/storage/retention.js';
import { openStorage } from '../../src/storage/open.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';
import { BACKENDS, freshDatabaseUrl, rawDb, TEST_VOTE_SECRET, until } from './helpers.js';

const GUILD = '111111111111111111';
const DAY = 86_400_000;

// #15, item 14: misses (7 MB after 37,000 queries), counters and votes were never pruned.
describe.each(BACKENDS)('stats retention on %s', (backend) => {
  it('prunes at start and then on schedule, by its own clock, keeping the last N days', async () => {
    const storage = await openStorage(await freshDatabaseUrl(backend), DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET });
    const start = Date.parse('2026-11-25T12:00:00Z');
    let now = start;
    const at = (days: number) => new Date(start - days * DAY);
    for (let i = 0; i < 40; i++) await storage.recordMiss(GUILD, `distinct query ${i}`, at(i * 3));
    await storage.recordLookup(GUILD, 'auth:3', 'slash', at(100));
    await storage.recordVote(GUILD, 'member', 'auth:3', true, at(95));

    const { logger, lines } = collectingLogger();
    const retention = new StatsRetention({ storage, logger, days: 90, now: () => new Date(now), intervalMs: 50 });
    retention.start();
    await until(() => lines.some((l) => l.msg === 'old stats pruned'), 5000, 'the first pruning');
    const first = lines.find((l) => l.msg === 'old stats pruned') as unknown as Record<string, unknown>;
    expect(first).toMatchObject({ keptFrom: '2026-08-28', lookups: 1, misses: 10, votes: 1, retentionDays: 90 });
    expect((await storage.stats(GUILD, 365, new Date(now))).misses.length).toBe(10); // top 10 of the 30 kept

    // A month later, the next daily run deletes what has aged out since.
    now += 30 * DAY;
    await until(
      () => lines.some((l) => l.msg === 'old stats pruned' && (l as unknown as { keptFrom: string }).keptFrom === '2026-09-27'),
      5000,
      'the scheduled pruning',
    );
    await retention.stop();
    const second = lines.find((l) => l.msg === 'old stats pruned' && (l as unknown as { keptFrom: string }).keptFrom === '2026-09-27');
    expect(second).toMatchObject({ lookups: 0, misses: 10, votes: 0 });
    const left = await storage.prune(90, new Date(now));
    expect(left).toMatchObject({ lookups: 0, misses: 0, votes: 0 });
    await storage.close();
  });

  // Shutdown has 10 seconds, and waited for the whole pruning: the first one of stats an older version kept for ever too.
  it('stops pruning between batches when the bot stops, leaving the rest to the next pruning', async () => {
    const url = await freshDatabaseUrl(backend);
    const storage = await openStorage(url, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET });
    const db = rawDb(backend, url);
    const old = 3 * PRUNE_BATCH_ROWS;
    const rows = Array.from({ length: old }, (_, i) => ({ guild_id: GUILD, day: '2025-01-01', code: `code:${i}`, source: 'slash', count: 1 }));
    for (let i = 0; i < old; i += 500) await db.insertInto('lookups').values(rows.slice(i, i + 500)).execute();
    const count = async () => Number((await db.selectFrom('lookups').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    const { logger } = collectingLogger();
    const retention = new StatsRetention({ storage, logger, days: 90, now: () => new Date('2026-11-25T12:00:00Z') });
    retention.start();
    await retention.stop();
    const left = await count();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(old);
    expect(await storage.prune(90, new Date('2026-11-25T12:00:00Z'))).toMatchObject({ lookups: left });
    expect(await count()).toBe(0);
    await db.destroy();
    await storage.close();
  });
});

describe('stats retention', () => {
  it('logs a failed pruning and tries again at the next turn', async () => {
    const { logger, lines } = collectingLogger();
    let calls = 0;
    const storage = {
      prune: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database is locked');
        return { keptFrom: '2026-01-01', lookups: 0, misses: 0, votes: 0, forumPosts: 0 };
      },
    };
    const retention = new StatsRetention({ storage, logger, days: 90, intervalMs: 20 });
    retention.start();
    await until(() => calls >= 2, 2000, 'the second try');
    await retention.stop();
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual(['pruning old stats failed; trying again at the next turn']);
  });
});
