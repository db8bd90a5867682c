import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const valid = { DISCORD_TOKEN: 'MTIz.abc.def-secret-token', DISCORD_APPLICATION_ID: '123456789012345678' };

describe('configuration', () => {
  it('reads a valid environment', () => {
    const config = loadConfig({ ...valid, DEV_GUILD_ID: '', DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config).toMatchObject({
      token: valid.DISCORD_TOKEN,
      applicationId: valid.DISCORD_APPLICATION_ID,
      devGuildId: undefined,
      logLevel: 'info',
      apiUrl: 'http://127.0.0.1:9/api',
    });
  });

  it.each([
    [{}, /^Configuration error: DISCORD_TOKEN is missing; set it to the token from the Developer Portal/],
    [{ ...valid, DISCORD_APPLICATION_ID: 'abc' }, /DISCORD_APPLICATION_ID is invalid \(must be a Discord ID/],
    [{ ...valid, DEV_GUILD_ID: '12' }, /DEV_GUILD_ID is invalid/],
    [{ ...valid, LOG_LEVEL: 'loud' }, /LOG_LEVEL is invalid.*use one of fatal, error/],
    [{ ...valid, DISCORD_API_URL: 'ftp://x' }, /DISCORD_API_URL is invalid/],
  ])('explains what to fix in one line (%#)', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never echoes the token value in an error', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'has space secret', DISCORD_APPLICATION_ID: '1' })).toThrow(
      /^(?!.*has space secret)/,
    );
  });
});

describe('logger', () => {
  it('redacts the token wherever it appears', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const logger = createLogger({ secrets: [valid.DISCORD_TOKEN], destination: out });
    logger.info({ token: valid.DISCORD_TOKEN, url: `https://x/${valid.DISCORD_TOKEN}` }, `login with ${valid.DISCORD_TOKEN}`);
    logger.info({ headers: { authorization: 'Bot abc' } }, 'request');
    expect(written).toContain('[REDACTED]');
    expect(written).not.toContain(valid.DISCORD_TOKEN);
    expect(written).not.toContain('Bot abc');
    expect(JSON.parse(written.split('\n')[0]!)).toMatchObject({ msg: 'login with [REDACTED]' });
  });
});

describe('sharding and health configuration', () => {
  it('reads SHARD_COUNT, SHARD_IDS and HEALTH_PORT', () => {
    const config = loadConfig({ ...valid, SHARD_COUNT: '4', SHARD_IDS: '0, 1', HEALTH_PORT: '8080' });
    expect(config.sharding).toEqual({ total: 4, ids: [0, 1] });
    expect(config).toMatchObject({ healthPort: 8080, healthHost: '0.0.0.0' });
    expect(loadConfig({ ...valid, SHARD_COUNT: 'auto' }).sharding).toEqual({ total: 'auto', ids: undefined });
    expect(loadConfig(valid).sharding).toBeUndefined();
  });

  it('runs no extra shard for a stray comma in SHARD_IDS (an empty item is not shard 0)', () => {
    expect(loadConfig({ ...valid, SHARD_COUNT: '4', SHARD_IDS: '1,' }).sharding).toEqual({ total: 4, ids: [1] });
    expect(loadConfig({ ...valid, SHARD_COUNT: '4', SHARD_IDS: '2, ,3' }).sharding).toEqual({ total: 4, ids: [2, 3] });
  });

  it('refuses shard ids outside the count, or without a numeric count', () => {
    expect(() => loadConfig({ ...valid, SHARD_COUNT: '2', SHARD_IDS: '2' })).toThrow(/SHARD_IDS is invalid/);
    expect(() => loadConfig({ ...valid, SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toThrow(/SHARD_IDS is invalid/);
    expect(() => loadConfig({ ...valid, HEALTH_PORT: '70000' })).toThrow(/HEALTH_PORT is invalid/);
  });
});

describe('screenshot reader configuration', () => {
  it('defaults to one worker, 16 waiting images and three idle minutes', () => {
    expect(loadConfig(valid).ocr).toEqual({ workers: 1, queueLimit: 16, idleSeconds: 180 });
    expect(loadConfig({ ...valid, OCR_WORKERS: '0', OCR_QUEUE_LIMIT: '4', OCR_IDLE_SECONDS: '30' }).ocr).toEqual({
      workers: 0,
      queueLimit: 4,
      idleSeconds: 30,
    });
  });

  it('says what to fix for a bad value', () => {
    expect(() => loadConfig({ ...valid, OCR_WORKERS: 'many' })).toThrow(/OCR_WORKERS is invalid.*0 turns reading images off/);
    expect(() => loadConfig({ ...valid, OCR_WORKERS: '9' })).toThrow(/OCR_WORKERS is invalid/);
    expect(() => loadConfig({ ...valid, OCR_QUEUE_LIMIT: '0' })).toThrow(/OCR_QUEUE_LIMIT is invalid/);
    expect(() => loadConfig({ ...valid, OCR_IDLE_SECONDS: '-5' })).toThrow(/OCR_IDLE_SECONDS is invalid/);
  });
});

describe('storage configuration', () => {
  const secret = 'a'.repeat(16) + 'b'.repeat(16);
  const oneLine = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).not.toContain('\n');
      return (e as Error).message;
    }
    throw new Error('expected a configuration error');
  };

  it('keeps stats 90 days unless STATS_RETENTION_DAYS says otherwise, and refuses less than the 30 days shown', () => {
    expect(loadConfig(valid).statsRetentionDays).toBe(90);
    expect(loadConfig({ ...valid, STATS_RETENTION_DAYS: '365' }).statsRetentionDays).toBe(365);
    expect(oneLine({ ...valid, STATS_RETENTION_DAYS: '7' })).toMatch(
      /^Configuration error: STATS_RETENTION_DAYS is invalid \(.*\); give the number of days stats are kept \(30 to 3650/,
    );
    expect(oneLine({ ...valid, STATS_RETENTION_DAYS: 'forever' })).toMatch(/STATS_RETENTION_DAYS is invalid/);
  });

  it('takes VOTE_SECRET, optional with SQLite, required with PostgreSQL, never echoing it', () => {
    expect(loadConfig(valid).voteSecret).toBeUndefined();
    expect(loadConfig({ ...valid, VOTE_SECRET: secret }).voteSecret).toBe(secret);
    const postgres = { ...valid, DATABASE_URL: 'postgres://bot:pw@db.internal:5432/bot' };
    expect(loadConfig({ ...postgres, VOTE_SECRET: secret }).voteSecret).toBe(secret);
    expect(oneLine(postgres)).toMatch(/^Configuration error: VOTE_SECRET is missing; with a postgres:\/\/ DATABASE_URL .*openssl rand -hex 32/);
    const short = oneLine({ ...valid, VOTE_SECRET: 'too-short-secret' });
    expect(short).toMatch(/^Configuration error: VOTE_SECRET is invalid \(must be at least 32 characters, without spaces\); set it to a random value/);
    expect(short).not.toContain('too-short-secret');
  });
});
