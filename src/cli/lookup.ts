import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Answerer } from '../answers/answerer.js';
import { sharedBy } from '../answers/present.js';
import type { Answer } from '../answers/types.js';
import { platformLabel, type ErrorEntry } from '../data/index.js';
import type { ScreenshotReading } from '../images/screenshot-reader.js';
import { MAX_AUTO_REPLY_ENTRIES, moreErrorsNote } from '../render/auto-reply.js';
import { renderEntryEmbed } from '../render/entry.js';
import { embedToPlain } from '../render/text.js';

export const LOOKUP_USAGE = `Usage:
  npm run lookup -- <code or symptom>       best entry, readable
  npm run lookup -- --json <text>           {"query", "results": [{code, title, score}]} (best 5)
  npm run lookup -- [--json] -              one query per line from standard input, each answer headed with its line
                                            (one JSON line each with --json)
  npm run lookup -- --detect [--strict] [--json] <text|->
                                            what an automatic reply in a channel chosen for Spotify help would answer
                                            ({"text", "matches": [{code, confidence}]}, empty when the bot would stay
                                            silent); --strict: as in a channel that was not chosen (every channel allowed),
                                            where wording any app could show needs "Spotify" beside it
  npm run lookup -- --image [--json] <file> the text read from a screenshot (PNG, JPEG, WebP) and what the bot would
                                            answer ({"image", "status", "text", "matches", "seconds"} with --json)`;

export interface LookupIO {
  stdin: NodeJS.ReadableStream;
  /** Answers (standard output). */
  write(text: string): void;
  /** Usage and errors (standard error), kept out of answers piped elsewhere. */
  error(text: string): void;
  /** Reads a screenshot's text (the bot's own reader); needed only for --image. */
  readImage?(name: string, bytes: Uint8Array): Promise<ScreenshotReading>;
}

export function lookupJson(answerer: Answerer, query: string): string {
  const results = answerer.lookup.search(query, undefined, 5).map((r) => ({ code: r.entry.code, title: r.entry.title, score: r.score }));
  return JSON.stringify({ query, results });
}

/** What `/spotify-error query:` answers (the answering module decides), with the search scores of the entries it offers. */
export async function lookupText(answerer: Answerer, query: string): Promise<string> {
  const answer = await answerer.answer({ way: 'slash', text: query, images: [], guildId: null, phrases: [] });
  switch (answer.kind) {
    case 'entries':
      return embedToPlain(renderEntryEmbed(answer.entries[0]!));
    case 'group':
      return `${capitalize(sharedLead(sharedBy(answer)))}:\n${entryLines(answer.entries)}`;
    case 'choices': {
      const [first, ...rest] = answer.candidates;
      return `${embedToPlain(renderEntryEmbed(first!))}\n\nAlso close:\n${scoredLines(answerer, query, rest)}`;
    }
    case 'none': {
      const nearest = scoredLines(answerer, query, answer.nearest ?? []);
      return `No documented Spotify error matches "${query}".${nearest ? `\n\nClosest, if one fits:\n${nearest}` : ''}`;
    }
  }
}

/** Offered entries, each with the score search gave it for the query (asked of the lookup after the decision). */
function scoredLines(answerer: Answerer, query: string, entries: readonly ErrorEntry[]): string {
  if (!entries.length) return '';
  const scores = answerer.lookup.rankedScores(query);
  return entries.map((e) => `  ${e.code} — ${e.title}${scores.has(e) ? ` (${scores.get(e)})` : ''}`).join('\n');
}

/** What the entries of a group share, as the bot's answer says it (see sharedBy): a displayed message, or a code number. */
function sharedLead(by: 'message' | 'number'): string {
  return by === 'number' ? 'several errors have this code number' : 'several errors show this message';
}

/** A group's errors, each with its platform (the bot's group answer says it too). */
function entryLines(entries: readonly ErrorEntry[]): string {
  return entries.map((e) => `  ${e.code} — ${e.title} · ${platformLabel(e.platforms)}`).join('\n');
}

const capitalize = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** What an automatic reply would answer: the entries found, or the candidates of a shared message (confidence 0.5). */
function detectionMatches(answer: Answer): { matches: Array<{ code: string; confidence: number }>; ambiguous?: true } {
  if (answer.kind === 'group') return { matches: answer.entries.map((e) => ({ code: e.code, confidence: 0.5 })), ambiguous: true };
  if (answer.kind !== 'entries') return { matches: [] };
  return { matches: answer.entries.map((e, i) => ({ code: e.code, confidence: answer.confidences?.[i] ?? 1 })) };
}

export function detectionJson(text: string, answer: Answer): string {
  return JSON.stringify({ text, ...detectionMatches(answer) });
}

export function detectionText(answer: Answer): string {
  if (answer.kind === 'group') return `Would answer with a short list (${sharedLead(sharedBy(answer))}):\n${entryLines(answer.entries)}`;
  if (answer.kind !== 'entries') return 'Would stay silent.';
  const shown = answer.entries.slice(0, MAX_AUTO_REPLY_ENTRIES).map((e) => embedToPlain(renderEntryEmbed(e, { compact: true })));
  const more = answer.entries.length - MAX_AUTO_REPLY_ENTRIES;
  return [...(more > 0 ? [moreErrorsNote(more)] : []), ...shown].join('\n\n');
}

/** What the bot would answer for a screenshot file, with the text it read. */
async function lookupImage(file: string, answerer: Answerer, io: LookupIO, json: boolean): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  const reading = await io.readImage!(path.basename(file), bytes);
  const answer = answerer.answerReadings([reading], { way: 'auto', helpChannel: true, phrases: [] });
  if (json) {
    const seconds = reading.ms === undefined ? null : reading.ms / 1000;
    const { matches, ambiguous } = detectionMatches(answer);
    io.write(`${JSON.stringify({ image: file, status: reading.status, reason: reading.reason, text: reading.text, matches, ambiguous, seconds })}\n`);
  } else if (reading.status !== 'read') {
    io.write(`Could not read ${file}: ${reading.reason}.\n`);
  } else {
    const text = reading.text.trim() || '(no text found)';
    io.write(`Text read (${((reading.ms ?? 0) / 1000).toFixed(2)} s):\n${text}\n\n${detectionText(answer)}\n`);
  }
  return reading.status === 'read' ? 0 : 1;
}

/** Runs the lookup command line; returns the exit code. */
export async function runLookup(argv: string[], answerer: Answerer, io: LookupIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        detect: { type: 'boolean' },
        strict: { type: 'boolean' },
        image: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.error(`${(error as Error).message}\n${LOOKUP_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const json = values.json ?? false;
  if (values.help) {
    io.write(`${LOOKUP_USAGE}\n`);
    return 0;
  }
  if (values.strict && (!values.detect || values.image)) {
    io.error(`--strict goes with --detect (what an automatic reply would answer), not alone or with --image.\n${LOOKUP_USAGE}\n`);
    return 2;
  }
  if (values.image) {
    const file = positionals[0];
    if (!file || !io.readImage) {
      io.error(`${LOOKUP_USAGE}\n`);
      return 2;
    }
    return lookupImage(file, answerer, io, json);
  }
  if (positionals.length === 0) {
    io.error(`${LOOKUP_USAGE}\n`);
    return 2;
  }
  const answer = async (text: string) => {
    if (!values.detect) return json ? lookupJson(answerer, text) : lookupText(answerer, text);
    const detected = answerer.detectText({ way: 'auto', helpChannel: !values.strict, text, phrases: [] });
    return json ? detectionJson(text, detected) : detectionText(detected);
  };
  if (positionals.length === 1 && positionals[0] === '-') {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    let answered = 0;
    for await (const line of lines) {
      if (!line.trim()) continue;
      // A readable answer runs over several lines (or says only "Would stay silent."): each is headed
      // with the line it answers. JSON lines carry their query themselves.
      io.write(json ? `${await answer(line)}\n` : `${answered++ ? '\n' : ''}» ${line}\n${await answer(line)}\n`);
    }
    return 0;
  }
  io.write(`${await answer(positionals.join(' '))}\n`);
  return 0;
}
