import type { Answerer } from '../../src/answers/answerer.js';
import type { Answer } from '../../src/answers/types.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries, loadExamples, type ExampleSet } from '../../src/data/index.js';
import type { PeopleWording, RealMessage } from './corpus.js';

/** What a member asking would type or paste: everything about a documented error. */
export const asked = (m: RealMessage) => m.expected.length > 0 && m.kind !== 'chat';
/** What an automatic reply must answer: pasted errors. */
export const pasted = (m: RealMessage) => m.expected.length > 0 && m.kind === 'paste';
/** What it must never answer: chat, other programs' errors, Spotify problems the reference lacks. */
export const notAnError = (m: RealMessage) => m.expected.length === 0;

export interface Failure {
  message: RealMessage;
  got: string;
}

export interface TextFigures {
  search: { total: number; top1: number; top3: number };
  /** `/spotify-error`: a public answer (one entry, or a shared-message group) with a right entry. */
  slash: {
    total: number;
    publicRight: number;
    single: number;
    singleRight: number;
    menus: number;
    /** Menus that list a right entry. */
    menusRight: number;
    misses: number;
    /** Misses whose closest entries (the menu a miss shows) include a right one. */
    missesNearestRight: number;
  };
  auto: { positives: number; recalled: number; negatives: number; falsePositives: number };
  failures: { search: Failure[]; slash: Failure[]; autoMissed: Failure[]; autoFalse: Failure[] };
}

const codesOf = (answer: Answer) =>
  answer.kind === 'entries' || answer.kind === 'group' ? answer.entries.map((e) => e.code) : answer.kind === 'choices' ? answer.candidates.map((e) => e.code) : [];
const describe = (answer: Answer) =>
  answer.kind === 'none'
    ? `none${answer.nearest ? ` (closest: ${answer.nearest.map((e) => e.code).join(', ')})` : ''}`
    : `${answer.kind} ${codesOf(answer).slice(0, 4).join(', ')}`;

/** Search, the slash command and automatic replies (in a channel chosen for Spotify help) on real text. */
export async function evaluateText(answerer: Answerer, messages: readonly RealMessage[]): Promise<TextFigures> {
  const figures: TextFigures = {
    search: { total: 0, top1: 0, top3: 0 },
    slash: { total: 0, publicRight: 0, single: 0, singleRight: 0, menus: 0, menusRight: 0, misses: 0, missesNearestRight: 0 },
    auto: { positives: 0, recalled: 0, negatives: 0, falsePositives: 0 },
    failures: { search: [], slash: [], autoMissed: [], autoFalse: [] },
  };
  for (const message of messages) {
    const right = (code: string) => message.expected.includes(code);
    if (asked(message)) {
      const results = answerer.lookup.search(message.text, [], 3).map((r) => r.entry.code);
      figures.search.total++;
      if (results[0] && right(results[0])) figures.search.top1++;
      else figures.failures.search.push({ message, got: results.join(', ') || 'nothing' });
      if (results.some(right)) figures.search.top3++;

      const ask = { way: 'slash' as const, text: message.text, images: [], guildId: '1', phrases: [] };
      const answer = await answerer.answer(ask);
      figures.slash.total++;
      const isPublic = answer.kind === 'entries' || answer.kind === 'group';
      if (answer.kind === 'entries') figures.slash.single++;
      if (answer.kind === 'entries' && right(answer.entries[0]!.code)) figures.slash.singleRight++;
      if (answer.kind === 'choices') figures.slash.menus++;
      if (answer.kind === 'choices' && answer.candidates.some((e) => right(e.code))) figures.slash.menusRight++;
      if (answer.kind === 'none') figures.slash.misses++;
      if (answer.kind === 'none' && answer.nearest?.some((e) => right(e.code))) figures.slash.missesNearestRight++;
      const publicRight = answer.kind === 'entries' ? right(answer.entries[0]!.code) : answer.kind === 'group' && answer.entries.some((e) => right(e.code));
      if (isPublic && publicRight) figures.slash.publicRight++;
      else figures.failures.slash.push({ message, got: describe(answer) });
    }
    if (pasted(message) || notAnError(message)) {
      const answer = await answerer.answer({ way: 'auto', text: message.text, images: [], guildId: '1', phrases: [], helpChannel: true });
      const answered = answer.kind === 'entries' || answer.kind === 'group';
      if (pasted(message)) {
        figures.auto.positives++;
        if (answered && codesOf(answer).some(right)) figures.auto.recalled++;
        else figures.failures.autoMissed.push({ message, got: describe(answer) });
      } else {
        figures.auto.negatives++;
        if (answered) {
          figures.auto.falsePositives++;
          figures.failures.autoFalse.push({ message, got: describe(answer) });
        }
      }
    }
  }
  return figures;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

export function formatTextFigures(label: string, f: TextFigures): string {
  return [
    `${label}: search top-1 ${pct(f.search.top1, f.search.total)}, top-3 ${pct(f.search.top3, f.search.total)} (${f.search.total} queries)`,
    `${label}: /spotify-error public and right ${pct(f.slash.publicRight, f.slash.total)}; single-entry answers right ${pct(f.slash.singleRight, f.slash.single)} (${f.slash.single}); menus ${f.slash.menus} (${f.slash.menusRight} list the right entry), misses ${f.slash.misses} (${f.slash.missesNearestRight} show it among the closest)`,
    `${label}: automatic replies recall ${pct(f.auto.recalled, f.auto.positives)} (${f.auto.positives} pasted errors), answered chat and near-misses ${pct(f.auto.falsePositives, f.auto.negatives)} (${f.auto.falsePositives} of ${f.auto.negatives})`,
  ].join('\n');
}

/** How many phrases of people's wording search puts their entry in the top three for. */
export function wordingInTopThree(lookup: Pick<ErrorLookup, 'search'>, wording: readonly PeopleWording[]): number {
  return wording.filter((w) => lookup.search(w.phrase, [], 3).some((r) => r.entry.code === w.code)).length;
}

/**
 * The bot's lookup as if it had never learnt from one training set: search's examples
 * (src/data/examples.json) without that set's rows. A training set is measured through this.
 */
export function lookupWithoutSet(set: ExampleSet): ErrorLookup {
  return new ErrorLookup(loadEntries(), { examples: loadExamples().filter((e) => e.set !== set) });
}
