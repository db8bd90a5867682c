import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Example, ExampleSet } from '../../src/data/schema.js';
import { phraseKey } from '../../src/core/text.js';

/**
 * Real messages quoted from public posts (test/fixtures/real-messages.jsonl; how it was built is in
 * test/fixtures/real-messages.md). Split once by source thread into a development half, which the
 * code may be tuned on, and a held-out half, which is only ever reported.
 */
export const realMessageSchema = z.strictObject({
  text: z.string().min(1),
  source: z.string().url(),
  kind: z.enum(['query', 'paste', 'description', 'screenshot', 'chat']),
  /** The entries a helper would answer with; empty when none applies (or it is not a Spotify error). */
  expected: z.array(z.string()),
  note: z.string(),
  split: z.enum(['dev', 'heldout']),
});

export type RealMessage = z.infer<typeof realMessageSchema>;
export type Split = RealMessage['split'];

export function loadRealMessages(path = new URL('../../test/fixtures/real-messages.jsonl', import.meta.url)): RealMessage[] {
  return loadJsonLines(path, realMessageSchema);
}

/**
 * People's own wording for documented errors, from public posts outside the corpus's threads
 * (test/fixtures/people-wording.md): what the synonym table was written from, a training set.
 */
export const peopleWordingSchema = z.strictObject({
  code: z.string().min(1),
  phrase: z.string().min(1),
  quote: z.string().min(1),
  source: z.string().url(),
});

export type PeopleWording = z.infer<typeof peopleWordingSchema>;

export function loadPeopleWording(path = new URL('../../test/fixtures/people-wording.jsonl', import.meta.url)): PeopleWording[] {
  return loadJsonLines(path, peopleWordingSchema);
}

/**
 * Training sets from public posts outside the corpus's threads, each row a text with the entries a
 * helper would answer with: pasted errors and near-misses (test/fixtures/pasted-errors.md), issue
 * titles people wrote about a documented error (test/fixtures/issue-titles.md), descriptions in
 * people's own words with posts that are no documented error (test/fixtures/descriptions.md), and
 * near-misses that must never be answered (test/fixtures/near-misses.md).
 */
export const labelledTextSchema = z.strictObject({
  text: z.string().min(1),
  source: z.string().url(),
  /** The entries a helper would answer with; empty for a near-miss that must not be answered. */
  expected: z.array(z.string()),
  note: z.string(),
});

export type LabelledText = z.infer<typeof labelledTextSchema>;

export function loadPastedErrors(path = new URL('../../test/fixtures/pasted-errors.jsonl', import.meta.url)): LabelledText[] {
  return loadJsonLines(path, labelledTextSchema);
}

export function loadIssueTitles(path = new URL('../../test/fixtures/issue-titles.jsonl', import.meta.url)): LabelledText[] {
  return loadJsonLines(path, labelledTextSchema);
}

export function loadDescriptions(path = new URL('../../test/fixtures/descriptions.jsonl', import.meta.url)): LabelledText[] {
  return loadJsonLines(path, labelledTextSchema);
}

export function loadNearMisses(path = new URL('../../test/fixtures/near-misses.jsonl', import.meta.url)): LabelledText[] {
  return loadJsonLines(path, labelledTextSchema);
}

/** The thread a post belongs to (no fragment, query or trailing slash; any case): sets never share one. */
export function threadOf(source: string): string {
  return source.replace(/[#?].*$/, '').replace(/\/+$/, '').toLowerCase();
}

/** Pasted errors as corpus rows (pastes and near-misses), to be read the way the corpus is. */
export function pastedErrorsAsMessages(rows: readonly LabelledText[]): RealMessage[] {
  return rows.map((r) => ({ ...r, kind: r.expected.length ? ('paste' as const) : ('chat' as const), split: 'dev' as const }));
}

/** Descriptions as corpus rows: what a member would describe (asked with `/spotify-error`), or chat that must not be answered. */
export function descriptionsAsMessages(rows: readonly LabelledText[]): RealMessage[] {
  return rows.map((r) => ({ ...r, kind: r.expected.length ? ('description' as const) : ('chat' as const), split: 'dev' as const }));
}

/** Issue titles as corpus rows: what a member would type into `/spotify-error`. */
export function issueTitlesAsMessages(rows: readonly LabelledText[]): RealMessage[] {
  return rows.map((r) => ({ ...r, kind: 'query' as const, split: 'dev' as const }));
}

/** One object per line, each checked against the schema; an error names the file and the line. */
function loadJsonLines<T>(path: URL, schema: z.ZodType<T>): T[] {
  const name = path.pathname.split('/').pop();
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${name} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** Long pastes count by their start: the error is there, the rest is log. */
const MAX_EXAMPLE_CHARS = 600;

/**
 * The training sets' labelled rows (those with an expected entry), in src/data/examples.json's form;
 * a text the real-message corpus also has (a standard error string pasted in two threads) is left out,
 * so the corpus is never measured on a text search learnt.
 */
export function trainingExamples(): Example[] {
  const labelled = (set: ExampleSet, rows: readonly LabelledText[]) =>
    rows.filter((r) => r.expected.length).map((r) => ({ set, text: r.text.slice(0, MAX_EXAMPLE_CHARS), codes: [...r.expected] }));
  const inCorpus = new Set(loadRealMessages().map((m) => phraseKey(m.text)));
  const examples: Example[] = [
    ...loadPeopleWording().map((w) => ({ set: 'people-wording' as const, text: w.quote.slice(0, MAX_EXAMPLE_CHARS), codes: [w.code] })),
    ...labelled('issue-titles', loadIssueTitles()),
    ...labelled('descriptions', loadDescriptions()),
    ...labelled('pasted-errors', loadPastedErrors()),
  ];
  return examples.filter((e) => !inCorpus.has(phraseKey(e.text)));
}
