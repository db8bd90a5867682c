/**
 * Reads either edition of the community reference (Spotify Desktop Error Reference by 0iy, MIT):
 *
 *   edition 1  one long line (line breaks collapsed), em dashes: "### auth:1 — Title Severity: error
 *              Displayed message: "…" Cause chain: … Causes: - a - b Resolution: 1. x 2. y Note: …"
 *   edition 2  the repository's llms-full.txt: one field per line, plain hyphens ("### auth:1 - Title"),
 *              a "Platform:" line per entry, causes and steps one per line, notes that may carry a
 *              code snippet over the following lines
 *
 * Both give the same entry shape. Codes keep the form the bot has always used: a Web API code
 * joins status and reason with an em dash ("HTTP 403 — PREMIUM_REQUIRED") in both editions.
 */
import {
  parseDataset,
  PLATFORM_LABELS,
  PLATFORMS,
  SEVERITIES,
  type Category,
  type ChainNode,
  type ErrorEntry,
  type Platform,
  type Severity,
} from '../../src/data/schema.js';
import { addAliases } from './aliases.js';
import { parseNote } from './notes.js';

export type Edition = 1 | 2;

export interface ParsedReference {
  edition: Edition;
  /** From the header: "Source: …", "Repository: …", "… N error codes documented." */
  source: string;
  repository: string;
  documented: number;
  entries: ErrorEntry[];
}

const SECTION_CATEGORIES: Record<string, Category> = {
  'Authentication & Login': 'auth',
  'Network & Access': 'network',
  'DRM & Playback': 'drm',
  Installer: 'installer',
  'Web API': 'webapi',
};

/**
 * Edition 2 has a line per field and a "Platform:" line per entry; edition 1 is a single line
 * with em-dash headings ("### auth:1 — …") and no Platform field.
 */
export function detectEdition(text: string): Edition {
  const body = text.trim();
  if (body.includes('\n') && /^Platform: /m.test(body) && /^### .+ - /m.test(body)) return 2;
  if (!body.includes('\n') && / ### \S.* — /.test(body) && !/ Platform: /.test(body)) return 1;
  throw new Error(
    'Cannot tell the edition: expected one long line with "### CODE — Title" headings (edition 1) ' +
      'or one field per line with a "Platform:" line per entry (edition 2)',
  );
}

/** Parses either edition; validates the result against the dataset schema. */
export function readReference(text: string): ParsedReference {
  const edition = detectEdition(text);
  const parsed = edition === 1 ? readFirstEdition(text) : readSecondEdition(text);
  if (parsed.entries.length !== parsed.documented) {
    throw new Error(`The header says ${parsed.documented} error codes but ${parsed.entries.length} entries were read`);
  }
  addAliases(parsed.entries);
  return { edition, ...parsed, entries: parseDataset(parsed.entries) };
}

/** The entries of either edition. */
export function parseReference(text: string): ErrorEntry[] {
  return readReference(text).entries;
}

function header(text: string): Pick<ParsedReference, 'source' | 'repository' | 'documented'> {
  const source = /\bSource: (\S+)/.exec(text)?.[1];
  const repository = /\bRepository: (\S+)/.exec(text)?.[1];
  const documented = /\b(\d+) error codes documented\b/.exec(text)?.[1];
  if (!source || !repository || !documented) throw new Error('Header lacks "Source:", "Repository:" or "N error codes documented"');
  return { source, repository, documented: Number(documented) };
}

function category(name: string): Category {
  const found = SECTION_CATEGORIES[name.trim()];
  if (!found) throw new Error(`Unknown section "${name.trim()}"`);
  return found;
}

/**
 * Heading → code and title. The code ends at the first separator; a Web API heading carries the
 * reason after the status ("HTTP 403 - PREMIUM_REQUIRED - Title"), and its code keeps the
 * first edition's em dash between them.
 */
function splitHeading(heading: string, cat: Category, separator: string): { code: string; title: string } {
  const parts = heading.split(separator);
  const codeParts = cat === 'webapi' ? 2 : 1;
  if (parts.length <= codeParts) throw new Error(`Heading without "${separator.trim()}": ${heading}`);
  return {
    code: parts.slice(0, codeParts).join(' — ').trim(),
    title: parts.slice(codeParts).join(separator).trim(),
  };
}

/**
 * Alternatives: "A — or — B" (edition 1), "A - or - B" (edition 2), and "A. / B." inside a
 * displayed message (a slash after a sentence end; "(Error code: 17 / accesspoint:17)" stays whole).
 * A description in parentheses instead of a message stays one item as written.
 */
function splitMessages(raw: string): string[] {
  return raw
    .split(/ (?:—|-) or (?:—|-) /)
    .flatMap((m) => (/^\(.*\)$/s.test(m.trim()) ? [m] : m.split(/(?<=[.!?]) \/ /)))
    .map((m) => m.trim());
}

function parseChainNode(raw: string): ChainNode {
  const m = /^(.*?)\s*\(([^()]+)\)$/.exec(raw.trim());
  return m ? { label: m[1]!, detail: m[2]! } : { label: raw.trim() };
}

function parseChain(raw: string): ChainNode[] {
  return raw.split(' -> ').map(parseChainNode);
}

function parsePlatforms(raw: string, code: string): Platform[] {
  const byLabel = new Map(PLATFORMS.map((p) => [PLATFORM_LABELS[p].toLowerCase(), p]));
  const found = raw.split('&').map((label) => {
    const platform = byLabel.get(label.trim().toLowerCase());
    if (!platform) throw new Error(`Unknown platform "${label.trim()}" in ${code}`);
    return platform;
  });
  return PLATFORMS.filter((p) => found.includes(p));
}

function severity(raw: string, code: string): Severity {
  const found = SEVERITIES.find((s) => s === raw);
  if (!found) throw new Error(`Unknown severity "${raw}" in ${code}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Edition 1: one long line.

const FIRST_EDITION_ENTRY =
  /^### (?<heading>.+?) Severity: (?<severity>\w+) Displayed message: "(?<message>.*)" Cause chain: (?<chain>.+?) Causes: (?<causes>.+?) Resolution: (?<resolution>.+?)(?: Note: (?<note>.+))?$/s;

function readFirstEdition(text: string): Omit<ParsedReference, 'edition'> {
  const chunks = text.trim().split(/\s(?=#{2,3} )/);
  const entries: ErrorEntry[] = [];
  let cat: Category | undefined;
  for (const chunk of chunks) {
    if (chunk.startsWith('### ')) {
      if (!cat) throw new Error(`Entry before any section: ${chunk.slice(0, 60)}`);
      entries.push(firstEditionEntry(chunk.trim(), cat));
    } else if (chunk.startsWith('## ')) {
      cat = category(chunk.slice(3));
    }
  }
  return { ...header(text), entries };
}

function firstEditionEntry(chunk: string, cat: Category): ErrorEntry {
  const match = FIRST_EDITION_ENTRY.exec(chunk);
  if (!match?.groups) throw new Error(`Cannot parse entry: ${chunk.slice(0, 80)}`);
  const g = match.groups as Record<string, string | undefined>;
  const { code, title } = splitHeading(g.heading!, cat, ' — ');
  const entry: ErrorEntry = {
    code,
    title,
    category: cat,
    severity: severity(g.severity!, code),
    // The first edition covers the Windows client only and has no Platform field.
    platforms: ['windows'],
    messages: splitMessages(g.message!),
    chain: parseChain(g.chain!),
    causes: splitBullets(g.causes!),
    resolution: splitNumberedSteps(g.resolution!),
    aliases: [],
  };
  if (g.note) entry.note = parseNote(g.note, [], code);
  return entry;
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

// ---------------------------------------------------------------------------------------------
// Edition 2: one field per line.

function readSecondEdition(text: string): Omit<ParsedReference, 'edition'> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const entries: ErrorEntry[] = [];
  let cat: Category | undefined;
  let block: string[] | undefined;
  const flush = () => {
    if (block) entries.push(secondEditionEntry(block, cat!));
    block = undefined;
  };
  for (const line of lines) {
    if (line.startsWith('## ')) {
      flush();
      cat = category(line.slice(3));
    } else if (line.startsWith('### ')) {
      flush();
      if (!cat) throw new Error(`Entry before any section: ${line}`);
      block = [line];
    } else if (block) {
      block.push(line);
    }
  }
  flush();
  return { ...header(text), entries };
}

const FIELD = /^(Severity|Platform|Displayed message|Cause chain|Causes|Resolution|Note):(?: (.*))?$/;

function secondEditionEntry(block: string[], cat: Category): ErrorEntry {
  const { code, title } = splitHeading(block[0]!.slice(4), cat, ' - ');
  const fields = new Map<string, { value: string; more: string[] }>();
  let current: { value: string; more: string[] } | undefined;
  for (const line of block.slice(1)) {
    const field = current && fields.has('Note') ? undefined : FIELD.exec(line);
    if (field) {
      if (fields.has(field[1]!)) throw new Error(`Field "${field[1]}" twice in ${code}`);
      current = { value: field[2] ?? '', more: [] };
      fields.set(field[1]!, current);
    } else if (current) {
      current.more.push(line);
    } else if (line.trim()) {
      throw new Error(`Unexpected line in ${code}: ${line}`);
    }
  }
  const get = (name: string) => {
    const field = fields.get(name);
    if (!field) throw new Error(`Field "${name}" missing in ${code}`);
    return field;
  };
  const single = (name: string) => {
    const field = get(name);
    if (field.more.some((l) => l.trim())) throw new Error(`Field "${name}" spans several lines in ${code}`);
    return field.value.trim();
  };
  const list = (name: string, item: (n: number) => RegExp) => {
    const field = get(name);
    if (field.value.trim()) throw new Error(`Field "${name}" has text on its own line in ${code}`);
    const items = field.more.filter((l) => l.trim());
    return items.map((line, i) => {
      const m = item(i + 1).exec(line);
      if (!m) throw new Error(`Unexpected ${name.toLowerCase()} line in ${code}: ${line}`);
      return m[1]!.trim();
    });
  };
  const message = /^"(.*)"$/s.exec(single('Displayed message'));
  if (!message) throw new Error(`Displayed message of ${code} is not in quotes`);

  const entry: ErrorEntry = {
    code,
    title,
    category: cat,
    severity: severity(single('Severity'), code),
    platforms: parsePlatforms(single('Platform'), code),
    messages: splitMessages(message[1]!),
    chain: parseChain(single('Cause chain')),
    causes: list('Causes', () => /^\s+- (.+)$/),
    resolution: list('Resolution', (n) => new RegExp(`^\\s+${n}\\. (.+)$`)),
    aliases: [],
  };
  const note = fields.get('Note');
  if (note) entry.note = parseNote(note.value, note.more, code);
  return withEmDashes(entry);
}

/** Between words, edition 2 writes " - " where edition 1 and the site have an em dash. */
const emDashes = (text: string) => text.replace(/(?<=\S) - (?=\S)/g, ' — ');

/** The entry's prose with its em dashes back (codes and code snippets are left as written). */
function withEmDashes(entry: ErrorEntry): ErrorEntry {
  const { note } = entry;
  return {
    ...entry,
    title: emDashes(entry.title),
    messages: entry.messages.map(emDashes),
    chain: entry.chain.map((n) => ({ label: emDashes(n.label), ...(n.detail ? { detail: emDashes(n.detail) } : {}) })),
    causes: entry.causes.map(emDashes),
    resolution: entry.resolution.map(emDashes),
    ...(note
      ? {
          note: {
            ...note,
            title: emDashes(note.title),
            text: emDashes(note.text),
            ...(note.afterSnippet ? { afterSnippet: emDashes(note.afterSnippet) } : {}),
          },
        }
      : {}),
  };
}
