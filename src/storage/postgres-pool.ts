/**
 * PostgreSQL: deadlines that close the connection. Every operation runs within its deadline
 * (`withDeadline`); the pool Kysely is given (`guardedPool`) closes the connection of an operation
 * whose deadline passed, so a hung server cannot keep it and an unfinished transaction is rolled back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { breaksConnection, StorageTimeoutError } from './errors.js';

/** After an aborted PostgreSQL operation, how long to wait for it to notice before giving up on it. */
const ABORT_GRACE_MS = 250;

/** The deadline of the operation running (PostgreSQL): the pool closes its connections when it passes. */
const deadlineScope = new AsyncLocalStorage<AbortSignal>();

export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new StorageTimeoutError(ms)), ms);
  // If the aborted work does not settle by itself (it should: its connection is closed), stop waiting.
  const gaveUp = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => setTimeout(() => reject(controller.signal.reason), ABORT_GRACE_MS).unref(), {
      once: true,
    });
  });
  gaveUp.catch(() => undefined);
  try {
    return await Promise.race([deadlineScope.run(controller.signal, work), gaveUp]);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** Connections the bot closed itself (deadline passed): their errors are expected, not a lost server. */
const closedByDeadline = new WeakSet<PoolClient>();

/** Whether the bot closed this connection itself (its deadline passed): its errors are expected, not a lost server. */
export const isClosedByDeadline = (client: PoolClient) => closedByDeadline.has(client);

function closeSocket(client: PoolClient): void {
  closedByDeadline.add(client);
  (client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
}

/** Resolves like `promise`, or rejects when `signal` aborts first (then `late` gets what arrives after). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, late: (value: T) => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      promise.then(late, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (!signal.aborted) resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Connections taken in turn when each one the pool hands out turns out closed by the server (the pool keeps at most 5). */
const IDLE_CLOSED_TRIES = 6;

/**
 * The server ended the connection (pg_terminate_backend, a restart or failover shutting down): as the
 * answer to a query, it means the query was not carried out (a transaction it was in is rolled back).
 * Told by its code: the severity pg reports is in the server's language (FATAL in English, ВАЖНО in Russian).
 */
function closedByServer(error: unknown): boolean {
  const { severity, code } = (error ?? {}) as { severity?: unknown; code?: unknown };
  return typeof severity === 'string' && (code === '57P01' || code === '57P02');
}

/**
 * The pg pool as Kysely sees it, with three guards: when an operation's deadline passes, its
 * connection is closed (so a hung server cannot keep it, and an unfinished transaction is rolled
 * back); a connection that failed is discarded instead of going back to the pool; and an operation's
 * first query on an idle connection the server closed is sent again on another one.
 */
export function guardedPool(pool: Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const signal = deadlineScope.getStore();
      const take = () => unlessAborted(pool.connect(), signal, (late) => late.release());
      let client = await take();
      let released = false;
      let queried = false;
      let broken: Error | undefined;
      const onAbort = () => {
        broken ??= signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason));
        closeSocket(client);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const query = async (text: string, parameters: readonly unknown[]) => {
        if (broken) throw broken;
        const first = !queried;
        queried = true;
        for (let tries = 1; ; tries++) {
          try {
            return await client.query(text, [...parameters]);
          } catch (error) {
            // A server restarting or failing over closes the pool's idle connections, and the pool can
            // hand one out before it has read the server's goodbye: nothing ran on it, so nothing is lost.
            if (first && closedByServer(error) && tries < IDLE_CLOSED_TRIES && !signal?.aborted) {
              released = true;
              client.release(true);
              client = await take();
              released = false;
              continue;
            }
            if (breaksConnection(error)) broken ??= error instanceof Error ? error : new Error(String(error));
            throw error;
          }
        }
      };
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release(destroy?: boolean) {
          signal?.removeEventListener('abort', onAbort);
          if (!released) client.release(broken ?? (destroy ? true : undefined));
        },
      };
    },
    end: () => pool.end(),
  };
}
