import { existsSync, mkdirSync, mkdtempSync, writeFileSync, type PathLike } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { StorageStartError } from '../../src/storage/errors.js';
import { describePostgres, openStorage } from '../../src/storage/open.js';
import { TEST_VOTE_SECRET } from './helpers.js';

/** Folders the bot's user may not write in, as access(2) says: the tests run as a user who may write anywhere. */
const notWritable = vi.hoisted(() => new Set<string>());
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const accessSync = (path: PathLike, mode?: number) => {
    if (notWritable.has(String(path)) && mode !== undefined && mode & fs.constants.W_OK) {
      throw Object.assign(new Error(`EACCES: permission denied, access '${String(path)}'`), { code: 'EACCES' });
    }
    fs.accessSync(path, mode);
  };
  return { ...fs, accessSync };
});

describe('opening SQLite', () => {
  it('creates the folders the path names and opens the file migrated, in WAL mode (readers never wait for the writer)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'spotify-bot-open-')), 'not', 'yet', 'bot.sqlite');
    const storage = await openStorage(`file:${path}`, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET });
    try {
      expect(storage.kind).toBe('sqlite');
      expect(await storage.getSettings('111111111111111111')).toEqual(DEFAULT_SETTINGS);
      const { rows } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(storage.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await storage.close();
    }
  });

  // A folder where the file should be was reported as a file that "cannot be written": making it writable changed nothing.
  it('says in one line that DATABASE_URL names a folder, and which file to name instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spotify-bot-open-'));
    const refused = await openStorage(`file:${dir}`, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StorageStartError);
    expect((refused as Error).message).toBe(
      `Storage error: the SQLite database ${dir} is a folder, not a file; name a file in it, e.g. DATABASE_URL=file:${join(dir, 'bot.sqlite')}.`,
    );
  });

  it('says a DATABASE_URL ending in a slash names a folder, and makes no file of that name', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spotify-bot-open-')), 'data');
    const refused = await openStorage(`file:${dir}/`, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((refused as Error).message).toBe(
      `Storage error: the SQLite database ${dir} is a folder, not a file; name a file in it, e.g. DATABASE_URL=file:${join(dir, 'bot.sqlite')}.`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  // A folder made for the bot in one it may not write in (/var/lib/spotify-bot) was reported as a file that "cannot be
  // written", with the advice to make /var/lib writable.
  it('says in one line that DATABASE_URL names a folder, also where the bot may not write in the folder holding it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'spotify-bot-open-'));
    const dir = join(parent, 'spotify-bot');
    mkdirSync(dir);
    notWritable.add(parent);
    try {
      const refused = await openStorage(`file:${dir}`, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((refused as Error).message).toBe(
        `Storage error: the SQLite database ${dir} is a folder, not a file; name a file in it, e.g. DATABASE_URL=file:${join(dir, 'bot.sqlite')}.`,
      );
    } finally {
      notWritable.delete(parent);
    }
  });

  // Reported as "EEXIST: file already exists, mkdir …", which reads as if the database file were in the way.
  it('says in one line that a folder on the path of DATABASE_URL is a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spotify-bot-open-')), 'data');
    writeFileSync(file, 'not a folder');
    for (const path of [join(file, 'bot.sqlite'), join(file, 'deeper', 'bot.sqlite')]) {
      const refused = await openStorage(`file:${path}`, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(StorageStartError);
      expect((refused as Error).message).toBe(
        `Storage error: the SQLite database ${path} cannot be created: ${file} is a file, not a folder; move it away or set DATABASE_URL=file:<path> to another place.`,
      );
    }
  });
});

describe('where a PostgreSQL URL points, for messages and logs', () => {
  it('names the host, port, database and user, and keeps the password apart (messages redact it)', () => {
    expect(describePostgres('postgres://bot:s%40cret@db.example:6543/spotify')).toEqual({ where: 'db.example:6543', database: 'spotify', user: 'bot', password: 's@cret' });
  });

  it('fills in what PostgreSQL would: port 5432, and the user\'s name for a missing database', () => {
    expect(describePostgres('postgresql://bot@localhost')).toMatchObject({ where: 'localhost:5432', database: 'bot' });
  });

  it('says "the server in DATABASE_URL" for a URL it cannot read, never the URL itself', () => {
    const described = describePostgres('postgres://bot:pa ss@[bad');
    expect(described).toEqual({ where: 'the server in DATABASE_URL', database: '?', user: '?', password: '' });
  });
});
