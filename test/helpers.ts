import { readdir, readFile } from 'node:fs/promises';
import pino from 'pino';
import type { Logger } from '../src/logger.js';
import { Answerer } from '../src/answers/answerer.js';
import type { DetectOptions } from '../src/core/detect/index.js';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';

let shared: ErrorLookup | undefined;

/** One lookup over the committed dataset, shared by a test file. */
export function sharedLookup(): ErrorLookup {
  shared ??= new ErrorLookup(loadEntries());
  return shared;
}

/** The codes the shared detector answers for a text, surest first (`options` as a channel would pass them). */
export function detectedCodes(text: string, options: DetectOptions = {}): string[] {
  return sharedLookup()
    .detector.detect(text, options)
    .matches.map((m) => m.entry.code);
}

/** The codes the shared detector shows for a text, a shared message's candidates included, sorted. */
export function shownCodes(text: string, options: DetectOptions = {}): string[] {
  const detection = sharedLookup().detector.detect(text, options);
  return [...detection.matches.map((m) => m.entry.code), ...(detection.ambiguous?.candidates.map((e) => e.code) ?? [])].sort();
}

/** A lookup whose search reads the reference's words alone, without people's examples (rules of word scoring). */
export function lookupWithoutExamples(): ErrorLookup {
  return new ErrorLookup(loadEntries(), { examples: [] });
}

/** The answering module over the shared lookup, without a screenshot reader. */
export function sharedAnswerer(): Answerer {
  return new Answerer(sharedLookup());
}

/** A pino logger whose lines the test can read. */
/** A log line as pino writes it: its level, its message and whatever fields came with it. */
type LogLine = { level: number; msg: string } & Record<string, unknown>;

export function collectingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** What every fake interaction of a server carries before the bot answers: not deferred, not replied, embeds allowed. */
export function interactionInGuild(guildId = '123456789012345678') {
  return { guildId, deferred: false, replied: false, ephemeral: null, inGuild: () => true, appPermissions: { has: () => true } };
}

/** This process's children that upscale images for OCR (src/images/upscale-process.cjs), from /proc (Linux, as CI). */
export async function upscalerProcesses(): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (Number(stat.split(') ')[1]?.split(' ')[1]) === process.pid && cmdline.includes('upscale-process.cjs')) found.push(Number(pid));
  }
  return found;
}
