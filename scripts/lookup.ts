import pino from 'pino';
import { Answerer } from '../src/answers/answerer.js';
import { runLookup } from '../src/cli/lookup.js';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';
import { OcrPool } from '../src/images/ocr-pool.js';
import { ScreenshotReader } from '../src/images/screenshot-reader.js';

// The same reader the bot uses, with one worker that starts only if --image asks for it. Its
// errors (a missing model, say) go to standard error, away from the answer on standard output.
const logger = pino({ level: 'error' }, pino.destination(2));
// Output piped into a command that stops reading (`| head`): the reader has what it wanted.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const pool = new OcrPool({ workers: 1, queueLimit: 1, idleMs: 1000, jobTimeoutMs: 60_000, logger });
const reader = new ScreenshotReader({ pool, logger, capacity: 1 });
const answerer = new Answerer(new ErrorLookup(loadEntries()), reader);
try {
  process.exitCode = await runLookup(process.argv.slice(2), answerer, {
    stdin: process.stdin,
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
    readImage: (name, bytes) => reader.readBytes(name, bytes),
  });
} finally {
  await reader.close();
}
