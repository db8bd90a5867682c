import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { phraseKey } from '../core/text.js';
import { DEFAULT_SETTINGS, parseStoredSettings, type GuildSettings } from '../settings/schema.js';
import { KyselyForumPosts, type ForumPostsTable } from './forum-posts.js';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';

export const LOOKUP_SOURCES = ['slash', 'autocomplete', 'context', 'auto', 'mention', 'screenshot', 'forum'] as const;
export type LookupSource = (typeof LOOKUP_SOURCES)[number];

export const PHRASE_LIMITS = { perGuild: 100, minLength: 3, maxLength: 100 } as const;
export const MISS_QUERY_LENGTH = 100;

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

/** Settings, phrases and stats for every server: one interface, SQLite or PostgreSQL behind it. */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  getSettings(guildId: string): Promise<GuildSettings>;
  updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings>;
  listPhrases(guildId: string): Promise<Phrase[]>;
  addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult>;
  removePhrase(guildId: string, phrase: string): Promise<boolean>;
  recordLookup(guildId: string, code: string, source: LookupSource, at?: Date): Promise<void>;
  recordMiss(guildId: string, query: string, at?: Date): Promise<void>;
  recordVote(guildId: string, answerId: string, userId: string, code: string, helpful: boolean, at?: Date): Promise<VoteResult>;
  stats(guildId: string, days: number, now?: Date): Promise<Stats>;
  /** Help-forum posts: their timers and what became of them. */
  readonly forumPosts: KyselyForumPosts;
  close(): Promise<void>;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The first day of the window "last N days", counting today. */
function since(days: number, now: Date): string {
  return day(new Date(now.getTime() - (days - 1) * 86_400_000));
}

export class KyselyStorage implements Storage {
  readonly forumPosts: KyselyForumPosts;

  constructor(
    readonly db: Kysely<Database>,
    readonly kind: 'sqlite' | 'postgres',
    /** What a server that never changed anything gets. */
    private readonly defaults: GuildSettings = DEFAULT_SETTINGS,
  ) {
    this.forumPosts = new KyselyForumPosts(db as unknown as Kysely<ForumPostsTable>);
  }

  async getSettings(guildId: string): Promise<GuildSettings> {
    const row = await this.db.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId).executeTakeFirst();
    return this.parseSettings(row?.settings);
  }

  async updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId).executeTakeFirst();
      const next = change(this.parseSettings(row?.settings));
      const settings = JSON.stringify(next);
      const updated_at = new Date().toISOString();
      await trx
        .insertInto('guild_settings')
        .values({ guild_id: guildId, settings, updated_at })
        .onConflict((oc) => oc.column('guild_id').doUpdateSet({ settings, updated_at }))
        .execute();
      return next;
    });
  }

  async listPhrases(guildId: string): Promise<Phrase[]> {
    const rows = await this.db
      .selectFrom('phrases')
      .selectAll()
      .where('guild_id', '=', guildId)
      .orderBy('created_at')
      .orderBy('phrase_key')
      .execute();
    return rows.map((r) => ({ phrase: r.phrase, code: r.code, createdBy: r.created_by, createdAt: r.created_at }));
  }

  async addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult> {
    const text = phrase.replace(/\s+/g, ' ').trim();
    const key = phraseKey(text);
    if (text.length > PHRASE_LIMITS.maxLength || key.length < PHRASE_LIMITS.minLength) return { ok: false, reason: 'length' };
    return this.db.transaction().execute(async (trx) => {
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
    });
  }

  async removePhrase(guildId: string, phrase: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('phrases')
      .where('guild_id', '=', guildId)
      .where('phrase_key', '=', phraseKey(phrase))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async recordLookup(guildId: string, code: string, source: LookupSource, at = new Date()): Promise<void> {
    await this.db
      .insertInto('lookups')
      .values({ guild_id: guildId, day: day(at), code, source, count: 1 })
      .onConflict((oc) =>
        oc.columns(['guild_id', 'day', 'code', 'source']).doUpdateSet({ count: (eb) => eb(eb.ref('lookups.count'), '+', 1) }),
      )
      .execute();
  }

  async recordMiss(guildId: string, query: string, at = new Date()): Promise<void> {
    const text = query.replace(/\s+/g, ' ').trim().slice(0, MISS_QUERY_LENGTH);
    if (!text) return;
    await this.db
      .insertInto('misses')
      .values({ guild_id: guildId, day: day(at), query: text, count: 1 })
      .onConflict((oc) =>
        oc.columns(['guild_id', 'day', 'query']).doUpdateSet({ count: (eb) => eb(eb.ref('misses.count'), '+', 1) }),
      )
      .execute();
  }

  async recordVote(
    guildId: string,
    answerId: string,
    userId: string,
    code: string,
    helpful: boolean,
    at = new Date(),
  ): Promise<VoteResult> {
    // One vote per member per answer, without keeping member IDs: a one-way hash of both.
    const voter = createHash('sha256').update(`${answerId}:${userId}`).digest('hex').slice(0, 32);
    const value = helpful ? 1 : 0;
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('votes')
        .select('helpful')
        .where('answer_id', '=', answerId)
        .where('voter', '=', voter)
        .executeTakeFirst();
      if (existing && Number(existing.helpful) === value) return 'unchanged' as const;
      if (existing) {
        await trx.updateTable('votes').set({ helpful: value }).where('answer_id', '=', answerId).where('voter', '=', voter).execute();
        return 'changed' as const;
      }
      await trx.insertInto('votes').values({ guild_id: guildId, answer_id: answerId, voter, code, helpful: value, day: day(at) }).execute();
      return 'recorded' as const;
    });
  }

  async stats(guildId: string, days: number, now = new Date()): Promise<Stats> {
    const from = since(days, now);
    const lookups = await this.db
      .selectFrom('lookups')
      .select(['code', (eb) => eb.fn.sum<number | string>('count').as('total')])
      .where('guild_id', '=', guildId)
      .where('day', '>=', from)
      .groupBy('code')
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
      .execute();
    const misses = await this.db
      .selectFrom('misses')
      .select(['query', (eb) => eb.fn.sum<number | string>('count').as('total')])
      .where('guild_id', '=', guildId)
      .where('day', '>=', from)
      .groupBy('query')
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
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private parseSettings(raw: string | undefined): GuildSettings {
    return parseStoredSettings(raw, this.defaults);
  }

}

export const DEFAULT_DATABASE_URL = 'file:./data/bot.sqlite';

/** Opens and migrates the database named by DATABASE_URL: `file:<path>` (SQLite) or `postgres://…`. */
export async function openStorage(
  databaseUrl = DEFAULT_DATABASE_URL,
  defaults: GuildSettings = DEFAULT_SETTINGS,
): Promise<KyselyStorage> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateWithLock(db, 'postgres');
    return new KyselyStorage(db, 'postgres', defaults);
  }
  const path = databaseUrl.replace(/^file:/, '');
  const { default: SQLite } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL: readers never wait for the writer, and a crash mid-write loses nothing committed.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateWithLock(db, 'sqlite');
  return new KyselyStorage(db, 'sqlite', defaults);
}

async function migrateWithLock(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<void> {
  // Several shards may start at once against one PostgreSQL; Kysely's migrator takes a lock table.
  await migrate(db as unknown as Kysely<unknown>);
  if (kind === 'sqlite') await sql`PRAGMA optimize`.execute(db);
}
