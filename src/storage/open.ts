/** Opening the database DATABASE_URL names (SQLite or PostgreSQL), migrated, with one-line messages for what fails. */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Logger } from '../logger.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../settings/schema.js';
import { errorText, isTransientAtStart, StorageStartError, StorageUnavailableError } from './errors.js';
import { migrate, NewerDatabaseError } from './migrations.js';
import { guardedPool, isClosedByDeadline } from './postgres-pool.js';
import type { Database } from './schema.js';
import { StorageStatus } from './status.js';
import { KyselyStorage, SQLITE_BUSY_TIMEOUT_MS, SQLITE_STARTUP_BUSY_TIMEOUT_MS, type OperationKind } from './storage.js';
import { resolveVoteSecret } from './vote-secret.js';

export const DEFAULT_DATABASE_URL = 'file:./data/bot.sqlite';

export interface OpenStorageOptions {
  /** Logs outages (once each) and recoveries. */
  logger?: Logger;
  /** VOTE_SECRET; without it SQLite keeps a generated one beside its file. Required for PostgreSQL. */
  voteSecret?: string;
  deadlines?: Partial<Record<OperationKind, number>>;
  probeIntervalMs?: number;
}

/**
 * Opens and migrates the database named by DATABASE_URL: `file:<path>` (SQLite) or `postgres://…`.
 * Fails with a StorageStartError whose message says, in one line, what failed and how to fix it.
 * A PostgreSQL that does not answer (down, starting, out of connections) is no failure: the
 * storage starts in an outage and is opened once it answers (KyselyStorage.opened).
 */
export async function openStorage(
  databaseUrl = DEFAULT_DATABASE_URL,
  defaults: GuildSettings = DEFAULT_SETTINGS,
  options: OpenStorageOptions = {},
): Promise<KyselyStorage> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl, defaults, options);
  return openSqlite(databaseUrl.replace(/^file:/, ''), defaults, options);
}

async function openSqlite(path: string, defaults: GuildSettings, options: OpenStorageOptions): Promise<KyselyStorage> {
  const { default: SQLite } = await import('better-sqlite3');
  const name = path === ':memory:' ? ':memory:' : resolve(path);
  const fail = (error: unknown, migrating = false) => new StorageStartError(sqliteStartMessage(name, error, migrating), error);
  let database: InstanceType<typeof SQLite> | undefined;
  try {
    if (path !== ':memory:') {
      const blocked = fileInTheWay(dirname(path));
      if (blocked) throw Object.assign(new Error(`${blocked} is a file`), { code: 'ENOTDIR', path: blocked });
      // SQLite says only "unable to open database file", which reads as a permission problem; so would the folder
      // holding it, which the bot need not be able to write in (/var/lib for /var/lib/spotify-bot).
      // A path ending in a slash names a folder too, there or not ("file:./data/" made a file named data).
      if (/[\\/]$/.test(path) || (existsSync(path) && statSync(path).isDirectory())) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      mkdirSync(dirname(path), { recursive: true });
      // SQLite needs to write the file and, for its -wal and -shm files, the folder.
      accessSync(dirname(path), constants.W_OK);
      if (existsSync(path)) accessSync(path, constants.R_OK | constants.W_OK);
    }
    database = new SQLite(path, { timeout: SQLITE_STARTUP_BUSY_TIMEOUT_MS });
    // WAL: readers never wait for the writer, and a crash mid-write loses nothing committed.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    // A deleted row's text is overwritten, not just marked free: pruned misses and removed phrases
    // are gone from the file (and its backups), as the privacy section says.
    database.pragma('secure_delete = ON');
  } catch (error) {
    database?.close();
    throw fail(error);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    // One transaction, taken before reading the migration state: two processes starting at once
    // migrate one after the other, and a failed migration leaves nothing half done.
    database.exec('BEGIN IMMEDIATE');
    try {
      await migrate(db as unknown as Kysely<unknown>);
      database.exec('COMMIT');
    } catch (error) {
      if (database.inTransaction) database.exec('ROLLBACK');
      throw error;
    }
    await sql`PRAGMA optimize`.execute(db);
    // From now on a lock held elsewhere blocks at most this long per try (stats writes are retried later).
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw fail(error, true);
  }
  let voteSecret: string;
  try {
    voteSecret = resolveVoteSecret({ voteSecret: options.voteSecret, sqlitePath: path });
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  const status = new StorageStatus({
    logger: options.logger,
    describe: { storage: 'sqlite', database: name },
    probeIntervalMs: options.probeIntervalMs,
  });
  return new KyselyStorage(db, 'sqlite', defaults, { status, voteSecret, deadlines: options.deadlines });
}

/** The first folder on the way to `folder` that is a file (mkdir says only "file already exists"), if any. */
function fileInTheWay(folder: string): string | undefined {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function sqliteStartMessage(name: string, error: unknown, migrating: boolean): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const why = errorText(error);
  const file = `the SQLite database ${name}`;
  if (code === 'ENOTDIR') {
    const blocked = String((error as { path?: unknown }).path ?? 'a folder on its path');
    return `Storage error: ${file} cannot be created: ${blocked} is a file, not a folder; move it away or set DATABASE_URL=file:<path> to another place.`;
  }
  if (code === 'EISDIR') {
    return `Storage error: ${file} is a folder, not a file; name a file in it, e.g. DATABASE_URL=file:${join(name, 'bot.sqlite')}.`;
  }
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return `Storage error: ${file} is locked by another process (${why}); stop the other program using it (another copy of the bot?) or give this bot its own file with DATABASE_URL=file:<path>.`;
  }
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return `Storage error: ${file} is damaged or not a database (${why}); restore it from a backup, or move it away to start with an empty one.`;
  }
  if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || /^(EACCES|EPERM|EROFS)$/.test(code)) {
    return `Storage error: ${file} cannot be written (${why}); make the file and its folder writable by the user running the bot (SQLite also creates ${name}-wal and -shm there), or set DATABASE_URL=file:<path> to a writable place.`;
  }
  if (/^SQLITE_(FULL|IOERR)/.test(code) || code === 'ENOSPC') {
    return `Storage error: ${file} could not be written (${why}); free disk space or check the disk, then restart.`;
  }
  if (error instanceof NewerDatabaseError) return newerDatabaseMessage(file, error);
  if (migrating) {
    return `Storage error: updating ${file} to this version failed (${why}); restore a backup if it was changed by hand, or move it away to start with an empty one.`;
  }
  return `Storage error: could not open ${file} (${why}); check DATABASE_URL and the file, then restart.`;
}

/** An older version started on a database a newer one updated (a rollback): refused, and nothing of it changed. */
function newerDatabaseMessage(database: string, error: NewerDatabaseError): string {
  return (
    `Storage error: ${database} was updated by a newer version of the bot (${error.unknownMigrations.join(', ')}); ` +
    'run that version or a newer one, or restore the backup taken before the update (this version cannot use it).'
  );
}

/** Where a PostgreSQL URL points, for messages and logs: never its password. */
export function describePostgres(databaseUrl: string): { where: string; database: string; user: string; password: string } {
  try {
    const url = new URL(databaseUrl);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres';
    return {
      where: `${url.hostname || 'localhost'}:${url.port || '5432'}`,
      database,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  } catch {
    return { where: 'the server in DATABASE_URL', database: '?', user: '?', password: '' };
  }
}

async function openPostgres(databaseUrl: string, defaults: GuildSettings, options: OpenStorageOptions): Promise<KyselyStorage> {
  const { default: pg } = await import('pg');
  const target = describePostgres(databaseUrl);
  const redact = (text: string) => (target.password.length >= 3 ? text.split(target.password).join('[REDACTED]') : text);
  const fail = (error: unknown, phase: 'connect' | 'migrate') =>
    new StorageStartError(redact(postgresStartMessage(target, error, phase)), error);
  const voteSecret = resolveVoteSecret({ voteSecret: options.voteSecret });

  // Migrations get their own connection without the short deadlines (a migration may take a while).
  const connectAndMigrate = async () => {
    const migrationPool = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 10_000, query_timeout: 120_000 });
    migrationPool.on('error', () => undefined);
    const migrationDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: migrationPool }) });
    try {
      try {
        await sql`SELECT 1`.execute(migrationDb);
      } catch (error) {
        throw fail(error, 'connect');
      }
      try {
        // Several shards may start at once against one PostgreSQL; Kysely's migrator takes a lock.
        await migrate(migrationDb as unknown as Kysely<unknown>);
      } catch (error) {
        throw fail(error, 'migrate');
      }
    } finally {
      await migrationDb.destroy().catch(() => undefined);
    }
  };
  let notAnswering: { error: unknown } | undefined;
  try {
    await connectAndMigrate();
  } catch (error) {
    if (!(error instanceof StorageStartError && isTransientAtStart(error.cause))) throw error;
    notAnswering = { error: error.cause };
  }

  const status = new StorageStatus({
    logger: options.logger,
    describe: { storage: 'postgres', database: `${target.where}/${target.database}` },
    probeIntervalMs: options.probeIntervalMs,
  });
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 5,
    // A server that accepts the connection but never answers (hung) is given up on.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // Server-side limits, in case the bot's own deadline never reaches the server.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'spotify-error-bot',
  });
  // A server restart or failover closes idle connections with an error event: without a listener
  // it would end the process. Logged and survived: the pool drops them and connects again when
  // needed; the status checks at once whether the database still answers. Connections in use get
  // the event too (their operation fails by itself).
  pool.on('error', (error, client) => {
    if (!isClosedByDeadline(client)) status.connectionLost(error);
  });
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      if (!isClosedByDeadline(client)) status.connectionLost(error);
    }),
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(pool) }) });
  if (!notAnswering) return new KyselyStorage(db, 'postgres', defaults, { status, voteSecret, deadlines: options.deadlines });
  // The same outage as one that starts later (logged, probed every 2 s); its probe migrates first.
  const openLater = () =>
    connectAndMigrate().catch((error: unknown) => {
      throw error instanceof StorageStartError && isTransientAtStart(error.cause) ? new StorageUnavailableError('open', error.cause) : error;
    });
  const storage = new KyselyStorage(db, 'postgres', defaults, { status, voteSecret, deadlines: options.deadlines, openLater });
  status.failed(notAnswering.error, 'open at start');
  return storage;
}

function postgresStartMessage(
  target: ReturnType<typeof describePostgres>,
  error: unknown,
  phase: 'connect' | 'migrate',
): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const why = errorText(error);
  const server = `PostgreSQL at ${target.where}`;
  if (code === '28P01' || code === '28000') {
    return `Storage error: ${server} refused user "${target.user}" (${why}); check the user name and password in DATABASE_URL.`;
  }
  if (code === '3D000') {
    return `Storage error: ${server} has no database "${target.database}" (${why}); create it (createdb ${target.database}) or fix the database name in DATABASE_URL.`;
  }
  if (error instanceof NewerDatabaseError) return newerDatabaseMessage(`${server}, database "${target.database}",`, error);
  if (phase === 'connect') {
    return `Storage error: could not connect to ${server}, database "${target.database}" (${why}); check that the server is running and reachable at the host and port in DATABASE_URL.`;
  }
  return `Storage error: updating ${server}, database "${target.database}" to this version failed (${why}); check that user "${target.user}" may create tables there, then restart.`;
}
