import type { Pool } from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { guardedPool } from '../../src/storage/postgres-pool.js';

/** What pg answers on a connection the server ended (pg_terminate_backend, a restart shutting down). */
const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { severity: 'FATAL', code: '57P01' });

function fakeClient(...answers: Array<unknown | Error>) {
  return {
    query: vi.fn(async () => {
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    }),
    release: vi.fn(),
  };
}

function fakePool(...clients: Array<ReturnType<typeof fakeClient>>): Pool {
  return { connect: async () => clients.shift(), end: async () => undefined } as unknown as Pool;
}

describe('guardedPool', () => {
  it('sends an operation\'s first query again on another connection when the server had closed the idle one it was given', async () => {
    const closed = [fakeClient(terminated()), fakeClient(terminated())];
    const open = fakeClient({ rows: [], command: 'BEGIN' }, { rows: [{ one: 1 }] });
    const connection = await guardedPool(fakePool(...closed, open)).connect();
    await connection.query('BEGIN', []);
    expect(await connection.query('SELECT 1 AS one', [])).toEqual({ rows: [{ one: 1 }] });
    connection.release();
    for (const client of closed) expect(client.release).toHaveBeenCalledWith(true);
    expect(open.release).toHaveBeenCalledWith(undefined);
  });

  // The severity field is in the server's lc_messages language (PostgreSQL's protocol says so); the code is not.
  it('sends it again also where the server speaks another language than English (its FATAL is ВАЖНО in Russian)', async () => {
    const closed = fakeClient(Object.assign(terminated(), { message: 'завершение подключения по команде администратора', severity: 'ВАЖНО' }));
    const open = fakeClient({ rows: [{ one: 1 }] });
    const connection = await guardedPool(fakePool(closed, open)).connect();
    expect(await connection.query('SELECT 1 AS one', [])).toEqual({ rows: [{ one: 1 }] });
    connection.release();
    expect(closed.release).toHaveBeenCalledWith(true);
  });

  it('does not send a query again once the operation ran one on its connection (a transaction was under way)', async () => {
    const client = fakeClient({ rows: [], command: 'BEGIN' }, terminated());
    const other = fakeClient({ rows: [] });
    const connection = await guardedPool(fakePool(client, other)).connect();
    await connection.query('BEGIN', []);
    await expect(connection.query('UPDATE guild_settings SET settings = $1', ['{}'])).rejects.toMatchObject({ code: '57P01' });
    connection.release();
    expect(client.release).toHaveBeenCalledWith(expect.any(Error));
    expect(other.query).not.toHaveBeenCalled();
  });
});
