import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { phraseStoreKey } from '../core/text.js';
import {
  forumDiscordCloseMigration,
  forumFirstReplyCountedMigration,
  forumFirstReplyMigration,
  forumPostsMigration,
  forumWelcomePendingMigration,
  forumWelcomeTakenAtMigration,
} from './forum-posts.js';

/** Versioned migrations, run in order on start; each runs once per database. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('guild_settings')
        .addColumn('guild_id', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('phrases')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('phrase_key', 'text', (c) => c.notNull())
        .addColumn('phrase', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('phrases_pk', ['guild_id', 'phrase_key'])
        .execute();
      await db.schema
        .createTable('lookups')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('lookups_pk', ['guild_id', 'day', 'code', 'source'])
        .execute();
      await db.schema
        .createTable('misses')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('misses_pk', ['guild_id', 'day', 'query'])
        .execute();
      await db.schema
        .createTable('votes')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('answer_id', 'text', (c) => c.notNull())
        .addColumn('voter', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('votes_pk', ['answer_id', 'voter'])
        .execute();
      await db.schema.createIndex('votes_guild_day').on('votes').columns(['guild_id', 'day']).execute();
    },
  },
  /**
   * Votes keyed by server, entry, day and voter (one vote per member per entry per day), the voter
   * a keyed hash; the answer ID is dropped. Existing votes are kept, each under an opaque key of
   * its own: their old hashes (sha256 of answer and member, no secret) could be traced to members.
   * Indexes on the day for pruning old stats.
   */
  '0002_votes_per_day_and_retention': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('votes_v2')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('voter', 'text', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('votes_v2_pk', ['guild_id', 'code', 'day', 'voter'])
        .execute();
      await sql`
        INSERT INTO votes_v2 (guild_id, code, day, voter, helpful)
        SELECT guild_id, code, day,
               'legacy-' || CAST(ROW_NUMBER() OVER (ORDER BY day, guild_id, answer_id, voter) AS TEXT),
               helpful
        FROM votes`.execute(db);
      await db.schema.dropTable('votes').execute();
      await db.schema.alterTable('votes_v2').renameTo('votes').execute();
      await db.schema.createIndex('votes_guild_day').on('votes').columns(['guild_id', 'day']).execute();
      await db.schema.createIndex('votes_day').on('votes').column('day').execute();
      await db.schema.createIndex('lookups_day').on('lookups').column('day').execute();
      await db.schema.createIndex('misses_day').on('misses').column('day').execute();
    },
  },
};

MIGRATIONS['0003_forum_posts'] = forumPostsMigration;

/**
 * Server phrases keyed by their words of any script (phraseStoreKey): the first key kept Latin
 * letters only, so "Spotify Premium не работает" was stored as "spotify premium", clashed with
 * other phrases and could not be removed as typed. A key already taken in the server leaves the
 * row as it was.
 */
MIGRATIONS['0004_phrase_keys_any_script'] = {
  async up(db: Kysely<unknown>) {
    const { rows } = await sql<{ guild_id: string; phrase_key: string; phrase: string }>`SELECT guild_id, phrase_key, phrase FROM phrases`.execute(db);
    for (const row of rows) {
      const key = phraseStoreKey(row.phrase);
      if (!key || key === row.phrase_key) continue;
      const taken = await sql`SELECT 1 FROM phrases WHERE guild_id = ${row.guild_id} AND phrase_key = ${key}`.execute(db);
      if (taken.rows.length) continue;
      await sql`UPDATE phrases SET phrase_key = ${key} WHERE guild_id = ${row.guild_id} AND phrase_key = ${row.phrase_key}`.execute(db);
    }
  },
};

MIGRATIONS['0005_forum_first_reply'] = forumFirstReplyMigration;
MIGRATIONS['0006_forum_first_reply_counted'] = forumFirstReplyCountedMigration;
MIGRATIONS['0007_forum_discord_close'] = forumDiscordCloseMigration;
MIGRATIONS['0008_forum_welcome_pending'] = forumWelcomePendingMigration;

/**
 * A table of the outage probe's own: an outage a failed write is part of (a read-only failover
 * node, a full disk) ends only when the probe's upsert of its one row succeeds.
 */
MIGRATIONS['0009_storage_heartbeat'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('storage_heartbeat')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
};

MIGRATIONS['0010_forum_welcome_taken_at'] = forumWelcomeTakenAtMigration;

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Every migration this version has, by name. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

const MIGRATION_TABLE = 'spotify_bot_migrations';

/** The database was updated by a newer version of the bot: it has migrations this version does not know. */
export class NewerDatabaseError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(`updated by a newer version of the bot (${unknownMigrations.join(', ')})`);
    this.name = 'NewerDatabaseError';
  }
}

/** Migrations applied to the database that this version does not have (run by a newer version). */
async function unknownMigrations(db: Kysely<unknown>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(db);
  return rows.map((row) => row.name).filter((name) => !Object.hasOwn(MIGRATIONS, name)).sort();
}

/** Migrates to the latest version, or (tests) to `target`. Returns the migrations applied. */
export async function migrate(db: Kysely<unknown>, target?: string): Promise<string[]> {
  // Kysely calls this "corrupted migrations"; it is an older bot started on a newer database (a rollback).
  const unknown = await unknownMigrations(db);
  if (unknown.length) throw new NewerDatabaseError(unknown);
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: 'spotify_bot_migration_lock',
    // The help forums shipped 0003 before 0002 was merged beside it: their databases still need 0002.
    allowUnorderedMigrations: true,
  });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
