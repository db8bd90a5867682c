/**
 * npm run bench: every benchmark in one process run; prints the tables and writes them, with the
 * machine, Node version and date, to docs/benchmarks.md. Peers run on the same inputs in the
 * same run, so ratios hold on a noisy machine.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Answerer } from '../src/answers/answerer.js';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries, loadExamples } from '../src/data/index.js';
import { benchDetect } from './bench/detect.js';
import { benchFlood } from './bench/flood.js';
import { benchSearch, benchServerPhrases } from './bench/search.js';
import { benchScale } from './bench/scale.js';
import { benchScreenshots, realMessagesTable, upscaleTable } from './bench/screenshots.js';
import { benchStart } from './bench/start.js';
import { benchSweep } from './bench/sweep.js';
import { ms } from './bench/stats.js';
import { benchWorst } from './bench/worst.js';
import {
  descriptionsAsMessages,
  issueTitlesAsMessages,
  loadDescriptions,
  loadIssueTitles,
  loadNearMisses,
  loadPastedErrors,
  loadPeopleWording,
  loadRealMessages,
  pastedErrorsAsMessages,
} from './real-messages/corpus.js';
import { evaluateText, lookupWithoutSet, wordingInTopThree, type TextFigures } from './real-messages/evaluate.js';

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
const serverPhrases = benchServerPhrases(lookup);
log(serverPhrases.markdown);

log('\nDetection…');
const detect = benchDetect(lookup);
log(detect.markdown);

log('\nInputs found by attacking the bot…');
const worst = benchWorst(lookup);
log(worst.markdown);

log('\nReal messages, both halves of the corpus…');
const realMessages = loadRealMessages();
const realText: Record<'dev' | 'heldout', TextFigures> = {
  dev: await evaluateText(new Answerer(lookup), realMessages.filter((m) => m.split === 'dev')),
  heldout: await evaluateText(new Answerer(lookup), realMessages.filter((m) => m.split === 'heldout')),
};

// Each training set read by a bot whose search learnt nothing from it (its rows are among search's examples).
const wording = loadPeopleWording();
const wordingFound = wordingInTopThree(lookupWithoutSet('people-wording'), wording);
const pastedErrors = loadPastedErrors();
const pastedFigures = (await evaluateText(new Answerer(lookupWithoutSet('pasted-errors')), pastedErrorsAsMessages(pastedErrors))).auto;
const issueTitles = loadIssueTitles();
const titleFigures = await evaluateText(new Answerer(lookupWithoutSet('issue-titles')), issueTitlesAsMessages(issueTitles));
const descriptions = loadDescriptions();
const descriptionFigures = await evaluateText(new Answerer(lookupWithoutSet('descriptions')), descriptionsAsMessages(descriptions));
const nearMisses = loadNearMisses();
const nearMissFigures = await evaluateText(new Answerer(lookup), pastedErrorsAsMessages(nearMisses));

log('\nStart-up…');
const start = benchStart();
log(`own work ${ms(start.work)}, process start to ready ${ms(start.sinceStart)}`);

log('\nMemory and event loop with 1,000 servers (about a minute)…');
const scale = await benchScale();
log(JSON.stringify(scale));
const lastSample = scale.memorySamples.at(-1)!;

log('\nA help-forum sweep over 40,000 open posts on SQLite…');
const sweep = await benchSweep();
log(JSON.stringify(sweep));

log('\nA flood: 200 pasted errors a second for three minutes, REST limited to 50 a second…');
const flood = await benchFlood();
log(JSON.stringify({ ...flood, samples: flood.samples.length }));

log('\nScreenshots: OCR accuracy and speed, downscaling, the bot with images in flight (a few minutes)…');
const shots = await benchScreenshots(lookup);
const { report: ocr, inBot } = shots;
log(JSON.stringify({ ...shots, report: { recalled: ocr.recalled, positives: ocr.positives, falsePositives: ocr.falsePositives, negatives: ocr.negatives } }));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const onPlatforms = (platforms: string[]) => entries.filter((e) => [...e.platforms].sort().join() === [...platforms].sort().join()).length;
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const half = (f: TextFigures) => ({
  top1: pct(f.search.top1, f.search.total),
  top3: pct(f.search.top3, f.search.total),
  slash: pct(f.slash.publicRight, f.slash.total),
  single: pct(f.slash.singleRight, f.slash.single),
  offered: `${f.slash.menusRight} of ${f.slash.menus} / ${f.slash.missesNearestRight} of ${f.slash.misses}`,
  recall: pct(f.auto.recalled, f.auto.positives),
  falsePositives: pct(f.auto.falsePositives, f.auto.negatives),
});
const [dev, held] = [half(realText.dev), half(realText.heldout)];
const shotPct = (split: 'dev' | 'heldout') => pct(shots.realMessages[split].right, shots.realMessages[split].positives);
const shotFalse = (split: 'dev' | 'heldout') => `${shots.realMessages[split].falsePositives} of ${shots.realMessages[split].negatives}`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function floodMemoryText({ lastMinute: m }: Awaited<ReturnType<typeof benchFlood>>): string {
  const collected = m.collection ? ` V8's largest collection, at ${m.collection.second} s, took the heap from ${m.collection.fromMb} to ${m.collection.toMb} MB.` : '';
  return m.levelsOff
    ? `Over the last minute resident memory stayed between ${m.minMb} and ${m.maxMb} MB: it levels off, with the replies held at their bound and what arrives past it dropped, not queued. The rise before is garbage of messages already handled, waiting for a full collection.${collected}`
    : `**Resident memory was still rising at the end** (${m.minMb} to ${m.maxMb} MB over the last minute).${collected}`;
}
const doc = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores,
${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}. Every figure below comes
from one run of that command; peers run in the same process on the same inputs. The dataset is the
reference's ${entries.length} entries: ${onPlatforms(['windows'])} on Windows only, ${onPlatforms(['macos'])} on macOS only, ${onPlatforms(['windows', 'macos'])} on both.

## Accuracy: the fixtures against real messages

The fixtures are phrasings written for this project's own tests; the real messages are quoted from
public posts (\`test/fixtures/real-messages.jsonl\`, ${realMessages.length} rows, described in
\`test/fixtures/real-messages.md\`), split by source thread into a development half, which the rules were
tuned on, and a held-out half, which is only ever counted. The held-out column is the figure to
believe. Goals are those of the issue on real phrasings.

| figure | fixtures | real, development half | real, held-out half | goal |
| --- | --- | --- | --- | --- |
| search: right entry first (queries) | ${(ours!.top1 * 100).toFixed(1)}% (60) | ${dev.top1} (${realText.dev.search.total}) | ${held.top1} (${realText.heldout.search.total}) | ≥ 92% |
| search: right entry in the top three | ${(ours!.top3 * 100).toFixed(1)}% | ${dev.top3} | ${held.top3} | ≥ 98% |
| \`/spotify-error\`: public answer with the right entry | | ${dev.slash} | ${held.slash} | ≥ 85% |
| \`/spotify-error\`: single-entry answers right (answers) | | ${dev.single} (${realText.dev.slash.single}) | ${held.single} (${realText.heldout.slash.single}) | ≥ 97% |
| \`/spotify-error\`, not answered: menus that list the right entry / misses that show it among the closest | | ${dev.offered} | ${held.offered} | |
| automatic replies: pasted errors answered right (pastes) | ${(detect.recall * 100).toFixed(1)}% (${detect.positives}) | ${dev.recall} (${realText.dev.auto.positives}) | ${held.recall} (${realText.heldout.auto.positives}) | ≥ 95% |
| automatic replies: chat and near-misses answered (messages) | ${(100 - detect.precision * 100).toFixed(1)}% of answers (${detect.negatives}) | ${dev.falsePositives} (${realText.dev.auto.negatives}) | ${held.falsePositives} (${realText.heldout.auto.negatives}) | ≤ 0.5% |
| screenshots of the error dialog answered right | ${pct(ocr.recalled, ocr.positives)} (${ocr.positives}) | ${shotPct('dev')} (${shots.realMessages.dev.positives}) | ${shotPct('heldout')} (${shots.realMessages.heldout.positives}) | ≥ 90% |
| other images answered | ${ocr.falsePositives} of ${ocr.negatives} | ${shotFalse('dev')} | ${shotFalse('heldout')} | 0 |

On the fixtures a false positive is counted against the answers given (1 − precision); on real
messages, against the messages that must not be answered. Real screenshots are the corpus's pasted and
described dialogs drawn in the generator's looks (\`scripts/real-messages/screenshots.ts\`). The goals
are not met on real messages: direct answers are nearly always right, but too many real queries still
get a menu or nothing, and pastes the reference words differently are missed.

The synonym table (\`src/core/synonyms.ts\`) was partly written from ${wording.length} phrases of people's own wording
collected from public posts outside the corpus's threads (\`test/fixtures/people-wording.jsonl\`): a training
set, not a measure; search (without them among its examples) puts their entry in the top three for ${wordingFound} of them. Four more training sets
from posts outside the corpus's threads are where later kinds of failure were found: ${pastedErrors.length} pasted errors
and near-misses (\`test/fixtures/pasted-errors.jsonl\`: automatic replies answer ${pastedFigures.recalled} of ${pastedFigures.positives} pastes and
${pastedFigures.falsePositives} of ${pastedFigures.negatives} near-misses), ${issueTitles.length} issue titles (\`test/fixtures/issue-titles.jsonl\`: search puts the
right entry first for ${titleFigures.search.top1} and in the top three for ${titleFigures.search.top3}; \`/spotify-error\` answers ${titleFigures.slash.publicRight} publicly and right,
${titleFigures.slash.singleRight} of its ${titleFigures.slash.single} single answers right; ${titleFigures.slash.missesNearestRight} of its ${titleFigures.slash.misses} misses show the right entry among the closest), ${descriptions.length} descriptions in people's own words with posts that are no
documented error (\`test/fixtures/descriptions.jsonl\`: search puts the right entry first for ${descriptionFigures.search.top1} of ${descriptionFigures.search.total} and in the top three
for ${descriptionFigures.search.top3}; \`/spotify-error\` answers ${descriptionFigures.slash.publicRight} publicly and right, ${descriptionFigures.slash.singleRight} of its ${descriptionFigures.slash.single} single answers right, ${descriptionFigures.slash.missesNearestRight} of its ${descriptionFigures.slash.misses} misses show the right entry among the closest; automatic
replies answer ${descriptionFigures.auto.falsePositives} of the ${descriptionFigures.auto.negatives} posts that are no error), and ${nearMisses.length} near-misses that must never be answered
(\`test/fixtures/near-misses.jsonl\`: other programs' errors, Spotify talk that is no error, and chat; automatic replies
answer ${nearMissFigures.auto.falsePositives} of them). The labelled rows of the first four are also search's examples of how people
word each error (\`src/data/examples.json\`, ${loadExamples().length} messages; \`src/core/examples.ts\`): the figures of each set here are
those of a bot built without that set's rows, so none is measured on what it learnt from. The real-message corpus is in none of them.
The titles and descriptions are labelled from their threads and many say too
little to tell, so their direct answers are right less often than the development half's: a
reminder that the calibration rests on one half of one corpus.

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

A server's own phrases (the most it may teach, 100) are read in every search and detection of its messages:

${serverPhrases.markdown}

| target | figure | |
| --- | --- | --- |
| an answer with a server's 100 phrases within 2× of one without (60 characters, median) | ${serverPhrases.worstRatio.toFixed(1)}× | ${verdict(serverPhrases.worstRatio <= 2)} |

## Automatic-reply detection

${detect.markdown}

| target | figure | |
| --- | --- | --- |
| within 10× of the regular-expression floor | ${(detect.floorRate / detect.detectorRate).toFixed(1)}× | ${verdict(detect.floorRate / detect.detectorRate <= 10)} |
| at least 2 million messages a second | ${(detect.detectorRate / 1e6).toFixed(2)} million | ${verdict(detect.detectorRate >= 2e6)} |
| ≤ 1 ms for a 4,000-character message | ${ms(detect.worst.p99Ms)} (p99) | ${verdict(detect.worst.p99Ms <= 1)} |
| ≤ 5 ms for the first chat message after a server's 100 phrases are read again | ${ms(detect.newPhraseList.maxMs)} (max) | ${verdict(detect.newPhraseList.maxMs <= 5)} |

## Inputs found by attacking the bot

Text that once made a regular expression backtrack or a fallback run long; each must stay under 1 ms
for detection (every rule running, as in a help channel), search and autocomplete.

${worst.markdown}

| target | figure | |
| --- | --- | --- |
| every call ≤ 1 ms (p99) | worst ${ms(worst.worst)} | ${verdict(worst.worst <= 1)} |

## Start-up

Fresh processes on the built code, median of ${start.runs}.

| figure | value | target |
| --- | --- | --- |
| the bot's own work: dataset validated, indexes built, first answer | ${ms(start.work)} | ≤ 100 ms: ${verdict(start.work <= 100)} |
| module loading (discord.js, zod, pino, the bot) | ${ms(start.modules)} | |
| process start to ready to answer, before any network | ${ms(start.sinceStart)} | |

## Memory and event loop at scale

The built bot (\`node dist/index.js\`) against the local stand-in, with automatic replies on in every
server's support category; figures read from its health endpoint. Servers have 50 channels and 200
members each; one message in twenty is a pasted error.

| figure | value | target |
| --- | --- | --- |
| resident memory, 100 servers, idle after start | ${scale.smallRss} MB | |
| resident memory, 1,000 servers, idle after start | ${scale.readyRss} MB | |
| growth per 100 servers | ${scale.perHundredGuilds.toFixed(1)} MB | |
| resident memory after 100,000 messages, 1,000 servers | ${lastSample.rssMb} MB (heap ${lastSample.heapUsedMb} MB) | ≤ 120 MB: ${verdict(lastSample.rssMb <= 120)} |
| event-loop delay p99 while 1,000 messages a second arrive for 10 s | ${scale.flood.p99} ms (p50 ${scale.flood.p50} ms, max ${scale.flood.max} ms) | ≤ 5 ms: ${verdict(scale.flood.p99 <= 5)} |
| longest hold of the event loop during a help-forum sweep (SQLite, ${sweep.guilds.toLocaleString('en')} servers, ${sweep.posts.toLocaleString('en')} open posts; CPU time, median of 3) | ${ms(sweep.medianLongestMs)} | ≤ 25 ms: ${verdict(sweep.medianLongestMs <= 25)} |

Memory after each 25,000 messages (resident / heap used, MB): ${scale.memorySamples.map((m) => `${m.messages.toLocaleString('en')}: ${m.rssMb} / ${m.heapUsedMb}`).join(' · ')}.

## A flood of pasted errors

The built bot against the stand-in, ${flood.perSecond} pasted errors a second for ${flood.seconds} s (${flood.messages.toLocaleString('en')} messages)
over 20 servers, each from a new member in a new channel so no cooldown holds them back, while the
stand-in lets ${flood.restPerSecond} message posts a second through (Discord's global limit) and answers the rest
with 429. The bot holds at most 100 replies in flight (20 per server) and drops the rest, counted.

| figure | value | target |
| --- | --- | --- |
| resident memory before / at the peak / at the end | ${flood.rssBeforeMb} / ${flood.peakRssMb} / ${flood.samples.at(-1)!.rssMb} MB | |
| replies in flight at the peak | ${flood.peakWorking} | ≤ 100: ${verdict(flood.peakWorking <= 100)} |
| replies posted / dropped | ${flood.replies.toLocaleString('en')} / ${flood.dropped.toLocaleString('en')} | |

Every 10 s (second: resident / heap used MB, replies in flight): ${flood.samples.map((x) => `${x.second}: ${x.rssMb} / ${x.heapUsedMb}, ${x.working}`).join(' · ')}.
${floodMemoryText(flood)}

## Screenshots

Generated fixtures (\`scripts/fixtures/screenshots.ts\`, the same ones \`npm test\` checks): the Spotify
dialog dark and light, DejaVu and several open fonts (\`@fontsource\`), 11–30 px, alone or inside a full-screen 1920 × 1080 window
(some dimmed behind the dialog, as Spotify draws its modals),
PNG, JPEG at quality 60–80 and WebP, windows scaled to 60–75 %, some drawn at twice the size and scaled to half; the macOS alerts
also in macOS's own look (light and dark, standard and Retina); and images that must
not be answered (other apps' errors, code and configs with \`auth\` and \`429\`, memes, a receipt, photos, a
Spotify window without an error, other apps' macOS alerts in the same words). One tesseract.js worker, as the bot runs by default; seconds are the
worker's time per image, not counting time waiting in the queue.

| figure | value |
| --- | --- |
| answered with the right entry | ${ocr.recalled} of ${ocr.positives} (${((100 * ocr.recalled) / ocr.positives).toFixed(1)}%) |
| false positives | ${ocr.falsePositives} of ${ocr.negatives} |
| seconds per image, all ${ocr.results.length} | ${ocr.secondsPerImage.toFixed(2)} s |
| seconds per image: dialog alone / full-screen 1920 × 1080 / other images | ${shots.dialogSeconds.toFixed(2)} / ${shots.fullScreenSeconds.toFixed(2)} / ${shots.otherSeconds.toFixed(2)} s |
| a worker starting (model loaded from the package) | ${shots.workerStartSeconds.toFixed(2)} s |

**Downscaling large screenshots does not pay.** The full-screen fixtures read at their size and
scaled down before reading:

| scale | answered right | seconds per image |
| --- | --- | --- |
${shots.downscale.map((r) => `| ${r.factor} | ${r.recalled} of ${r.total} | ${r.secondsPerImage.toFixed(2)} s |`).join('\n')}

Text in a 1920 × 1080 screenshot is 13–16 px high; below that tesseract misreads it, so the time saved
costs answers. Cropping to text regions is what tesseract's own page layout analysis already does.

**Upscaling small images pays.** Small text (dialogs at 11–14 px, windows scaled to 60–75 %, JPEG at
quality 60–80, other fonts) read at 1, 1.5, 2 and 3 times the size, then the bot's rule with other
tesseract settings (DPI, page segmentation), on every fixture:

${upscaleTable(shots.upscale)}

The bot upscales in the worker thread (2× under 1,000 px, 1.5× under 2,000 px, never past 4,096 px),
with tesseract's defaults otherwise.

**Real messages drawn as screenshots**, per half of the corpus (the held-out half counted only):

${realMessagesTable(shots.realMessages)}

Reading happens in a worker thread, at a lower scheduling priority than the bot (nice +10 on Linux):
the main thread only checks headers and hands the bytes over. In this benchmark's own process, its
event-loop delay was p99 ${shots.idleLoop.p99.toFixed(2)} ms / max ${shots.idleLoop.max.toFixed(2)} ms idle and p99 ${shots.readingLoop.p99.toFixed(2)} ms / max
${shots.readingLoop.max.toFixed(2)} ms while the worker read all ${ocr.results.length} images. In the bot below, compare the event-loop delay while
screenshots are read with the delay for a burst of pasted errors: the main thread copies each image's
bytes to the worker and collects them after, and does nothing else for it. The default of one worker leaves the
other core to the bot. The worker's memory
(about ${inBot.poolRss - inBot.idleRss} MB here, and ${inBot.upscalerRss} MB in the child process that upscales small images) is
held only while images come in and returned when it stops after \`OCR_IDLE_SECONDS\` without images, so
the idle figures of the sections above hold. The upscaling runs in a child process of the worker because
the C allocator keeps what Skia once held for the life of the process: resizing in the bot's own
process left it about 100 MB larger after the worker had stopped.

**The bot with images in flight** (built bot, one worker, against the stand-in; health endpoint):

| figure | value |
| --- | --- |
| resident memory, idle, no worker started | ${inBot.idleRss} MB |
| resident memory with the worker running, after ${inBot.images} full-screen screenshots | ${inBot.poolRss} MB (and ${inBot.upscalerRss} MB in the upscaling child) |
| resident memory after the worker stopped when idle (${inBot.workersAfterIdle} workers left) | ${inBot.afterIdleRss} MB |
| ${inBot.images} screenshots posted at once, all answered in | ${inBot.imageSeconds.toFixed(1)} s |
| event-loop delay p99 / max, 20 pasted errors, about 20 s | ${inBot.withoutImages.p99} / ${inBot.withoutImages.max} ms |
| event-loop delay p99 / max, ${inBot.images} screenshots being read | ${inBot.withImages.p99} / ${inBot.withImages.max} ms |

## Notes on the targets

- **Search p99** sits near both lines on a 2-core VM: the median call takes 10–35 µs at 60 characters
  and the p99 is set by garbage-collection pauses, so runs of this benchmark have given 53, 67 and 88 µs
  (met) and 109 and 123 µs (missed) at 60 characters, and 0.97 to 1.22 ms at 4,000 characters (met in
  some runs, missed in others). Every ratio to the peers holds in every run.
- **Detection throughput.** The detector is compared with one precompiled regular expression on the
  same messages in the same run. The chat fixtures are deliberately tricky (URLs with codes, code
  snippets, other apps' errors): about one message in eighteen passes the prefilter and gets the full
  rules. The ratio to the floor is the stable figure; the absolute rate follows the machine (the floor
  itself measured 9 to 20 million a second across runs on these VMs, and 2 million a second was met in
  some runs and missed in others).
- **Memory.** The 120 MB target is missed. A bot with 100 servers already sits at about the
  figure above: Node, discord.js, undici, Kysely with better-sqlite3 and pg, zod and pino loaded.
  discord.js keeps every channel (needed for permission checks before replying), about
  ${scale.perHundredGuilds.toFixed(0)} MB per 100 servers of 50 channels; messages, members, users,
  presences, reactions and the rest are not cached (\`src/bot.ts\`). The cooldown, reply and search
  caches are bounded (\`lru-cache\`, 10,000 entries), so growth under more messages levels off; the
  heap figures show how much of the resident growth is V8 keeping freed pages.
`;
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), doc);
log('\nWrote docs/benchmarks.md');
