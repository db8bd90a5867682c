import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { detectInScreenshots, type ScreenshotReading } from '../images/screenshot-reader.js';
import type { Detection } from '../core/detect.js';
import type { ErrorLookup } from '../core/lookup.js';
import { renderEntryEmbed } from '../render/entry.js';
import { embedToPlain } from '../render/text.js';

export const LOOKUP_USAGE = `Usage:
  npm run lookup -- <code or symptom>       best entry, readable
  npm run lookup -- --json <text>           {"query", "results": [{code, title, score}]} (best 5)
  npm run lookup -- [--json] -              one query per line from standard input, one JSON line each
  npm run lookup -- --detect [--json] <text|->
                                            what an automatic reply would answer ({"text", "matches": [{code, confidence}]},
                                            empty when the bot would stay silent)
  npm run lookup -- --image [--json] <file> the text read from a screenshot (PNG, JPEG, WebP) and what the bot would
                                            answer ({"image", "status", "text", "matches", "seconds"} with --json)`;

export interface LookupIO {
  stdin: NodeJS.ReadableStream;
  write(text: string): void;
  /** Reads a screenshot's text (the bot's own reader); needed only for --image. */
  readImage?(name: string, bytes: Uint8Array): Promise<ScreenshotReading>;
}

export function lookupJson(lookup: ErrorLookup, query: string): string {
  const results = lookup.search(query, undefined, 5).map((r) => ({ code: r.entry.code, title: r.entry.title, score: r.score }));
  return JSON.stringify({ query, results });
}

export function lookupText(lookup: ErrorLookup, query: string): string {
  const decision = lookup.answer(query);
  if (decision.kind === 'none') return `No documented Spotify error matches "${query}".`;
  if (decision.kind === 'confident') return embedToPlain(renderEntryEmbed(decision.entry));
  const [first, ...rest] = decision.candidates;
  const others = rest.map((c) => `  ${c.entry.code} — ${c.entry.title} (${c.score})`).join('\n');
  return `${embedToPlain(renderEntryEmbed(first!.entry))}\n\nAlso close:\n${others}`;
}

/** What an auto-reply would answer: matched entries, or the candidates of a shared message (confidence 0.5). */
export function detectionJson(text: string, detection: Detection): string {
  const matches = detection.ambiguous
    ? detection.ambiguous.candidates.map((e) => ({ code: e.code, confidence: 0.5 }))
    : detection.matches.map((m) => ({ code: m.entry.code, confidence: m.confidence }));
  return JSON.stringify({ text, matches, ...(detection.ambiguous ? { ambiguous: true } : {}) });
}

export function detectionText(detection: Detection): string {
  if (detection.ambiguous) {
    const list = detection.ambiguous.candidates.map((e) => `  ${e.code} — ${e.title}`).join('\n');
    return `Would answer with a short list (several errors show this message):\n${list}`;
  }
  if (detection.matches.length === 0) return 'Would stay silent.';
  return detection.matches
    .slice(0, 3)
    .map((m) => embedToPlain(renderEntryEmbed(m.entry, { compact: true })))
    .join('\n\n');
}

/** What the bot would answer for a screenshot file, with the text it read. */
async function lookupImage(file: string, lookup: ErrorLookup, io: LookupIO, json: boolean): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.write(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  const reading = await io.readImage!(path.basename(file), bytes);
  const { detection } = detectInScreenshots(lookup.detector, [reading]);
  if (json) {
    const { matches, ambiguous } = JSON.parse(detectionJson(reading.text, detection)) as Record<string, unknown>;
    const seconds = reading.ms === undefined ? null : reading.ms / 1000;
    io.write(`${JSON.stringify({ image: file, status: reading.status, reason: reading.reason, text: reading.text, matches, ambiguous, seconds })}\n`);
  } else if (reading.status !== 'read') {
    io.write(`Could not read ${file}: ${reading.reason}.\n`);
  } else {
    const text = reading.text.trim() || '(no text found)';
    io.write(`Text read (${((reading.ms ?? 0) / 1000).toFixed(2)} s):\n${text}\n\n${detectionText(detection)}\n`);
  }
  return reading.status === 'read' ? 0 : 1;
}

/** Runs the lookup command line; returns the exit code. */
export async function runLookup(argv: string[], lookup: ErrorLookup, io: LookupIO): Promise<number> {
  const json = argv.includes('--json');
  const imageAt = argv.indexOf('--image');
  if (imageAt >= 0) {
    const file = argv.filter((a, i) => i !== imageAt && a !== '--json')[0];
    if (!file || !io.readImage) {
      io.write(`${LOOKUP_USAGE}\n`);
      return 2;
    }
    return lookupImage(file, lookup, io, json);
  }
  const detect = argv.includes('--detect');
  const answer = (text: string) =>
    detect
      ? json
        ? detectionJson(text, lookup.detector.detect(text))
        : detectionText(lookup.detector.detect(text))
      : json
        ? lookupJson(lookup, text)
        : lookupText(lookup, text);
  const words = argv.filter((a) => a !== '--json' && a !== '--detect');
  if (words.length === 0 || words.includes('--help') || words.includes('-h')) {
    io.write(`${LOOKUP_USAGE}\n`);
    return words.length === 0 ? 2 : 0;
  }
  if (words.length === 1 && words[0] === '-') {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim()) io.write(`${answer(line)}\n`);
    }
    return 0;
  }
  io.write(`${answer(words.join(' '))}\n`);
  return 0;
}
