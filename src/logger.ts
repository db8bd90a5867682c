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
  return pino({ level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, stream);
}
