import { readdir, readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import pino from 'pino';
import { commandPayloads } from '../../src/commands/index.js';
import { Answerer } from '../../src/answers/answerer.js';
import type { ErrorLookup } from '../../src/core/lookup.js';
import { ocrPlan, type OcrPlan } from '../../src/images/ocr-plan.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { startTesseractEngine } from '../../src/images/tesseract-engine.js';
import { DiscordStandIn, freePort, startBotProcess, type Message } from '../discord-standin/index.js';
import { evaluateScreenshots, type ScreenshotReport } from '../fixtures/evaluate-screenshots.js';
import { negativeScreenshots, positiveScreenshots, type ScreenshotFixture } from '../fixtures/screenshots.js';
import { loadRealMessages } from '../real-messages/corpus.js';
import { evaluateRealScreenshots, realMessageScreenshots } from '../real-messages/screenshots.js';

/**
 * Screenshots: accuracy and seconds per image with the bot's default single worker, whether
 * downscaling large screenshots pays, upscaling small ones (factors, tesseract's DPI and page
 * segmentation), real messages drawn as screenshots, and the built bot's memory and event-loop
 * delay with images in flight.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loopFigures = (h: IntervalHistogram) => ({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 });
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function newReader(workers: number, plan?: (width: number, height: number) => OcrPlan) {
  const logger = pino({ level: 'silent' });
  const startEngine = plan ? () => startTesseractEngine({ plan }) : undefined;
  const pool = new OcrPool({ workers, queueLimit: 1000, idleMs: 60_000, jobTimeoutMs: 120_000, logger, ...(startEngine ? { startEngine } : {}) });
  return { pool, reader: new ScreenshotReader({ pool, logger, capacity: 1000 }) };
}

async function scaled(fixture: ScreenshotFixture, factor: number): Promise<Buffer> {
  const image = await loadImage(fixture.bytes);
  const canvas = createCanvas(Math.round(image.width * factor), Math.round(image.height * factor));
  const g = canvas.getContext('2d');
  g.imageSmoothingQuality = 'high';
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.encode('png');
}

export interface DownscaleRow {
  factor: number;
  recalled: number;
  total: number;
  secondsPerImage: number;
}

async function benchDownscale(answerer: Answerer, reader: ScreenshotReader, large: ScreenshotFixture[]): Promise<DownscaleRow[]> {
  const rows: DownscaleRow[] = [];
  for (const factor of [1, 0.75, 0.5]) {
    let recalled = 0;
    const times: number[] = [];
    for (const fixture of large) {
      const bytes = factor === 1 ? fixture.bytes : await scaled(fixture, factor);
      const reading = await reader.readBytes(fixture.name, bytes);
      times.push((reading.ms ?? 0) / 1000);
      const answer = answerer.answerReadings([reading], { way: 'auto', helpChannel: true, phrases: [] });
      if (answer.kind === 'entries' && answer.entries[0]!.code === fixture.expected) recalled++;
    }
    rows.push({ factor, recalled, total: large.length, secondsPerImage: mean(times) });
  }
  return rows;
}

export interface UpscaleRow {
  /** What was tried: a fixed factor for every image under 2000 px, or the bot's rule, with tesseract's DPI and page segmentation. */
  label: string;
  small: { right: number; total: number; secondsPerImage: number };
  existing: { right: number; total: number; secondsPerImage: number };
  falsePositives: number;
  negatives: number;
}

/** Reading at 1, 1.5, 2 and 3 times the size, then the rule with other DPI and page-segmentation settings. */
export const UPSCALE_TRIALS: Array<{ label: string; plan: (width: number, height: number) => OcrPlan }> = [
  ...[1, 1.5, 2, 3].map((factor) => ({
    label: `${factor}× under 2000 px`,
    plan: (w: number, h: number) => ({ upscale: Math.max(w, h) < 2000 && Math.max(w, h) * factor <= 4096 ? factor : 1 }),
  })),
  { label: 'the rule (2× under 1000 px, 1.5× under 2000 px)', plan: ocrPlan },
  { label: 'the rule, DPI 150', plan: (w, h) => ({ ...ocrPlan(w, h), dpi: 150 }) },
  { label: 'the rule, DPI 300', plan: (w, h) => ({ ...ocrPlan(w, h), dpi: 300 }) },
  { label: 'the rule, PSM 3 (automatic)', plan: (w, h) => ({ ...ocrPlan(w, h), psm: 3 }) },
  { label: 'the rule, PSM 11 (sparse text)', plan: (w, h) => ({ ...ocrPlan(w, h), psm: 11 }) },
];

/** Accuracy and seconds per image (one worker) on the small-text fixtures and on the others, per trial. */
export async function benchUpscale(lookup: ErrorLookup, fixtures: ScreenshotFixture[]): Promise<UpscaleRow[]> {
  const rows: UpscaleRow[] = [];
  for (const trial of UPSCALE_TRIALS) {
    const { pool, reader } = newReader(1, trial.plan);
    await reader.readBytes('warm-up', fixtures[0]!.bytes);
    const report = await evaluateScreenshots(fixtures, reader, new Answerer(lookup, reader));
    await pool.close();
    const figures = (pick: (f: ScreenshotFixture) => boolean) => {
      const results = report.results.filter((r) => r.fixture.expected !== null && pick(r.fixture));
      return {
        right: results.filter((r) => r.answered === r.fixture.expected).length,
        total: results.length,
        secondsPerImage: mean(results.map((r) => r.ms / 1000)),
      };
    };
    rows.push({
      label: trial.label,
      small: figures((f) => f.small === true),
      existing: figures((f) => !f.small),
      falsePositives: report.falsePositives,
      negatives: report.negatives,
    });
  }
  return rows;
}

interface Health {
  guilds: number;
  memory: { rssMb: number; heapUsedMb: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  screenshots?: { workers: number; read: number };
}

/** The built bot with one worker: memory idle, with the pool running, after it stops; loop delay with and without images. */
/** Resident memory of a process's children whose command line has `name` (Linux /proc), in MB. */
async function childRssMb(parent: number, name: string): Promise<number> {
  let kb = 0;
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (Number(stat.split(') ')[1]?.split(' ')[1]) !== parent) continue;
    if (!(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(name)) continue;
    kb += Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''))?.[1] ?? 0);
  }
  return Math.round(kb / 1024);
}

async function benchInBot(positives: ScreenshotFixture[]) {
  const standin = await new DiscordStandIn().start();
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `16000000000000000${i}`, name: c.name })));
  const guild = standin.addGuild('Screenshots');
  const port = await freePort();
  const bot = startBotProcess(
    standin.botEnv({
      HEALTH_PORT: String(port),
      HEALTH_HOST: '127.0.0.1',
      AUTO_REPLY_CHANNEL_IDS: guild.help.id,
      OCR_IDLE_SECONDS: '10',
      OCR_QUEUE_LIMIT: '64',
    }),
    'dist/index.js',
  );
  try {
    await bot.ready();
    const health = async (reset = false): Promise<Health> =>
      (await (await fetch(`http://127.0.0.1:${port}/health${reset ? '?reset=1' : ''}`)).json()) as Health;
    /** One thread per message so no cooldown silences a repeat; resolves when every reply has arrived. */
    const burst = async (shots: ScreenshotFixture[] | string[]) => {
      const sources: Message[] = shots.map((shot, i) => {
        const member = standin.addMember(guild, `poster-${Date.now()}-${i}`);
        const thread = standin.addThread(guild, guild.help, `thread ${i}`, member);
        if (typeof shot === 'string') return standin.say(thread, member, shot);
        const file = standin.attach(`shot-${i}.${shot.contentType.split('/')[1]}`, shot.bytes, shot.contentType);
        return standin.say(thread, member, '', { attachments: [file] });
      });
      const started = performance.now();
      await Promise.all(sources.map((s) => standin.waitForBotMessage((m) => m.message_reference?.message_id === s.id, 300_000)));
      return (performance.now() - started) / 1000;
    };
    await sleep(2000);
    const idleRss = (await health()).memory.rssMb;

    const texts = positives.slice(0, 20).map((f) => `Spotify says: Error code: ${f.expected!.includes(':') ? f.expected : 'auth:3'}`);
    await health(true);
    const textSeconds = await burst(texts);
    await sleep(Math.max(0, 20_000 - textSeconds * 1000));
    const withoutImages = (await health()).eventLoopDelayMs;

    const shots = [...positives].sort((a, b) => b.width - a.width).slice(0, 20);
    await health(true);
    const imageSeconds = await burst(shots);
    const withImages = await health();
    const poolRss = withImages.memory.rssMb;
    const upscalerRss = await childRssMb(bot.child.pid!, 'upscale-process.cjs');
    await sleep(13_000);
    const afterIdle = await health();
    return {
      idleRss,
      poolRss,
      upscalerRss,
      afterIdleRss: afterIdle.memory.rssMb,
      workersAfterIdle: afterIdle.screenshots?.workers ?? 0,
      imageSeconds,
      images: shots.length,
      withoutImages,
      withImages: withImages.eventLoopDelayMs,
    };
  } finally {
    await bot.stop();
    await standin.stop();
  }
}

export async function benchScreenshots(lookup: ErrorLookup) {
  const positives = await positiveScreenshots();
  const negatives = await negativeScreenshots();
  const { pool, reader } = newReader(1);
  const answerer = new Answerer(lookup, reader);
  const startedAt = performance.now();
  const first = await reader.readBytes('first', positives[0]!.bytes);
  const firstSeconds = (performance.now() - startedAt) / 1000;
  const again = await reader.readBytes('again', positives[0]!.bytes);
  const workerStartSeconds = firstSeconds - (again.ms ?? 0) / 1000;
  void first;

  // The main thread's own delay while the worker reads, against the same thread idle.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  await sleep(5000);
  const idleLoop = loopFigures(loop);
  loop.reset();
  const report: ScreenshotReport = await evaluateScreenshots([...positives, ...negatives], reader, answerer);
  const readingLoop = loopFigures(loop);
  loop.disable();
  const seconds = (pick: (f: ScreenshotFixture) => boolean) =>
    mean(report.results.filter((r) => pick(r.fixture)).map((r) => r.ms / 1000));
  const large = positives.filter((f) => f.width >= 1900 && !f.small);
  const downscale = await benchDownscale(answerer, reader, large);
  // Real messages drawn as screenshots: the held-out half is only ever counted.
  const realMessages = (await evaluateRealScreenshots(await realMessageScreenshots(loadRealMessages()), reader, answerer)).figures;
  await pool.close();
  const upscale = await benchUpscale(lookup, [...positives, ...negatives]);

  const inBot = await benchInBot(positives);
  return {
    report,
    workerStartSeconds,
    smallSeconds: seconds((f) => f.small === true),
    dialogSeconds: seconds((f) => f.width < 1000),
    fullScreenSeconds: seconds((f) => f.width >= 1900),
    otherSeconds: seconds((f) => f.expected === null),
    downscale,
    upscale,
    realMessages,
    idleLoop,
    readingLoop,
    inBot,
  };
}

/** The upscaling measurements as a Markdown table, for docs/benchmarks.md. */
export function upscaleTable(rows: readonly UpscaleRow[]): string {
  const cell = (f: UpscaleRow['small']) => `${f.right} of ${f.total} | ${f.secondsPerImage.toFixed(2)} s`;
  return [
    '| reading | small text: right | s per image | other fixtures: right | s per image | false positives |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.label} | ${cell(r.small)} | ${cell(r.existing)} | ${r.falsePositives} of ${r.negatives} |`),
  ].join('\n');
}

/** The real-message screenshots per half, as a Markdown table (the held-out half as totals only). */
export function realMessagesTable(figures: Awaited<ReturnType<typeof evaluateRealScreenshots>>['figures']): string {
  return [
    '| half | right | false positives | seconds per image |',
    '| --- | --- | --- | --- |',
    ...(['dev', 'heldout'] as const).map((split) => {
      const f = figures[split];
      return `| ${split === 'dev' ? 'development' : 'held-out'} | ${f.right} of ${f.positives} | ${f.falsePositives} of ${f.negatives} | ${f.secondsPerImage.toFixed(2)} s |`;
    }),
  ].join('\n');
}
