import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, sql } from 'kysely';
import { INVISIBLE_CHARACTERS, phraseStoreKey, unspacedCharacters } from '../core/text.js';
import { DEFAULT_SETTINGS, parseStoredSettings, type GuildSettings } from '../settings/schema.js';
import { deleteBatch, deleteInBatches } from './batches.js';
import { KyselyForumPosts, type ForumPostsTable } from './forum-posts.js';
import { isBusy, isUnavailable, StorageStartError, StorageUnavailableError } from './errors.js';
import { withDeadline } from './postgres-pool.js';
import type { Database } from './schema.js';
import { StorageStatus, type OperationAccess } from './status.js';
import { resolveVoteSecret, voterKey } from './vote-secret.js';

export const LOOKUP_SOURCES = ['slash', 'autocomplete', 'context', 'auto', 'mention', 'screenshot', 'forum'] as const;
export type LookupSource = (typeof LOOKUP_SOURCES)[number];

/**
 * A shared-message group answer (the firewall seven) is counted once, under the message its entries
 * share: the prefix keeps it apart from entry codes in the lookups' code column.
 */
const GROUP_KEY_PREFIX = 'group: ';
export const groupLookupKey = (message: string): string => `${GROUP_KEY_PREFIX}${message}`;
/** The shared message a lookup key names, or undefined for an entry's code. */
export const groupOfLookupKey = (code: string): string | undefined => (code.startsWith(GROUP_KEY_PREFIX) ? code.slice(GROUP_KEY_PREFIX.length) : undefined);

/**
 * A phrase's words need `minLength` characters, or `minUnspaced` of a script written without spaces
 * (two Chinese characters are a word: "黑屏", black screen).
 */
export const PHRASE_LIMITS = { perGuild: 100, minLength: 3, minUnspaced: 2, maxLength: 100 } as const;
export const MISS_QUERY_LENGTH = 100;
/** Misses, daily counters and votes older than this many days are deleted (STATS_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;
/** The operation writing stats (the StatsRecorder's batches), as the status is told of its failures. */
export const WRITE_STATS = 'write stats';

export interface Phrase {
  phrase: string;
  code: string;
  createdBy: string;
  createdAt: string;
}

export type AddPhraseResult = { ok: true; phrase: Phrase } | { ok: false; reason: 'duplicate' | 'limit' | 'length' };
export type VoteResult = 'recorded' | 'changed' | 'unchanged';

export interface Stats {
  days: number;
  lookups: Array<{ code: string; count: number }>;
  bySource: Record<string, number>;
  misses: Array<{ query: string; count: number }>;
  helpfulness: Array<{ code: string; helped: number; notHelped: number }>;
}

/** Stats collected in memory, written in one transaction. Counts are added to what is stored. */
export interface StatsBatch {
  lookups: Array<{ guildId: string; day: string; code: string; source: LookupSource; count: number }>;
  misses: Array<{ guildId: string; day: string; query: string; count: number }>;
  /** Written in order; the member ID is hashed with the vote secret and never stored. */
  votes: Array<{ guildId: string; day: string; userId: string; code: string; helpful: boolean }>;
}

export interface PruneResult {
  /** The first day kept. */
  keptFrom: string;
  lookups: number;
  misses: number;
  votes: number;
  /** Help-forum posts solved or closed before the first day kept. */
  forumPosts: number;
}

/** Settings, phrases and stats for every server: one interface, SQLite or PostgreSQL behind it. */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Whether the database is answering; outages are logged once, and probed until they end. */
  readonly status: StorageStatus;
  /** Resolves once the database is open and migrated: at once, unless it did not answer at start. */
  readonly opened: Promise<void>;
  /** False only while a database that did not answer at start is not open yet (every operation is refused). */
  readonly isOpen: boolean;
  getSettings(guildId: string): Promise<GuildSettings>;
  updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings>;
  listPhrases(guildId: string): Promise<Phrase[]>;
  addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult>;
  /** The phrase as it was stored, with its error; undefined when the server has no such phrase. */
  removePhrase(guildId: string, phrase: string): Promise<Phrase | undefined>;
  recordLookup(guildId: string, code: string, source: LookupSource, at?: Date): Promise<void>;
  recordMiss(guildId: string, query: string, at?: Date): Promise<void>;
  /** One vote per member per entry per day: a new one the same day replaces it. */
  recordVote(guildId: string, userId: string, code: string, helpful: boolean, at?: Date): Promise<VoteResult>;
  /** Writes a batch of stats in one transaction; the votes' results in order. */
  writeStats(batch: StatsBatch): Promise<VoteResult[]>;
  stats(guildId: string, days: number, now?: Date): Promise<Stats>;
  /** Deletes misses, daily counters and votes older than the last `keepDays` days; stops between batches once `signal` aborts. */
  prune(keepDays: number, now?: Date, signal?: AbortSignal): Promise<PruneResult>;
  /** Help-forum posts: their timers and what became of them. */
  readonly forumPosts: KyselyForumPosts;
  close(): Promise<void>;
}

/** The UTC day stats are counted under. */
export const statsDay = (at: Date) => at.toISOString().slice(0, 10);

/** The first day of the window "last N days", counting today. */
export function firstDayOf(days: number, now: Date): string {
  return statsDay(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/** Discord's mentions of members, roles and channels: a stored miss names no one (`<@123>`, `<@!123>`, `<@&123>`, `<#123>`). */
const DISCORD_MENTIONS = /<(?:@[!&]?|#)\d{1,20}>/g;
/**
 * Member text as the database keeps it: spaces collapsed, and without what a database must never be
 * given: control characters (PostgreSQL refuses NUL, and a refused write fails the whole stats batch
 * it is in) and halves of surrogate pairs (not UTF-8).
 */
export function storableText(text: string): string {
  // A space, not nothing (invisible characters too): words on either side stay apart, so a phrase's key is the one its text had.
  return text.replace(INVISIBLE_CHARACTERS, ' ').replace(/[\p{Cc}\p{Cs}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** A miss as stored: no one's mention, spaces collapsed, at most 100 characters (a pair of surrogates kept whole); empty is not stored. */
export function normalizeMissQuery(query: string): string {
  const text = storableText(query.replace(DISCORD_MENTIONS, ' '));
  return storableText(text.slice(0, MISS_QUERY_LENGTH));
}

/**
 * How long each kind of operation may take before it counts as the database not answering. On
 * PostgreSQL the operation's connection is then closed (an unfinished transaction is rolled back);
 * on SQLite, a locked database is retried with backoff until then (each try waits at most
 * SQLITE_BUSY_TIMEOUT_MS). Reads on the answer path are not waited for this long: GuildData answers
 * from memory after a few hundred milliseconds.
 */
export const DEADLINES = {
  read: 2_000,
  /** Moderator changes: short enough to answer within Discord's three seconds without a deferral. */
  write: 1_500,
  /** Stats batches: one try; the recorder retries with backoff. */
  batch: 5_000,
  /** The stats command (deferred). */
  report: 5_000,
  maintenance: 60_000,
  /** Reads of many rows in the background (the help forums' sweep): as long as maintenance, but no write. */
  scan: 60_000,
  probe: 1_500,
} as const;
export type OperationKind = keyof typeof DEADLINES;

/** Each try on a locked SQLite file blocks the thread at most this long (then retried asynchronously). */
export const SQLITE_BUSY_TIMEOUT_MS = 50;
/** How long a locked SQLite file is retried within one operation (each try blocks at most the busy timeout). */
const SQLITE_RETRY_WINDOW_MS = 1_500;
/** At start nothing else runs yet: a lock held briefly by another process is waited for. */
export const SQLITE_STARTUP_BUSY_TIMEOUT_MS = 3_000;

export interface StorageOptions {
  status?: StorageStatus;
  /** The key votes are hashed with (see vote-secret.ts). */
  voteSecret?: string;
  deadlines?: Partial<Record<OperationKind, number>>;
  /**
   * The database could not be opened at start (PostgreSQL not answering): this connects and
   * migrates it. The outage probe runs it first until it succeeds, and until then every operation
   * is refused as unavailable, so nothing reads or writes a database that was not migrated. It
   * rejects with a StorageUnavailableError while the database does not answer, and with a
   * StorageStartError when it answers and cannot be used (then `opened` rejects with that).
   */
  openLater?: () => Promise<void>;
}

export class KyselyStorage implements Storage {
  readonly forumPosts: KyselyForumPosts;
  readonly status: StorageStatus;
  /**
   * Resolves once the database is open and migrated: at once, unless it did not answer at start
   * (see `openLater`). Rejects with a StorageStartError when it then turns out it cannot be used.
   */
  readonly opened: Promise<void>;
  private readonly voteSecret: string;
  private readonly deadlines: Record<OperationKind, number>;
  private openLater?: () => Promise<void>;
  private settleOpened: (error?: StorageStartError) => void = () => undefined;
  private closed = false;

  constructor(
    readonly db: Kysely<Database>,
    readonly kind: 'sqlite' | 'postgres',
    /** What a server that never changed anything gets. */
    private readonly defaults: GuildSettings = DEFAULT_SETTINGS,
    options: StorageOptions = {},
  ) {
    this.forumPosts = new KyselyForumPosts(db as unknown as Kysely<ForumPostsTable>, kind, (name, operation, work) => this.op(name, operation, work));
    this.status = options.status ?? new StorageStatus();
    this.voteSecret = options.voteSecret ?? resolveVoteSecret({ sqlitePath: ':memory:' });
    this.deadlines = { ...DEADLINES, ...options.deadlines };
    this.openLater = options.openLater;
    this.opened = this.openLater
      ? new Promise((resolve, reject) => (this.settleOpened = (error) => (error ? reject(error) : resolve())))
      : Promise.resolve();
    this.opened.catch(() => undefined);
    this.status.setProbe((access) => this.ping(access));
  }

  getSettings(guildId: string): Promise<GuildSettings> {
    return this.op('read settings', 'read', async () => {
      const row = await this.db.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId).executeTakeFirst();
      return this.parseSettings(row?.settings);
    });
  }

  /** Read, change and write under the server's row lock: simultaneous changes all take effect. */
  updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    return this.op('change settings', 'write', () =>
      this.writeTransaction(async (trx) => {
        const next = change(this.parseSettings(await this.lockGuild(trx, guildId)));
        await trx
          .updateTable('guild_settings')
          .set({ settings: JSON.stringify(next), updated_at: new Date().toISOString() })
          .where('guild_id', '=', guildId)
          .execute();
        return next;
      }),
    );
  }

  listPhrases(guildId: string): Promise<Phrase[]> {
    return this.op('read phrases', 'read', async () => {
      const rows = await this.db
        .selectFrom('phrases')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('created_at')
        .orderBy('phrase_key')
        .execute();
      return rows.map((r) => ({ phrase: r.phrase, code: r.code, createdBy: r.created_by, createdAt: r.created_at }));
    });
  }

  async addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult> {
    const text = storableText(phrase);
    const key = phraseStoreKey(text);
    const tooShort = key.length < PHRASE_LIMITS.minLength && unspacedCharacters(key) < PHRASE_LIMITS.minUnspaced;
    if (text.length > PHRASE_LIMITS.maxLength || tooShort) return { ok: false, reason: 'length' };
    return this.op('add phrase', 'write', () =>
      this.writeTransaction(async (trx) => {
        // Under the server's lock: two moderators adding at once cannot pass the limit together.
        await this.lockGuild(trx, guildId);
        const { count } = await trx
          .selectFrom('phrases')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('guild_id', '=', guildId)
          .executeTakeFirstOrThrow();
        const existing = await trx
          .selectFrom('phrases')
          .select('phrase')
          .where('guild_id', '=', guildId)
          .where('phrase_key', '=', key)
          .executeTakeFirst();
        if (existing) return { ok: false, reason: 'duplicate' } as const;
        if (Number(count) >= PHRASE_LIMITS.perGuild) return { ok: false, reason: 'limit' } as const;
        const created_at = new Date().toISOString();
        await trx
          .insertInto('phrases')
          .values({ guild_id: guildId, phrase_key: key, phrase: text, code, created_by: createdBy, created_at })
          .execute();
        return { ok: true, phrase: { phrase: text, code, createdBy, createdAt: created_at } } as const;
      }),
    );
  }

  removePhrase(guildId: string, phrase: string): Promise<Phrase | undefined> {
    return this.op('remove phrase', 'write', async () => {
      const row = await this.db
        .deleteFrom('phrases')
        .where('guild_id', '=', guildId)
        .where('phrase_key', '=', phraseStoreKey(storableText(phrase)))
        .returningAll()
        .executeTakeFirst();
      return row && { phrase: row.phrase, code: row.code, createdBy: row.created_by, createdAt: row.created_at };
    });
  }

  async recordLookup(guildId: string, code: string, source: LookupSource, at = new Date()): Promise<void> {
    await this.writeBatch({ lookups: [{ guildId, day: statsDay(at), code, source, count: 1 }], misses: [], votes: [] }, 'write');
  }

  async recordMiss(guildId: string, query: string, at = new Date()): Promise<void> {
    const text = normalizeMissQuery(query);
    if (!text) return;
    await this.writeBatch({ lookups: [], misses: [{ guildId, day: statsDay(at), query: text, count: 1 }], votes: [] }, 'write');
  }

  async recordVote(guildId: string, userId: string, code: string, helpful: boolean, at = new Date()): Promise<VoteResult> {
    const [result] = await this.writeBatch({ lookups: [], misses: [], votes: [{ guildId, day: statsDay(at), userId, code, helpful }] }, 'write');
    return result!;
  }

  /** One try (a locked SQLite file fails fast): the StatsRecorder retries with backoff. */
  writeStats(batch: StatsBatch): Promise<VoteResult[]> {
    return this.writeBatch(batch, 'batch');
  }

  private writeBatch(batch: StatsBatch, kind: 'write' | 'batch'): Promise<VoteResult[]> {
    // Rows in one order everywhere, so two processes writing at once never deadlock.
    const lookups = [...batch.lookups].sort((a, b) => compareKeys([a.guildId, a.day, a.code, a.source], [b.guildId, b.day, b.code, b.source]));
    const misses = batch.misses
      .map((m) => ({ ...m, query: normalizeMissQuery(m.query) }))
      .filter((m) => m.query)
      .sort((a, b) => compareKeys([a.guildId, a.day, a.query], [b.guildId, b.day, b.query]));
    return this.op(WRITE_STATS, kind, () =>
      this.writeTransaction(async (trx) => {
        for (const rows of chunks(lookups, 200)) {
          await trx
            .insertInto('lookups')
            .values(rows.map((r) => ({ guild_id: r.guildId, day: r.day, code: r.code, source: r.source, count: r.count })))
            .onConflict((oc) =>
              oc
                .columns(['guild_id', 'day', 'code', 'source'])
                .doUpdateSet({ count: (eb) => eb(eb.ref('lookups.count'), '+', eb.ref('excluded.count')) }),
            )
            .execute();
        }
        for (const rows of chunks(misses, 200)) {
          await trx
            .insertInto('misses')
            .values(rows.map((r) => ({ guild_id: r.guildId, day: r.day, query: r.query, count: r.count })))
            .onConflict((oc) =>
              oc.columns(['guild_id', 'day', 'query']).doUpdateSet({ count: (eb) => eb(eb.ref('misses.count'), '+', eb.ref('excluded.count')) }),
            )
            .execute();
        }
        // A miss taken back (its member edited the words away) keeps no text: its row goes at zero or below.
        for (const m of misses.filter((r) => r.count < 0)) {
          await trx
            .deleteFrom('misses')
            .where('guild_id', '=', m.guildId)
            .where('day', '=', m.day)
            .where('query', '=', m.query)
            .where('count', '<=', 0)
            .execute();
        }
        const results: VoteResult[] = [];
        for (const vote of batch.votes) results.push(await this.writeVote(trx, vote));
        return results;
      }),
    );
  }

  stats(guildId: string, days: number, now = new Date()): Promise<Stats> {
    const from = firstDayOf(days, now);
    return this.op('read stats', 'report', async () => {
      const lookups = await this.db
        .selectFrom('lookups')
        .select(['code', (eb) => eb.fn.sum<number | string>('count').as('total')])
        .where('guild_id', '=', guildId)
        .where('day', '>=', from)
        .groupBy('code')
        // A count taken back (a reply edited to show another error) leaves a total of zero: not listed.
        .having((eb) => eb.fn.sum('count'), '>', 0)
        .orderBy('total', 'desc')
        .orderBy('code')
        .limit(10)
        .execute();
      const sources = await this.db
        .selectFrom('lookups')
        .select(['source', (eb) => eb.fn.sum<number | string>('count').as('total')])
        .where('guild_id', '=', guildId)
        .where('day', '>=', from)
        .groupBy('source')
        .having((eb) => eb.fn.sum('count'), '>', 0)
        .execute();
      const misses = await this.db
        .selectFrom('misses')
        .select(['query', (eb) => eb.fn.sum<number | string>('count').as('total')])
        .where('guild_id', '=', guildId)
        .where('day', '>=', from)
        .groupBy('query')
        // A miss taken back (a mention's answer edited to show an error) leaves a total of zero: not listed.
        .having((eb) => eb.fn.sum('count'), '>', 0)
        .orderBy('total', 'desc')
        .orderBy('query')
        .limit(10)
        .execute();
      const votes = await this.db
        .selectFrom('votes')
        .select([
          'code',
          (eb) => eb.fn.sum<number | string>('helpful').as('helped'),
          (eb) => eb.fn.countAll<number | string>().as('total'),
        ])
        .where('guild_id', '=', guildId)
        .where('day', '>=', from)
        .groupBy('code')
        .orderBy('total', 'desc')
        .orderBy('code')
        .limit(10)
        .execute();
      return {
        days,
        lookups: lookups.map((r) => ({ code: r.code, count: Number(r.total) })),
        bySource: Object.fromEntries(sources.map((r) => [r.source, Number(r.total)])),
        misses: misses.map((r) => ({ query: r.query, count: Number(r.total) })),
        helpfulness: votes.map((r) => ({ code: r.code, helped: Number(r.helped), notHelped: Number(r.total) - Number(r.helped) })),
      };
    });
  }

  async prune(keepDays: number, now = new Date(), signal?: AbortSignal): Promise<PruneResult> {
    const keptFrom = firstDayOf(keepDays, now);
    // A batch at a time, each an operation of its own: see PRUNE_BATCH_ROWS.
    const deleted = (table: 'lookups' | 'misses' | 'votes') =>
      deleteInBatches(() => this.op('prune stats', 'maintenance', () => deleteBatch(this.db, this.kind, table, sql`day < ${keptFrom}`)), signal);
    const stats = { keptFrom, lookups: await deleted('lookups'), misses: await deleted('misses'), votes: await deleted('votes') };
    // A help-forum post that ended before then is over: its row, with its owner's ID, goes too.
    return { ...stats, forumPosts: await this.forumPosts.pruneEnded(Date.parse(`${keptFrom}T00:00:00Z`), signal) };
  }

  get isOpen(): boolean {
    return this.openLater === undefined;
  }

  /**
   * A read that touches the database file (a lock or a hung server shows), for the outage probe;
   * a database not open since start is opened (migrated) first. With `write`, the probe upserts its
   * one heartbeat row instead: a database that refuses writes (read-only, full) fails it.
   */
  async ping(access: OperationAccess = 'read'): Promise<void> {
    if (this.openLater) await this.openNow(this.openLater);
    return this.op('probe', 'probe', async () => {
      if (access === 'read') {
        await this.db.selectFrom('guild_settings').select('guild_id').limit(1).execute();
        return;
      }
      await this.db
        .insertInto('storage_heartbeat')
        .values({ id: 'probe', at: new Date().toISOString() })
        .onConflict((oc) => oc.column('id').doUpdateSet({ at: (eb) => eb.ref('excluded.at') }))
        .execute();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.status.close();
    await this.db.destroy();
  }

  /** Opens the database start could not: once it has succeeded, operations reach the database. */
  private async openNow(open: () => Promise<void>): Promise<void> {
    try {
      await open();
    } catch (error) {
      if (error instanceof StorageStartError && !this.closed) {
        // It answers and cannot be used (a wrong password, a failed migration): no more tries.
        this.status.close();
        this.settleOpened(error);
      }
      throw error;
    }
    if (this.closed) return;
    this.openLater = undefined;
    this.settleOpened();
  }

  private parseSettings(raw: string | undefined): GuildSettings {
    return parseStoredSettings(raw, this.defaults);
  }

  /**
   * Takes the server's settings row for the rest of the transaction (inserted empty, meaning "the
   * defaults", if missing) and returns what it holds. PostgreSQL: SELECT … FOR UPDATE; SQLite's
   * write transaction already excludes every other writer.
   */
  private async lockGuild(trx: Kysely<Database>, guildId: string): Promise<string> {
    await trx
      .insertInto('guild_settings')
      .values({ guild_id: guildId, settings: '{}', updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('guild_id').doNothing())
      .execute();
    const row = await trx
      .selectFrom('guild_settings')
      .select('settings')
      .where('guild_id', '=', guildId)
      .$if(this.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    return row.settings;
  }

  private async writeVote(trx: Kysely<Database>, vote: StatsBatch['votes'][number]): Promise<VoteResult> {
    const key = { guild_id: vote.guildId, code: vote.code, day: vote.day, voter: voterKey(this.voteSecret, vote) };
    const value = vote.helpful ? 1 : 0;
    const existing = await trx
      .selectFrom('votes')
      .select('helpful')
      .where('guild_id', '=', key.guild_id)
      .where('code', '=', key.code)
      .where('day', '=', key.day)
      .where('voter', '=', key.voter)
      .$if(this.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (existing && Number(existing.helpful) === value) return 'unchanged';
    // An upsert: two clicks racing (even from two processes) both succeed; the last one counts.
    await trx
      .insertInto('votes')
      .values({ ...key, helpful: value })
      .onConflict((oc) => oc.columns(['guild_id', 'code', 'day', 'voter']).doUpdateSet({ helpful: value }))
      .execute();
    return existing ? 'changed' : 'recorded';
  }

  /**
   * A write transaction. SQLite: BEGIN IMMEDIATE takes the write lock first, so a read-change-write
   * cannot interleave with another process's (and a lock held elsewhere fails fast, to be retried).
   */
  private async writeTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.db.transaction().execute(work);
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await work(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs one operation within its deadline and reports to the status: a database that does not
   * answer becomes a StorageUnavailableError (any other error, a bug, is passed on as it is).
   */
  private async op<T>(name: string, kind: OperationKind, work: () => Promise<T>): Promise<T> {
    if (this.openLater) {
      const error = new StorageUnavailableError(name, new Error('not opened yet: the database has not answered since start'));
      if (kind !== 'probe') this.status.failed(error, name);
      throw error;
    }
    // Monotonic: a wall clock stepped back meanwhile (NTP) would stretch the retries by the step.
    const started = performance.now();
    const deadline = this.deadlines[kind];
    try {
      const result =
        this.kind === 'postgres'
          ? await withDeadline(deadline, work)
          : await retryWhileBusy(work, kind, started + Math.min(deadline, SQLITE_RETRY_WINDOW_MS));
      if (kind !== 'probe') this.status.succeeded(performance.now() - started, accessOf(kind));
      return result;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      // A write refused because another process holds the write lock is contention, not an outage.
      const contention = isBusy(error) && (kind === 'write' || kind === 'batch' || kind === 'maintenance');
      if (kind !== 'probe' && !contention) this.status.failed(error, name, accessOf(kind));
      throw new StorageUnavailableError(name, error);
    }
  }
}

function accessOf(kind: OperationKind): OperationAccess {
  return kind === 'write' || kind === 'batch' || kind === 'maintenance' ? 'write' : 'read';
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** SQLite: a locked database is tried again, asynchronously, with backoff, until the deadline (on performance.now()'s clock). */
async function retryWhileBusy<T>(work: () => Promise<T>, kind: OperationKind, deadlineAt: number): Promise<T> {
  const retries = kind !== 'batch' && kind !== 'probe';
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    try {
      return await work();
    } catch (error) {
      if (!retries || !isBusy(error) || performance.now() + delay >= deadlineAt) throw error;
      await sleep(delay);
    }
  }
}
