import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { ErrorEntry } from '../../src/data/index.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import labelled from '../../test/fixtures/labelled-queries.json' with { type: 'json' };
import { table, timeCalls, ms, type Timing } from './stats.js';

const FILLER =
  ' hi everyone, I have been trying to fix this for hours, reinstalled twice, restarted the router, ' +
  'checked the antivirus and the vpn, and it still will not let me log in on my windows laptop. ';

/** Realistic queries of an exact length: a labelled query, padded with chat or cut. */
export function queriesOfLength(length: number): string[] {
  return labelled.map(({ query }) => {
    let text = query;
    while (text.length < length) text += FILLER;
    return text.slice(0, length);
  });
}

interface Engine {
  name: string;
  search(query: string): string[];
}

export function engines(entries: readonly ErrorEntry[]): Engine[] {
  // The bot's search as it runs: with people's examples (src/data/examples.json).
  const ours = new ErrorLookup(entries).index;
  const docs = entries.map((e, id) => ({
    id,
    code: e.code,
    aliases: e.aliases.join(' '),
    title: e.title,
    messages: e.messages.join(' '),
    chain: e.chain.map((n) => `${n.label} ${n.detail ?? ''}`).join(' '),
    causes: e.causes.join(' '),
    resolution: e.resolution.join(' '),
    note: e.note ? `${e.note.title} ${e.note.text}` : '',
  }));
  const fields = ['code', 'aliases', 'title', 'messages', 'chain', 'causes', 'resolution', 'note'];
  const fuse = new Fuse(docs, { keys: fields });
  const mini = new MiniSearch({ fields, storeFields: ['code'] });
  mini.addAll(docs);
  return [
    { name: 'this bot', search: (q) => ours.search(q, { limit: 5 }).map((r) => r.entry.code) },
    { name: 'Fuse.js (defaults)', search: (q) => fuse.search(q, { limit: 5 }).map((r) => r.item.code) },
    {
      name: 'MiniSearch (fuzzy + prefix)',
      search: (q) =>
        mini
          .search(q, { fuzzy: 0.2, prefix: true })
          .slice(0, 5)
          .map((r) => r.code as string),
    },
  ];
}

export interface SearchBench {
  lengths: number[];
  rows: Array<{ engine: string; timings: Timing[]; top1: number; top3: number }>;
  markdown: string;
}

export function benchSearch(entries: readonly ErrorEntry[]): SearchBench {
  const lengths = [10, 60, 400, 4000];
  const sets = lengths.map(queriesOfLength);
  const rows = engines(entries).map((engine) => {
    let top1 = 0;
    let top3 = 0;
    for (const { query, expect } of labelled) {
      const codes = engine.search(query);
      if (codes[0] === expect) top1++;
      if (codes.slice(0, 3).includes(expect)) top3++;
    }
    const timings = sets.map((queries) => timeCalls(queries, (q) => engine.search(q), 5000, 4000));
    return { engine: engine.name, timings, top1: top1 / labelled.length, top3: top3 / labelled.length };
  });
  const headers = ['engine', ...lengths.map((l) => `${l} chars median / p99`), 'top-1', 'top-3'];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const markdown = table(
    headers,
    rows.map((r) => [
      r.engine,
      ...r.timings.map((t) => `${ms(t.medianMs)} / ${ms(t.p99Ms)}`),
      pct(r.top1),
      pct(r.top3),
    ]),
  );
  return { lengths, rows, markdown };
}

/**
 * A server with the most phrases a server may teach (100), in English and in Russian: what they add to an
 * answer to a 60-character question (`ErrorLookup.answer`, as an @mention or `/spotify-error` asks it, searching
 * and detecting several times) and to autocomplete. Each phrase's words are read once per list; they were read
 * again on every search and detection (0.4 ms an answer in English, 1.1 ms in Russian, against 0.08 ms without).
 */
export function benchServerPhrases(lookup: ErrorLookup) {
  const queries = queriesOfLength(60);
  const lists = {
    none: [],
    english: Array.from({ length: 100 }, (_, i) => ({ phrase: `stuck on the loading screen step ${i} again`, code: 'auth:3' })),
    russian: Array.from({ length: 100 }, (_, i) => ({ phrase: `спотифай не запускается ошибка номер ${i} снова`, code: 'auth:3' })),
  };
  const rows = Object.entries(lists).map(([name, phrases]) => ({
    name,
    answer: timeCalls(queries, (q) => lookup.answer(q, phrases), 3000, 1500),
    autocomplete: timeCalls(queries, (q) => lookup.autocomplete(q, phrases), 3000, 1500),
  }));
  const without = rows[0]!;
  const worstRatio = Math.max(...rows.slice(1).map((r) => r.answer.medianMs / without.answer.medianMs));
  return {
    worstRatio,
    markdown: [
      `| a server's phrases | answer, 60 chars (median / p99) | autocomplete (median / p99) |`,
      `| --- | --- | --- |`,
      ...rows.map((r) => `| ${r.name === 'none' ? 'none' : `100, in ${r.name[0]!.toUpperCase()}${r.name.slice(1)}`} | ${ms(r.answer.medianMs)} / ${ms(r.answer.p99Ms)} | ${ms(r.autocomplete.medianMs)} / ${ms(r.autocomplete.p99Ms)} |`),
    ].join('\n'),
  };
}
