/**
 * npm run real-messages: how the bot does on real messages, both halves of the corpus.
 * `--dev-failures <search|slash|autoMissed|autoFalse>` lists the development half's failures, to
 * tune on; the held-out half is only ever counted, never listed. `--screenshots` also reads the
 * corpus drawn as screenshots with the real OCR (a few minutes; `--dev-failures screenshots` lists them).
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Answerer } from '../../src/answers/answerer.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries } from '../../src/data/index.js';
import { loadRealMessages } from './corpus.js';
import { evaluateText, formatTextFigures, type TextFigures } from './evaluate.js';
import { evaluateRealScreenshots, formatRealScreenshots, realMessageScreenshots } from './screenshots.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';

const { values } = parseArgs({ options: { 'dev-failures': { type: 'string' }, screenshots: { type: 'boolean' } } });
const lookup = new ErrorLookup(loadEntries());
const answerer = new Answerer(lookup);
const messages = loadRealMessages();
for (const split of ['dev', 'heldout'] as const) {
  const half = messages.filter((m) => m.split === split);
  const figures = await evaluateText(answerer, half);
  process.stdout.write(`${formatTextFigures(split === 'dev' ? 'development half' : 'held-out half', figures)}\n`);
  const which = values['dev-failures'] as keyof TextFigures['failures'] | undefined;
  if (split === 'dev' && which) {
    for (const { message, got } of figures.failures[which] ?? []) {
      process.stdout.write(`- [${message.kind}] ${JSON.stringify(message.text.slice(0, 200))}\n    expected ${message.expected.join(' | ') || 'nothing'} · got ${got}\n`);
    }
  }
}

if (values.screenshots) {
  const logger = pino({ level: 'silent' });
  const pool = new OcrPool({ workers: 2, queueLimit: 1000, idleMs: 60_000, jobTimeoutMs: 120_000, logger });
  const reader = new ScreenshotReader({ pool, logger, capacity: 1000 });
  try {
    const report = await evaluateRealScreenshots(await realMessageScreenshots(messages), reader, new Answerer(lookup, reader));
    process.stdout.write(`${formatRealScreenshots(report, values['dev-failures'] === 'screenshots')}\n`);
  } finally {
    await pool.close();
  }
}
