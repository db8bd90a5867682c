import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

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
