import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { openStorage } from '../../src/storage/open.js';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

/** The tables as any version had them, loosely typed: to look at (or prepare) them without the storage. */
export type AnyTables = Record<string, Record<string, string | number>>;

/** Kysely over the database without the storage around it. */
export function rawDb(backend: Backend, url: string): Kysely<AnyTables> {
  if (backend === 'sqlite') return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(url.replace(/^file:/, '')) }) });
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
}

/** A DATABASE_URL for an empty database: a new SQLite file, or a new database on the test PostgreSQL. */
export async function freshDatabaseUrl(backend: Backend): Promise<string> {
  if (backend === 'sqlite') return `file:${join(mkdtempSync(join(tmpdir(), 'spotify-bot-sqlite-')), 'bot.sqlite')}`;
  const base = inject('postgresUrl');
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The vote secret the tests' bots and storages share (PostgreSQL needs one; SQLite may generate its own). */
export const TEST_VOTE_SECRET = 'test-vote-secret-0123456789abcdef0123456789abcdef';

/** The bot's storage on a fresh database of this backend (or on `url`), with the test vote secret. */
export async function openTestStorage(backend: Backend, url?: string) {
  const databaseUrl = url ?? (await freshDatabaseUrl(backend));
  return { url: databaseUrl, storage: await openStorage(databaseUrl, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET }) };
}

/** The bot's environment for a fresh database on this backend: DATABASE_URL, and VOTE_SECRET for PostgreSQL. */
export async function botDatabaseEnv(backend: Backend): Promise<Record<string, string>> {
  const DATABASE_URL = await freshDatabaseUrl(backend);
  return backend === 'postgres' ? { DATABASE_URL, VOTE_SECRET: TEST_VOTE_SECRET } : { DATABASE_URL };
}

/** Resolves once `condition` holds (checked every 20 ms); rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
