import { describe, expect, it } from 'vitest';
import { isTransientAtStart } from '../../src/storage/errors.js';

/** An error as pg reports a server's refusal (with its SQLSTATE and severity). */
const server = (code: string, message = 'refused') => Object.assign(new Error(message), { code, severity: 'FATAL' });
/** An error as Node reports a failed socket. */
const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isTransientAtStart: what makes the bot start in an outage instead of stopping', () => {
  it('passes by itself: the server down, unreachable, starting, stopping or full', () => {
    for (const error of [
      socket('ECONNREFUSED'),
      socket('ETIMEDOUT'),
      socket('EHOSTUNREACH'),
      socket('EAI_AGAIN'),
      server('57P03', 'the database system is starting up'),
      server('57P01', 'terminating connection due to administrator command'),
      server('53300', 'sorry, too many clients already'),
      server('08006'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(isTransientAtStart(error), error.message).toBe(true);
    }
  });

  it('does not: a wrong password or user, an unknown database or host, missing rights, a failed migration', () => {
    for (const error of [
      server('28P01', 'password authentication failed for user "bot"'),
      server('28000', 'no pg_hba.conf entry'),
      server('3D000', 'database "x" does not exist'),
      Object.assign(new Error('permission denied for schema public'), { code: '42501', severity: 'ERROR' }),
      socket('ENOTFOUND'),
      new Error('updated by a newer version of the bot (0099_x)'),
      new Error('relation "phrases" does not exist'),
    ]) {
      expect(isTransientAtStart(error), error.message).toBe(false);
    }
  });
});
