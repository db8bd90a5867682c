/**
 * Turns the community reference's text format (one long line; `## Section` headings and
 * `### CODE — Title` entries) into src/data/errors.json.
 *
 *   npm run import-reference -- <reference.txt> [out.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDataset, type Category, type ChainNode, type ErrorEntry } from '../src/data/schema.js';

const SECTION_CATEGORIES: Record<string, Category> = {
  'Authentication & Login': 'auth',
  'Network & Access': 'network',
  'DRM & Playback': 'drm',
  Installer: 'installer',
  'Web API': 'webapi',
};

const ENTRY_PATTERN =
  /^### (?<heading>.+?) Severity: (?<severity>\w+) Displayed message: "(?<message>.*)" Cause chain: (?<chain>.+?) Causes: (?<causes>.+?) Resolution: (?<resolution>.+?)(?: Note: (?<note>.+))?$/s;

export function parseReference(text: string): ErrorEntry[] {
  const chunks = text.trim().split(/\s(?=#{2,3} )/);
  const entries: ErrorEntry[] = [];
  let category: Category | undefined;
  for (const chunk of chunks) {
    if (chunk.startsWith('### ')) {
      if (!category) throw new Error(`Entry before any section: ${chunk.slice(0, 60)}`);
      entries.push(parseEntry(chunk.trim(), category));
    } else if (chunk.startsWith('## ')) {
      const name = chunk.slice(3).trim();
      category = SECTION_CATEGORIES[name];
      if (!category) throw new Error(`Unknown section "${name}"`);
    }
  }
  addAliases(entries);
  return parseDataset(entries);
}

function parseEntry(chunk: string, category: Category): ErrorEntry {
  const match = ENTRY_PATTERN.exec(chunk);
  if (!match?.groups) throw new Error(`Cannot parse entry: ${chunk.slice(0, 80)}`);
  const g = match.groups as Record<string, string | undefined>;
  const heading = g.heading!;
  // Web API headings carry the reason after the status ("HTTP 403 — PREMIUM_REQUIRED — Title").
  const cut = category === 'webapi' ? heading.lastIndexOf(' — ') : heading.indexOf(' — ');
  if (cut < 0) throw new Error(`Heading without " — ": ${heading}`);
  const entry: ErrorEntry = {
    code: heading.slice(0, cut).trim(),
    title: heading.slice(cut + 3).trim(),
    category,
    severity: g.severity as ErrorEntry['severity'],
    messages: g.message!.split(' — or — ').map((m) => m.trim()),
    chain: g.chain!.split(' -> ').map(parseChainNode),
    causes: splitBullets(g.causes!),
    resolution: splitNumberedSteps(g.resolution!),
    aliases: [],
  };
  if (g.note) {
    const colon = g.note.indexOf(': ');
    if (colon < 0) throw new Error(`Note without a title in ${entry.code}`);
    entry.note = { title: g.note.slice(0, colon).trim(), text: g.note.slice(colon + 2).trim() };
  }
  return entry;
}

function parseChainNode(raw: string): ChainNode {
  const m = /^(.*?)\s*\(([^()]+)\)$/.exec(raw.trim());
  return m ? { label: m[1]!, detail: m[2]! } : { label: raw.trim() };
}

function splitBullets(raw: string): string[] {
  return raw
    .trim()
    .replace(/^- /, '')
    .split(' - ')
    .map((s) => s.trim());
}

/** Splits "1. a 2. b 3. c" by looking for each next number in turn, so numbers inside steps survive. */
function splitNumberedSteps(raw: string): string[] {
  const text = raw.trim();
  if (!text.startsWith('1. ')) throw new Error(`Resolution does not start with "1. ": ${text.slice(0, 40)}`);
  const steps: string[] = [];
  let start = 3;
  for (let n = 2; ; n++) {
    const next = text.indexOf(` ${n}. `, start);
    if (next < 0) {
      steps.push(text.slice(start).trim());
      return steps;
    }
    steps.push(text.slice(start, next).trim());
    start = next + ` ${n}. `.length;
  }
}

/** Extra lookup keys: codes in ranges, codes the client shows in its message, Web API statuses and reasons. */
function addAliases(entries: ErrorEntry[]): void {
  const webStatusCount = new Map<string, number>();
  for (const e of entries) {
    const status = /^HTTP (\d{3})\b/.exec(e.code)?.[1];
    if (status) webStatusCount.set(status, (webStatusCount.get(status) ?? 0) + 1);
  }
  for (const entry of entries) {
    const aliases = new Set<string>();
    const range = /^(\w+):(\d+)[–-](\d+)$/.exec(entry.code);
    if (range) {
      for (let n = Number(range[2]); n <= Number(range[3]); n++) aliases.add(`${range[1]}:${n}`);
    }
    for (const message of entry.messages) {
      const shown = /\(Error code: ([^)]+)\)/.exec(message)?.[1];
      for (const code of shown?.split(' / ') ?? []) aliases.add(code.trim());
    }
    const installer = /^Installer error (\d+)$/.exec(entry.code);
    if (installer) {
      aliases.add(`error ${installer[1]}`);
      aliases.add(`installer ${installer[1]}`);
    }
    const web = /^HTTP (\d{3}) — (.+)$/.exec(entry.code);
    if (web) {
      const [, status, reason] = web as unknown as [string, string, string];
      aliases.add(reason);
      aliases.add(`${status} ${reason}`);
      if (webStatusCount.get(status) === 1) {
        aliases.add(`HTTP ${status}`);
        aliases.add(status);
      }
    }
    aliases.delete(entry.code);
    entry.aliases = [...aliases];
  }
}

function main(argv: string[]): void {
  const [input, output = fileURLToPath(new URL('../src/data/errors.json', import.meta.url))] = argv;
  if (!input) {
    console.error('Usage: npm run import-reference -- <reference.txt> [out.json]');
    process.exit(2);
  }
  const entries = parseReference(readFileSync(input, 'utf8'));
  writeFileSync(output, `${JSON.stringify(entries, null, 2)}\n`);
  console.log(`Wrote ${entries.length} entries to ${output}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
