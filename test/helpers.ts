import pino from 'pino';
import type { Logger } from '../src/logger.js';
import { Answerer } from '../src/answers/answerer.js';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';

let shared: ErrorLookup | undefined;

/** One lookup over the committed dataset, shared by a test file. */
export function sharedLookup(): ErrorLookup {
  shared ??= new ErrorLookup(loadEntries());
  return shared;
}

/** The answering module over the shared lookup, without a screenshot reader. */
export function sharedAnswerer(): Answerer {
  return new Answerer(sharedLookup());
}

/** A pino logger whose lines the test can read. */
export function collectingLogger(): { logger: Logger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}
