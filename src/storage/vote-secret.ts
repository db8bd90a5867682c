import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errorText, StorageStartError } from './errors.js';

/** The shortest secret accepted (VOTE_SECRET or the file). */
export const VOTE_SECRET_MIN_LENGTH = 32;
export const VOTE_SECRET_FILE = 'vote-secret';

/** Where the generated secret lives for a SQLite database: beside its file. */
export function voteSecretPath(sqlitePath: string): string {
  return join(dirname(resolve(sqlitePath)), VOTE_SECRET_FILE);
}

/**
 * The key votes are hashed with, kept outside the database so that a copy of the database alone
 * does not tell who voted: VOTE_SECRET when set; for SQLite otherwise a random secret generated on
 * first start into `vote-secret` beside the database file (mode 0600); for an in-memory database
 * a random one for this process.
 */
export function resolveVoteSecret(options: { voteSecret?: string; sqlitePath?: string }): string {
  if (options.voteSecret) return options.voteSecret;
  if (options.sqlitePath === undefined) {
    throw new StorageStartError(
      'Storage error: VOTE_SECRET is not set; every process sharing a PostgreSQL database needs the same secret: ' +
        'set VOTE_SECRET to a random value of at least 32 characters (openssl rand -hex 32).',
    );
  }
  if (options.sqlitePath === ':memory:') return randomBytes(32).toString('hex');
  const path = voteSecretPath(options.sqlitePath);
  try {
    // 'wx': never overwrite; a second process starting at the same moment reads the first one's.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') {
      throw new StorageStartError(
        `Storage error: could not create the vote secret file ${path} (${errorText(error)}); make its folder writable by the user running the bot, or set VOTE_SECRET.`,
        error,
      );
    }
  }
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new StorageStartError(
      `Storage error: could not read the vote secret file ${path} (${errorText(error)}); make it readable by the user running the bot, or set VOTE_SECRET.`,
      error,
    );
  }
  if (secret.length < VOTE_SECRET_MIN_LENGTH || /\s/.test(secret)) {
    throw new StorageStartError(
      `Storage error: the vote secret file ${path} does not hold a secret of at least ${VOTE_SECRET_MIN_LENGTH} characters; delete it to have a new one generated (votes counted so far stay), or set VOTE_SECRET.`,
    );
  }
  return secret;
}

/**
 * A member's vote key for one entry on one day: HMAC-SHA256 under the secret, so it can be matched
 * (one vote per member per entry per day) but not traced back to the member without the secret.
 */
export function voterKey(secret: string, parts: { guildId: string; code: string; day: string; userId: string }): string {
  return createHmac('sha256', secret)
    .update(['vote', parts.guildId, parts.code, parts.day, parts.userId].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
