/**
 * The database failing under a running bot (#15, items 1–4), against real servers: a PostgreSQL of
 * the test's own that is stopped, restarted and frozen (SIGSTOP), and a SQLite file another
 * connection holds the write lock of.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { StorageUnavailableError } from '../../src/storage/errors.js';
import { MIGRATION_NAMES } from '../../src/storage/migrations.js';
import { GuildData, StatsRecorder } from '../../src/storage/guild-data.js';
import { openStorage, type OpenStorageOptions } from '../../src/storage/open.js';
import { SQLITE_BUSY_TIMEOUT_MS, type KyselyStorage } from '../../src/storage/storage.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';
import { BACKENDS, freshDatabaseUrl, TEST_VOTE_SECRET, until } from './helpers.js';
import { PostgresCluster } from './pg-cluster.js';

const GUILD = '111111111111111111';
const UNKNOWN = '999999999999999999';

/** Quick deadlines and probes, so the test does not wait for the production ones. */
const QUICK: OpenStorageOptions = { voteSecret: TEST_VOTE_SECRET, probeIntervalMs: 100, deadlines: { read: 1000, write: 1000, batch: 1000, probe: 500 } };

/** How `work` ended. Whether it waited is not measured: a read or change that waited for a server that does not answer would not end at all (the test's own time limit). */
async function settled<T>(work: Promise<T>): Promise<PromiseSettledResult<T>> {
  const [result] = await Promise.allSettled([work]);
  return result!;
}

/**
 * Has the server close the bot's connections to the database at `url` (as a restart or a failover does); how many.
 * `then` runs as soon as the server was told, before this connection ends.
 */
async function closeBotConnections(url: string, then?: () => unknown): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'spotify-error-bot' AND pid <> pg_backend_pid()",
    );
    then?.();
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

const messages = (lines: Array<{ msg: string }>, start: string) => lines.filter((l) => l.msg.startsWith(start));

describe('PostgreSQL failing under the bot', { timeout: 30_000 }, () => {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await PostgresCluster.create();
  }, 60_000);
  afterAll(() => cluster?.destroy());

  // Item 1: a stopped server killed the process (an idle pool connection's 'error' event).
  it('survives the server stopping and restarting: logged once each way, answered from memory, reconnected', async () => {
    const url = await cluster!.createDatabase();
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    let now = 0;
    const data = new GuildData(storage, { now: () => now });
    await data.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true, compact: false }));
    await data.addPhrase(GUILD, 'purple spinner of doom', 'auth:3', 'mod');
    // Several idle connections in the pool when the server goes.
    await Promise.all(Array.from({ length: 5 }, () => storage.getSettings(GUILD)));

    cluster!.stop('fast');
    await until(() => messages(lines, 'storage unavailable').length > 0, 10_000, 'the outage to be logged');
    now += 31_000;
    const read = await settled(Promise.all([data.settings(GUILD), data.phrases(GUILD), data.settings(UNKNOWN)]));
    expect(read).toMatchObject({
      status: 'fulfilled',
      value: [expect.objectContaining({ autoReplies: true, compact: false }), [{ phrase: 'purple spinner of doom', code: 'auth:3' }], DEFAULT_SETTINGS],
    });
    await expect(data.updateSettings(GUILD, (s) => ({ ...s, symptomMode: true }))).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.stats(GUILD, 7)).rejects.toBeInstanceOf(StorageUnavailableError);

    cluster!.start();
    await until(() => messages(lines, 'storage available again').length > 0, 10_000, 'the recovery to be logged');
    expect((await data.updateSettings(GUILD, (s) => ({ ...s, screenshots: false }))).screenshots).toBe(false);
    now += 31_000;
    expect(await data.settings(GUILD)).toMatchObject({ autoReplies: true, symptomMode: false, screenshots: false });
    expect(messages(lines, 'storage unavailable')).toHaveLength(1);
    expect(messages(lines, 'storage available again')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('not-the-real-password');
    await storage.close();
  });

  it('opens a server that was down at start once it answers: nothing reaches the database before the migrations', async () => {
    const url = await cluster!.createDatabase();
    const { logger, lines } = collectingLogger();
    cluster!.stop('fast');
    let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
    try {
      storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
      expect(storage.status.available).toBe(false);
      expect(messages(lines, 'storage unavailable')).toHaveLength(1);
      const data = new GuildData(storage);
      expect(await data.settings(GUILD)).toEqual(DEFAULT_SETTINGS);
      await expect(data.updateSettings(GUILD, (s) => ({ ...s, symptomMode: true }))).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage.writeStats({ lookups: [{ guildId: GUILD, day: '2026-11-25', code: 'auth:3', source: 'slash', count: 1 }], misses: [], votes: [] })).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
    } finally {
      cluster!.start();
    }
    await storage!.opened;
    await until(() => storage!.status.available, 10_000, 'the outage to end');
    expect((await storage!.updateSettings(GUILD, (s) => ({ ...s, symptomMode: true }))).symptomMode).toBe(true);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ count: string }>('SELECT count(*) FROM spotify_bot_migrations');
    const lookups = await admin.query('SELECT * FROM lookups');
    await admin.end();
    expect(Number(rows[0]!.count)).toBe(MIGRATION_NAMES.length);
    // The batch refused before the migrations was never written.
    expect(lookups.rows).toEqual([]);
    expect(messages(lines, 'storage available again')).toHaveLength(1);
    await storage!.close();
  });

  // Item 1: the same 'error' event when the server (or a failover, or a proxy) closes one connection.
  it('survives its connections being closed while the server stays up: logged, not an outage', async () => {
    const url = await cluster!.createDatabase();
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    await Promise.all(Array.from({ length: 3 }, () => storage.getSettings(GUILD)));
    expect(await closeBotConnections(url)).toBeGreaterThan(0);
    await until(() => messages(lines, 'database connection lost').length > 0, 5000, 'the lost connection to be logged');
    expect((await storage.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).compact).toBe(false);
    expect(storage.status.available).toBe(true);
    expect(messages(lines, 'database connection lost')).toHaveLength(1);
    expect(messages(lines, 'storage unavailable')).toHaveLength(0);
    await storage.close();
  });

  // A change made just after a restart or failover took a pooled connection the server had closed while it sat idle.
  it('carries out a change made the moment the server closed its idle connections: not an outage', async () => {
    const url = await cluster!.createDatabase();
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    await Promise.all(Array.from({ length: 3 }, () => storage.getSettings(GUILD)));
    // The change is sent at once, while the server is still closing the connections it takes from the pool.
    let changed: ReturnType<typeof storage.updateSettings> | undefined;
    expect(await closeBotConnections(url, () => (changed = storage.updateSettings(GUILD, (s) => ({ ...s, compact: false }))))).toBeGreaterThan(0);
    expect((await changed!).compact).toBe(false);
    expect(storage.status.available).toBe(true);
    expect(messages(lines, 'storage unavailable')).toHaveLength(0);
    await storage.close();
  });

  // Item 3: with the server hung, nothing ever answered (no connection or query timeout).
  it('does not wait for a hung server: reads answer from memory, changes fail within the deadline, nothing half done', async () => {
    const url = await cluster!.createDatabase();
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    let now = 0;
    const data = new GuildData(storage, { now: () => now });
    await data.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true }));
    await data.phrases(GUILD);
    now += 31_000;

    cluster!.pause();
    try {
      const read = await settled(data.settings(GUILD));
      expect(read).toMatchObject({ status: 'fulfilled', value: expect.objectContaining({ autoReplies: true }) });
      expect(await data.phrases(GUILD)).toEqual([]);
      const change = await settled(data.updateSettings(GUILD, (s) => ({ ...s, compact: false })));
      expect(change).toMatchObject({ status: 'rejected', reason: expect.any(StorageUnavailableError) });
      const list = await settled(data.listPhrases(GUILD));
      expect(list.status).toBe('rejected');
      expect(messages(lines, 'storage unavailable')).toHaveLength(1);
    } finally {
      cluster!.resume();
    }
    await until(() => messages(lines, 'storage available again').length > 0, 10_000, 'the recovery to be logged');
    // The change that timed out was rolled back with its connection.
    expect((await storage.getSettings(GUILD)).compact).toBe(true);
    expect((await data.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).compact).toBe(false);
    expect(messages(lines, 'storage unavailable')).toHaveLength(1);
    await storage.close();
  });

  // Item 4 on PostgreSQL: stats wait in memory while the server is hung, then are written.
  it('keeps stats and votes in memory while the server is hung, and writes them when it answers', async () => {
    const url = await cluster!.createDatabase();
    const { logger } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    const stats = new StatsRecorder(storage, logger, { flushIntervalMs: 50, backoffMs: 50, maxBackoffMs: 200, voteWaitMs: 300 });
    await storage.recordLookup(GUILD, 'auth:3', 'slash');
    cluster!.pause();
    try {
      for (let i = 0; i < 100; i++) stats.record(GUILD, [{ kind: 'lookup', code: 'auth:3', source: 'slash' }]);
      expect(await stats.vote({ guildId: GUILD, userId: 'member', code: 'auth:3', helpful: true })).toBe('pending');
      await until(() => stats.counts().failures >= 1, 5000, 'a failed write');
      // Ends with the server still hung: what it could not write stays in memory.
      expect(await settled(stats.flush())).toMatchObject({ status: 'fulfilled' });
      expect(stats.counts()).toMatchObject({ pending: 101, written: 0, dropped: 0 });
    } finally {
      cluster!.resume();
    }
    await until(() => stats.counts().pending === 0, 15_000, 'the stats to be written');
    expect(stats.counts()).toMatchObject({ written: 101, dropped: 0 });
    const week = await storage.stats(GUILD, 1);
    expect(week.lookups).toEqual([{ code: 'auth:3', count: 101 }]);
    expect(week.helpfulness).toEqual([{ code: 'auth:3', helped: 1, notHelped: 0 }]);
    await stats.close();
    await storage.close();
  });
});

describe('SQLite locked by another connection', { timeout: 30_000 }, () => {
  // Item 4: each stats write waited up to 5 s, synchronously, on the main thread.
  it('never holds up the event loop: stats wait in memory, changes answer within the deadline, reads go on', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    const data = new GuildData(storage);
    const stats = new StatsRecorder(storage, logger, { flushIntervalMs: 50, backoffMs: 50, maxBackoffMs: 200, voteWaitMs: 300 });
    await data.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true }));

    const locker = new SQLite(url.replace(/^file:/, ''));
    locker.exec('BEGIN IMMEDIATE');
    locker.prepare("INSERT INTO misses (guild_id, day, query, count) VALUES ('other', '2026-01-01', 'held', 1)").run();
    try {
      for (let i = 0; i < 200; i++) {
        stats.record(GUILD, [
          { kind: 'lookup', code: 'auth:3', source: 'auto' },
          { kind: 'miss', query: `nothing like ${i % 20}` },
        ]);
      }
      expect(await stats.vote({ guildId: GUILD, userId: 'member', code: 'auth:3', helpful: false })).toBe('pending');
      await until(() => stats.counts().failures >= 3, 5000, 'failed writes');
      const change = await settled(data.updateSettings(GUILD, (s) => ({ ...s, compact: false })));
      expect(change).toMatchObject({ status: 'rejected', reason: expect.any(StorageUnavailableError) });
      expect((await data.settings(GUILD)).autoReplies).toBe(true);
      expect(await storage.getSettings(GUILD)).toMatchObject({ autoReplies: true, compact: true });
      // A lock held elsewhere holds the event loop (SQLite waits on its thread) for one short try per write; it was 5 s each.
      const [{ timeout }] = (await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(storage.db)).rows as [{ timeout: number }];
      expect(timeout).toBe(SQLITE_BUSY_TIMEOUT_MS);
      expect(SQLITE_BUSY_TIMEOUT_MS).toBeLessThanOrEqual(100);
      expect(stats.counts()).toMatchObject({ pending: 401, written: 0 });
      expect(messages(lines, 'stats write failed')).toHaveLength(1);
      // Write contention is not an outage: reads were never given up on.
      expect(messages(lines, 'storage unavailable')).toHaveLength(0);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await until(() => stats.counts().pending === 0, 5000, 'the stats to be written');
    const day = await storage.stats(GUILD, 1);
    expect(day.lookups).toEqual([{ code: 'auth:3', count: 200 }]);
    expect(day.misses).toHaveLength(10);
    expect(day.helpfulness).toEqual([{ code: 'auth:3', helped: 0, notHelped: 1 }]);
    expect((await data.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).compact).toBe(false);
    await stats.close();
    await storage.close();
  });
  // A clock stepped back (NTP) during a change held it for the length of the step: the retries' deadline was wall clock.
  it('gives up on a change within its window when the wall clock is set back meanwhile, not once the clock has made up the step', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const storage = await openStorage(url, DEFAULT_SETTINGS, QUICK);
    await storage.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true }));
    const locker = new SQLite(url.replace(/^file:/, ''));
    locker.exec('BEGIN IMMEDIATE');
    const wallClock = Date.now.bind(Date);
    let reads = 0;
    // The first reading is the change's start; every later one is an hour behind, as after an NTP step back.
    const stepped = vi.spyOn(Date, 'now').mockImplementation(() => wallClock() - (reads++ > 0 ? 60 * 60_000 : 0));
    try {
      const change = settled(storage.updateSettings(GUILD, (s) => ({ ...s, compact: false })));
      const outcome = await Promise.race([change, new Promise((resolve) => setTimeout(() => resolve('still retrying'), 5000))]);
      expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(StorageUnavailableError) });
    } finally {
      stepped.mockRestore();
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(await storage.getSettings(GUILD)).toMatchObject({ autoReplies: true, compact: true });
    await storage.close();
  });
});

/**
 * Read-only: a PostgreSQL failover leaving the URL on a read-only node, an SQLite file on a read-only
 * remount. Every write failed and opened an outage, a probe that only read ended it, and the next
 * write opened it again: "unavailable" / "available again" over and over.
 */
describe.each(BACKENDS)('a database on %s that answers reads but refuses writes', { timeout: 30_000 }, (backend) => {
  /** Makes the bot's database refuse writes (true) or take them again (false). */
  async function readOnly(storage: KyselyStorage, url: string, on: boolean): Promise<void> {
    if (backend === 'sqlite') {
      await sql`PRAGMA query_only = ${sql.raw(on ? 'ON' : 'OFF')}`.execute(storage.db);
      return;
    }
    const name = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
      // Connections made before keep the old setting.
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'spotify-error-bot'", [name]);
    } finally {
      await admin.end();
    }
  }

  it('stays in one outage until a write succeeds, told once, however often writes fail or reads succeed', async () => {
    const url = await freshDatabaseUrl(backend);
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, logger });
    await storage.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true }));
    const heard: boolean[] = [];
    storage.status.onChange((available) => heard.push(available));

    await readOnly(storage, url, true);
    for (let i = 0; i < 3; i++) {
      await expect(storage.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).rejects.toBeInstanceOf(StorageUnavailableError);
      const failures = storage.status.snapshot().failures;
      await until(() => storage.status.available || storage.status.snapshot().failures > failures, 5000, 'the next probe');
      expect(storage.status.available).toBe(false);
    }
    // A read answers, and does not end an outage that a write opened.
    expect((await storage.getSettings(GUILD)).autoReplies).toBe(true);
    expect(storage.status.available).toBe(false);
    expect(heard).toEqual([false]);

    await readOnly(storage, url, false);
    await until(() => storage.status.available, 10_000, 'the outage to end');
    expect((await storage.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).compact).toBe(false);
    expect(heard).toEqual([false, true]);
    expect(messages(lines, 'storage unavailable')).toHaveLength(1);
    expect(messages(lines, 'storage available again')).toHaveLength(1);
    await storage.close();
  });

  // The help forums' sweep reads its posts within the maintenance deadline: that read ended the outage at each sweep.
  it('is not ended by the help forums\' sweep reading their posts: that is no write', async () => {
    const url = await freshDatabaseUrl(backend);
    const { logger, lines } = collectingLogger();
    const storage = await openStorage(url, DEFAULT_SETTINGS, { ...QUICK, probeIntervalMs: 60_000, logger });
    await readOnly(storage, url, true);
    await expect(storage.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(storage.status.available).toBe(false);
    expect(await storage.forumPosts.idlePosts([GUILD], Date.now())).toEqual([]);
    expect(storage.status.available).toBe(false);
    expect(messages(lines, 'storage available again')).toHaveLength(0);
    await readOnly(storage, url, false);
    await storage.close();
  });
});
