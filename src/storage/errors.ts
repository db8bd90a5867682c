/**
 * What can go wrong with the database, sorted into what callers act on: the database is
 * unreachable, slow or locked right now (StorageUnavailableError: answer without it, or tell the
 * moderator politely), or it could not be opened at start (StorageStartError: one line, exit 1).
 */

/** The database did not answer (down, hung, locked, too slow); nothing was changed by the operation. */
export class StorageUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`storage unavailable (${operation}): ${errorText(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** An operation ran past its deadline. */
export class StorageTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'StorageTimeoutError';
  }
}

/** Opening or migrating the database at start failed; the message is the one line to show. */
export class StorageStartError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StorageStartError';
  }
}

/** The error's own message, one line, without a stack. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message || (typeof code === 'string' ? code : error.name);
    return text.replace(/\s+/g, ' ').trim();
  }
  return String(error).replace(/\s+/g, ' ').trim();
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** SQLite's "someone else holds the lock" (another process writing, or an exclusive lock). */
export function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(codeOf(error));
}

/**
 * Whether the connection an error came from is unusable: everything that is not an ordinary
 * PostgreSQL error response, and the responses that mean the server is going away.
 */
export function breaksConnection(error: unknown): boolean {
  const severity = (error as { severity?: unknown } | null)?.severity;
  if (typeof severity !== 'string') return true;
  return /^(08|57P)/.test(codeOf(error));
}

/**
 * Whether an error means "the database is not answering" (down, unreachable, hung, locked, out of
 * space or damaged) rather than a bug in a query: only these become StorageUnavailableError.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StorageTimeoutError || error instanceof StorageUnavailableError) return true;
  const code = codeOf(error);
  if (code.startsWith('SQLITE_')) {
    return /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|INTERRUPT)/.test(code);
  }
  const severity = (error as { severity?: unknown } | null)?.severity;
  if (typeof severity === 'string') {
    // PostgreSQL answered with an error: connection, resources, operator intervention, timeouts, conflicts.
    return /^(08|53|57|58|40001|40P01|55P03|25006)/.test(code);
  }
  // No SQLSTATE: the driver's own errors (connection refused or lost, timeouts, pool exhausted).
  return (
    /^(E[A-Z]+)$/.test(code) ||
    (error instanceof Error &&
      /terminated|timeout|timed out|not queryable|Connection|connect|ended|abort/i.test(error.message))
  );
}

/**
 * Whether PostgreSQL could not be opened at start for a reason that passes by itself: the server
 * down or unreachable (refused, timed out), starting up or shutting down, or out of connections.
 * The bot then starts in an outage and opens it once it answers. A wrong password, an unknown
 * database or host name, missing rights or a failed migration do not pass: they stop the bot.
 */
export function isTransientAtStart(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof (error as { severity?: unknown } | null)?.severity === 'string') {
    // Connection exceptions, too many clients, the server shutting down or starting up.
    return /^(08|53300|57P0[1-3])/.test(code);
  }
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|EPIPE|EAI_AGAIN)$/.test(code)) return true;
  // pg's own: a connect or query timeout, or the server closing the connection while it starts.
  return !code && error instanceof Error && /timeout|timed out|Connection terminated/i.test(error.message);
}
