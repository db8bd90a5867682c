/**
 * Writes src/data/examples.json: the labelled real messages of the training sets (people's wording,
 * issue titles, descriptions, pasted errors; never the real-message corpus the figures are measured
 * on), which search reads as people's ways of describing each entry (src/core/examples.ts).
 * Run after changing one of those fixtures: `npm run build-examples`. A test checks the file is current.
 */
import { writeFileSync } from 'node:fs';
import { trainingExamples } from './real-messages/corpus.js';

const path = new URL('../src/data/examples.json', import.meta.url);
const examples = trainingExamples();
// One example a line: a change to a fixture shows as a change to its lines.
writeFileSync(path, `[\n${examples.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
process.stdout.write(`wrote ${examples.length} examples to src/data/examples.json\n`);
