/**
 * npm run real-messages: how the bot does on real messages, both halves of the corpus.
 * `--dev-failures <search|slash|autoMissed|autoFalse>` lists the development half's failures, to
 * tune on; the held-out half is only ever counted, never listed. `--training-failures <autoMissed|autoFalse>`
 * lists those of the pasted-errors training set, `<search|slash>` those of the issue titles;
 * `--description-failures <search|slash|autoFalse>` those of the descriptions, `--near-miss-failures autoFalse`
 * the near-misses answered. `--screenshots` also reads the
 * corpus drawn as screenshots with the real OCR (about a minute; `--dev-failures screenshots` lists them).
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Answerer } from '../../src/answers/answerer.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries, type ExampleSet } from '../../src/data/index.js';
import {
  descriptionsAsMessages,
  issueTitlesAsMessages,
  loadDescriptions,
  loadIssueTitles,
  loadNearMisses,
  loadPastedErrors,
  loadRealMessages,
  pastedErrorsAsMessages,
} from './corpus.js';
import { evaluateText, formatTextFigures, lookupWithoutSet, type Failure, type TextFigures } from './evaluate.js';
import { evaluateRealScreenshots, formatRealScreenshots, realMessageScreenshots } from './screenshots.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';

const { values } = parseArgs({
  options: { 'dev-failures': { type: 'string' }, 'training-failures': { type: 'string' }, 'description-failures': { type: 'string' }, 'near-miss-failures': { type: 'string' }, screenshots: { type: 'boolean' } },
});
const lookup = new ErrorLookup(loadEntries());
const answerer = new Answerer(lookup);
/**
 * A training set is read by a bot that learnt nothing from it: search's examples (src/data/examples.json)
 * without that set's rows. The real-message corpus is in none of them.
 */
const answererWithout = (set: ExampleSet) => new Answerer(lookupWithoutSet(set));
const messages = loadRealMessages();
for (const split of ['dev', 'heldout'] as const) {
  const half = messages.filter((m) => m.split === split);
  const figures = await evaluateText(answerer, half);
  process.stdout.write(`${formatTextFigures(split === 'dev' ? 'development half' : 'held-out half', figures)}\n`);
  const which = values['dev-failures'] as keyof TextFigures['failures'] | undefined;
  if (split === 'dev' && which) {
    printFailures(figures.failures[which], true);
  }
}

// The pasted-errors training set: automatic replies only (its failures are what new detector kinds were found on).
const training = await evaluateText(answererWithout('pasted-errors'), pastedErrorsAsMessages(loadPastedErrors()));
const { auto } = training;
process.stdout.write(
  `training set (pasted-errors.jsonl): automatic replies recall ${pct(auto.recalled, auto.positives)} (${auto.positives} pasted errors), answered near-misses ${pct(auto.falsePositives, auto.negatives)} (${auto.falsePositives} of ${auto.negatives})\n`,
);
// Issue titles: what people type (search and the slash command; labelled from their threads, so some say too little).
const titles = await evaluateText(answererWithout('issue-titles'), issueTitlesAsMessages(loadIssueTitles()));
const { search, slash } = titles;
process.stdout.write(
  `training set (issue-titles.jsonl): search top-1 ${pct(search.top1, search.total)}, top-3 ${pct(search.top3, search.total)} (${search.total} titles); /spotify-error public and right ${pct(slash.publicRight, slash.total)}; single-entry answers right ${pct(slash.singleRight, slash.single)} (${slash.single})\n`,
);
const trainingWhich = values['training-failures'] as 'autoMissed' | 'autoFalse' | 'search' | 'slash' | undefined;
printFailures(trainingWhich === 'search' || trainingWhich === 'slash' ? titles.failures[trainingWhich] : trainingWhich ? training.failures[trainingWhich] : []);

// Descriptions in people's own words, and posts that are no documented error: the slash command, and automatic replies that must stay silent.
const descriptions = await evaluateText(answererWithout('descriptions'), descriptionsAsMessages(loadDescriptions()));
process.stdout.write(
  `training set (descriptions.jsonl): search top-1 ${pct(descriptions.search.top1, descriptions.search.total)}, top-3 ${pct(descriptions.search.top3, descriptions.search.total)} (${descriptions.search.total} descriptions); /spotify-error public and right ${pct(descriptions.slash.publicRight, descriptions.slash.total)}; single-entry answers right ${pct(descriptions.slash.singleRight, descriptions.slash.single)} (${descriptions.slash.single}); automatic replies to posts that are no error ${descriptions.auto.falsePositives} of ${descriptions.auto.negatives}\n`,
);
printFailures(descriptions.failures[values['description-failures'] as keyof TextFigures['failures']]);

// Near-misses: other programs' errors, Spotify talk that is no error, and chat, which automatic replies must
// leave alone (read as the pasted errors' near-misses are).
const nearMisses = await evaluateText(answerer, pastedErrorsAsMessages(loadNearMisses()));
process.stdout.write(
  `training set (near-misses.jsonl): automatic replies answered ${pct(nearMisses.auto.falsePositives, nearMisses.auto.negatives)} (${nearMisses.auto.falsePositives} of ${nearMisses.auto.negatives})\n`,
);
printFailures(nearMisses.failures[values['near-miss-failures'] as keyof TextFigures['failures']]);

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

/** A set's failures of one kind, one per line with what was expected and what came; nothing for a kind that does not exist. */
function printFailures(failures: readonly Failure[] | undefined, withKind = false): void {
  for (const { message, got } of failures ?? []) {
    const kind = withKind ? `[${message.kind}] ` : '';
    process.stdout.write(`- ${kind}${JSON.stringify(message.text.slice(0, 200))}\n    expected ${message.expected.join(' | ') || 'nothing'} · got ${got}\n`);
  }
}

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)}%` : '—';
}
