import { createInterface } from 'node:readline';
import type { ErrorLookup } from '../core/lookup.js';
import { renderEntryEmbed } from '../render/entry.js';
import { embedToPlain } from '../render/text.js';

export const LOOKUP_USAGE = `Usage:
  npm run lookup -- <code or symptom>       best entry, readable
  npm run lookup -- --json <text>           {"query", "results": [{code, title, score}]} (best 5)
  npm run lookup -- [--json] -              one query per line from standard input, one JSON line each`;

export interface LookupIO {
  stdin: NodeJS.ReadableStream;
  write(text: string): void;
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

/** Runs the lookup command line; returns the exit code. */
export async function runLookup(argv: string[], lookup: ErrorLookup, io: LookupIO): Promise<number> {
  const json = argv.includes('--json');
  const words = argv.filter((a) => a !== '--json');
  if (words.length === 0 || words.includes('--help') || words.includes('-h')) {
    io.write(`${LOOKUP_USAGE}\n`);
    return words.length === 0 ? 2 : 0;
  }
  if (words.length === 1 && words[0] === '-') {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim()) io.write(`${json ? lookupJson(lookup, line) : lookupText(lookup, line)}\n`);
    }
    return 0;
  }
  const query = words.join(' ');
  io.write(`${json ? lookupJson(lookup, query) : lookupText(lookup, query)}\n`);
  return 0;
}
