import { readFileSync } from 'node:fs';
import type { ErrorLookup } from '../../src/core/lookup.js';
import positives from '../../test/fixtures/chat-positive.json' with { type: 'json' };
import { ms, timeCalls } from './stats.js';

const negatives = readFileSync(new URL('../../test/fixtures/chat-negative.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => l.replace(/\\n/g, '\n'));

/** A precompiled regular expression test per message: the floor the detector is compared with. */
const FLOOR = /\b(?:auth|accounts|session|accesspoint):\d+/i;

function throughput(fn: (text: string) => unknown, rounds: number): number {
  for (let i = 0; i < 50; i++) for (const t of negatives) fn(t);
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const t of negatives) fn(t);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (rounds * negatives.length) / seconds;
}

/** A 4,000-character message built to pass the prefilter and touch every rule. */
export function worstCaseMessage(): string {
  const parts = [
    'spotify error code ',
    'A firewall may be blocking ',
    'auth:999 ',
    'error 18 steam ',
    '```js const x = { auth:1 };``` ',
    'https://example.com/accounts:103 ',
    'no internet connection ',
    'spotify installer says files are in use ',
  ];
  let text = '';
  for (let i = 0; text.length < 4000; i++) text += parts[i % parts.length];
  return text.slice(0, 4000);
}

/**
 * A server with the most phrases a server may teach (100), its list read again as the cache does every 30 s (a
 * new array): the first chat message detected with each new list, in milliseconds (it was 120–300 ms while
 * the list's first pass compiled one regular expression of all the phrases).
 */
function firstMessageWithNewPhraseList(detector: ErrorLookup['detector'], lists = 20): number[] {
  const times: number[] = [];
  for (let list = 0; list < lists; list++) {
    const phrases = Array.from({ length: 100 }, (_, i) => ({ phrase: `stuck on the loading screen ${list} step ${i} again`, code: 'auth:3' }));
    const started = process.hrtime.bigint();
    // Chat, as most messages are: the detector's own first pass lets it go, the phrases' first pass decides.
    detector.detect('anyone up for a game tonight? bring snacks', { phrases });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export function benchDetect(lookup: ErrorLookup) {
  const detector = lookup.detector;
  let falsePositives = 0;
  for (const t of negatives) {
    const d = detector.detect(t);
    if (d.matches.length || d.ambiguous) falsePositives++;
  }
  let found = 0;
  for (const p of positives) {
    const d = detector.detect(p.text);
    if (d.matches.length || d.ambiguous) found++;
  }
  const truePositives = found;
  const precision = truePositives / (truePositives + falsePositives);
  const recall = truePositives / positives.length;
  const detectorRate = throughput((t) => detector.detect(t), 3000);
  const floorRate = throughput((t) => FLOOR.test(t), 3000);
  const prefilterRate = throughput((t) => detector.mightContainError(t), 3000);
  const worst = timeCalls([worstCaseMessage()], (t) => detector.detect(t, { symptomMode: true }), 2000, 3000);
  const phraseList = firstMessageWithNewPhraseList(detector);
  const newPhraseList = { medianMs: phraseList[Math.floor(phraseList.length / 2)]!, maxMs: phraseList.at(-1)! };
  return {
    negatives: negatives.length,
    positives: positives.length,
    precision,
    recall,
    detectorRate,
    prefilterRate,
    floorRate,
    worst,
    newPhraseList,
    markdown: [
      `| figure | value |`,
      `| --- | --- |`,
      `| precision on the fixtures (${negatives.length} chat messages, ${positives.length} pasted errors) | ${(precision * 100).toFixed(1)}% |`,
      `| recall on the fixtures | ${(recall * 100).toFixed(1)}% |`,
      `| detector, messages per second over the chat corpus | ${Math.round(detectorRate).toLocaleString('en')} |`,
      `| its prefilter alone | ${Math.round(prefilterRate).toLocaleString('en')} |`,
      `| floor: one precompiled regular expression \`test\` | ${Math.round(floorRate).toLocaleString('en')} |`,
      `| detector / floor | ${(floorRate / detectorRate).toFixed(1)}× slower |`,
      `| worst case, a 4,000-character message (median / p99) | ${ms(worst.medianMs)} / ${ms(worst.p99Ms)} |`,
      `| a server's 100 phrases read again (a new list, every 30 s): its first chat message (median / max of 20) | ${ms(newPhraseList.medianMs)} / ${ms(newPhraseList.maxMs)} |`,
    ].join('\n'),
  };
}
