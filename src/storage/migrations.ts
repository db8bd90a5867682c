import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { forumPostsMigration } from './forum-posts.js';

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
};

MIGRATIONS['0003_forum_posts'] = forumPostsMigration;

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrate(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'spotify_bot_migrations', migrationLockTableName: 'spotify_bot_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
