/**
 * npm run bench: every benchmark in one process run; prints the tables and writes them, with the
 * machine, Node version and date, to docs/benchmarks.md. Peers run on the same inputs in the
 * same run, so ratios hold on a noisy machine.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';
import { benchDetect } from './bench/detect.js';
import { benchSearch } from './bench/search.js';
import { benchStart } from './bench/start.js';
import { ms } from './bench/stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const log = (text: string) => process.stdout.write(`${text}\n`);

log('Building (npm run build) for the start-up figures…');
execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });

const entries = loadEntries();
const lookup = new ErrorLookup(entries);

log('Search: this bot vs Fuse.js defaults vs MiniSearch…');
const search = benchSearch(entries);
log(search.markdown);
const [ours, fuse, mini] = search.rows;
const p99At = (row: typeof ours, length: number) => row!.timings[search.lengths.indexOf(length)]!.p99Ms;
const ratio = (peer: typeof ours, length: number) => p99At(peer, length) / p99At(ours, length);

log('\nDetection…');
const detect = benchDetect(lookup);
log(detect.markdown);

log('\nStart-up…');
const start = benchStart();
log(`own work ${ms(start.work)}, process start to ready ${ms(start.sinceStart)}`);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const doc = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores,
${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}. Every figure below comes
from one run of that command; peers run in the same process on the same inputs.

## Search

Per-call latency for queries of each length (labelled queries, padded with chat or cut), and
accuracy on the ${search.rows.length && 60} labelled queries in \`test/fixtures/labelled-queries.json\`.
Fuse.js runs with its default options over the same fields; MiniSearch with \`fuzzy: 0.2, prefix: true\`.
Slow engines are sampled for a few seconds per length, so their p99 rests on fewer calls.

${search.markdown}

| target | figure | |
| --- | --- | --- |
| p99 ≤ 0.1 ms at 60 characters | ${ms(p99At(ours, 60))} | ${verdict(p99At(ours, 60) <= 0.1)} |
| p99 ≤ 1 ms at 4,000 characters | ${ms(p99At(ours, 4000))} | ${verdict(p99At(ours, 4000) <= 1)} |
| ≥ 50× faster than Fuse.js defaults (p99, 60 / 4,000 characters) | ${ratio(fuse, 60).toFixed(0)}× / ${ratio(fuse, 4000).toFixed(0)}× | ${verdict(ratio(fuse, 60) >= 50 && ratio(fuse, 4000) >= 50)} |
| ≥ 3× faster than MiniSearch (p99, 60 / 4,000 characters) | ${ratio(mini, 60).toFixed(1)}× / ${ratio(mini, 4000).toFixed(1)}× | ${verdict(ratio(mini, 60) >= 3 && ratio(mini, 4000) >= 3)} |
| accuracy no lower than either peer (top-1 / top-3) | ${(ours!.top1 * 100).toFixed(1)}% / ${(ours!.top3 * 100).toFixed(1)}% | ${verdict(ours!.top1 >= Math.max(fuse!.top1, mini!.top1) && ours!.top3 >= Math.max(fuse!.top3, mini!.top3))} |

## Automatic-reply detection

${detect.markdown}

| target | figure | |
| --- | --- | --- |
| within 10× of the regular-expression floor | ${(detect.floorRate / detect.detectorRate).toFixed(1)}× | ${verdict(detect.floorRate / detect.detectorRate <= 10)} |
| at least 2 million messages a second | ${(detect.detectorRate / 1e6).toFixed(2)} million | ${verdict(detect.detectorRate >= 2e6)} |
| ≤ 1 ms for a 4,000-character message | ${ms(detect.worst.p99Ms)} (p99) | ${verdict(detect.worst.p99Ms <= 1)} |

## Start-up

Fresh processes on the built code, median of ${start.runs}.

| figure | value | target |
| --- | --- | --- |
| the bot's own work: dataset validated, indexes built, first answer | ${ms(start.work)} | ≤ 100 ms: ${verdict(start.work <= 100)} |
| module loading (discord.js, zod, pino, the bot) | ${ms(start.modules)} | |
| process start to ready to answer, before any network | ${ms(start.sinceStart)} | |
`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
log('\nWrote docs/benchmarks.md');
