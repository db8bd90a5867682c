/** What an import would change in the dataset: codes added, removed or renamed, fields changed. */
import { isDeepStrictEqual } from 'node:util';
import type { ErrorEntry } from '../../src/data/schema.js';

/** Fields in the order errors.json lists them. */
const FIELDS = [
  'title',
  'category',
  'severity',
  'platforms',
  'messages',
  'chain',
  'causes',
  'resolution',
  'note',
  'aliases',
] as const satisfies ReadonlyArray<keyof ErrorEntry>;

export interface Changes {
  added: string[];
  /** Codes that disappear, including the old side of a rename. */
  removed: string[];
  /** A removed and an added code that differ only in case, spacing or punctuation. */
  renamed: Array<{ from: string; to: string }>;
  changed: Array<{ code: string; fields: string[] }>;
  unchanged: number;
}

const looseKey = (code: string) => code.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** An entry of the current dataset, which may predate fields of the schema (e.g. platforms). */
export type StoredEntry = { code: string } & Partial<Record<(typeof FIELDS)[number], unknown>>;

/** Reads the current dataset loosely: an array of objects with a code, whatever schema they predate. */
export function storedEntries(raw: unknown, where: string): StoredEntry[] {
  if (!Array.isArray(raw) || !raw.every((e) => typeof e === 'object' && e !== null && typeof e.code === 'string')) {
    throw new Error(`${where} is not an array of entries with a code`);
  }
  return raw as StoredEntry[];
}

export function compareEntries(before: readonly StoredEntry[], after: readonly ErrorEntry[]): Changes {
  const old = new Map(before.map((e) => [e.code, e]));
  const next = new Map(after.map((e) => [e.code, e]));
  const added = after.filter((e) => !old.has(e.code)).map((e) => e.code);
  const removed = before.filter((e) => !next.has(e.code)).map((e) => e.code);
  const renamed: Changes['renamed'] = [];
  for (const from of removed) {
    const to = added.find((code) => looseKey(code) === looseKey(from) && !renamed.some((r) => r.to === code));
    if (to) renamed.push({ from, to });
  }
  const changed: Changes['changed'] = [];
  let unchanged = 0;
  for (const entry of after) {
    const previous = old.get(entry.code);
    if (!previous) continue;
    const fields = FIELDS.filter((f) => !isDeepStrictEqual(previous[f], entry[f]));
    if (fields.length) changed.push({ code: entry.code, fields });
    else unchanged++;
  }
  return { added, removed, renamed, changed, unchanged };
}

/** One line per added, removed, renamed and changed code, then a summary line. */
export function formatChanges(changes: Changes): string[] {
  const renamedFrom = new Set(changes.renamed.map((r) => r.from));
  const renamedTo = new Set(changes.renamed.map((r) => r.to));
  return [
    ...changes.added.filter((c) => !renamedTo.has(c)).map((c) => `+ added    ${c}`),
    ...changes.removed.filter((c) => !renamedFrom.has(c)).map((c) => `- removed  ${c}`),
    ...changes.renamed.map((r) => `- renamed  ${r.from} → ${r.to}`),
    ...changes.changed.map((c) => `~ changed  ${c.code}: ${c.fields.join(', ')}`),
    `${changes.added.length} added, ${changes.removed.length} removed (${changes.renamed.length} renamed), ` +
      `${changes.changed.length} changed, ${changes.unchanged} unchanged`,
  ];
}
