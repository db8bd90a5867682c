import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageStartError } from '../../src/storage/errors.js';
import { openStorage } from '../../src/storage/open.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { freshDatabaseUrl, TEST_VOTE_SECRET } from './helpers.js';

const GUILD = '111111111111111111';

describe('the vote secret', () => {
  it('is generated on first start beside the SQLite file, private to its owner, and kept', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const file = join(dirname(url.replace(/^file:/, '')), 'vote-secret');
    const first = await openStorage(url);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await first.recordVote(GUILD, 'u1', 'auth:3', true)).toBe('recorded');
    await first.close();
    const second = await openStorage(url);
    expect(await second.recordVote(GUILD, 'u1', 'auth:3', true)).toBe('unchanged');
    await second.close();
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
  });

  it('comes from VOTE_SECRET when given, and a bad secret file stops the start with one line', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const file = join(dirname(url.replace(/^file:/, '')), 'vote-secret');
    const storage = await openStorage(url, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET });
    await storage.close();
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, 'short\n');
    const error = await openStorage(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageStartError);
    expect((error as Error).message).toMatch(/^Storage error: the vote secret file .*vote-secret does not hold a secret/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('is required with PostgreSQL', async () => {
    const url = await freshDatabaseUrl('postgres');
    const error = await openStorage(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageStartError);
    expect((error as Error).message).toMatch(/VOTE_SECRET is not set/);
  });
});
