/**
 * npm run real-messages: how the bot does on real messages, both halves of the corpus.
 * `--dev-failures <search|slash|autoMissed|autoFalse>` lists the development half's failures, to
 * tune on; the held-out half is only ever counted, never listed.
 */
import { parseArgs } from 'node:util';
import { Answerer } from '../../src/answers/answerer.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries } from '../../src/data/index.js';
import { loadRealMessages } from './corpus.js';
import { evaluateText, formatTextFigures, type TextFigures } from './evaluate.js';

const { values } = parseArgs({ options: { 'dev-failures': { type: 'string' } } });
const answerer = new Answerer(new ErrorLookup(loadEntries()));
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
