import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines for development; JSON otherwise. */
  pretty?: boolean;
  /** Strings (the bot token) replaced by [REDACTED] wherever they appear in a log line. */
  secrets?: readonly string[];
  destination?: NodeJS.WritableStream;
}

const REDACT_PATHS = ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'config.token'];

/** An interaction's or webhook's token in a REST route: `/interactions/<id>/<token>/callback`, `/webhooks/<app>/<token>`. */
const ROUTE_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[^/\s?"']+/g;

/** Interaction and webhook tokens masked in a string. */
export function withoutRouteTokens(text: string): string {
  return text.replace(ROUTE_TOKEN, '$1[REDACTED]');
}

/**
 * Errors as logged: never the request body Discord was sent (it holds members' text and what was
 * read from their images), and never an interaction's token from its route; nor in an error's
 * `cause` or among an AggregateError's errors, which pino serializes too.
 */
function safeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return scrubbed(pino.stdSerializers.err(error) as unknown as Record<string, unknown>);
}

function scrubbed(serialized: Record<string, unknown>): Record<string, unknown> {
  delete serialized.requestBody;
  for (const key of ['url', 'message', 'stack']) {
    if (typeof serialized[key] === 'string') serialized[key] = withoutRouteTokens(serialized[key] as string);
  }
  const nested = [serialized.cause, ...(Array.isArray(serialized.aggregateErrors) ? serialized.aggregateErrors : [])];
  for (const inner of nested) if (inner && typeof inner === 'object') scrubbed(inner as Record<string, unknown>);
  return serialized;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const out = options.destination ?? process.stdout;
  const target = options.pretty ? pretty({ colorize: true, destination: out as never, sync: true }) : out;
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const stream = secrets.length
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          let line = chunk.toString();
          for (const secret of secrets) line = line.split(secret).join('[REDACTED]');
          target.write(line);
          done();
        },
      })
    : target;
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, serializers: { err: safeError } },
    stream,
  );
}
