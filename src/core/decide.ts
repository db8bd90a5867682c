import type { ErrorEntry } from '../data/schema.js';
import { headline } from './related.js';
import type { SearchResult } from './search.js';

export type Decision =
  | { kind: 'confident'; entry: ErrorEntry; score: number }
  /** The best matches share a displayed message: answered together, with how to tell them apart. */
  | { kind: 'group'; entries: ErrorEntry[] }
  | { kind: 'ambiguous'; candidates: SearchResult[] }
  /** Nothing to answer or ask about; `nearest`: the closest entries a miss may still show (see ErrorLookup.answer). */
  | { kind: 'none'; nearest?: SearchResult[] };

/**
 * Calibrated on the development half of the real-message corpus (docs/benchmarks.md): a word
 * match answers directly only where the top entry was right at least 97% of the time there — a
 * score of at least 0.5 and half again the runner-up's. Codes and pasted messages always answer.
 */
export const CONFIDENT_SCORE = 0.5;
export const CONFIDENT_RATIO = 1.5;
/**
 * A word match answers with one entry only on two of the query's telling words (or a word and a
 * synonym row): on the real-message training sets, the top entry of a one-word match was right about
 * one time in five. A shared message's group may rest on one word ("firewall", "password"): it lists
 * every entry that shows the message and how to tell them apart.
 */
export const MIN_WORDS_TO_ANSWER = 2;
/** A lone candidate is answered from this score; below it, it is a miss, never a menu of one. */
export const LONE_CANDIDATE_SCORE = 0.3;
/** Below this a word match is noise: neither answered nor offered (in a "did you mean" list or among a miss's closest entries). */
export const MIN_CANDIDATE_SCORE = 0.25;
/** Best matches within this ratio of each other that share a displayed message are answered as its group. */
export const GROUP_RATIO = 1.12;
export const MAX_CANDIDATES = 10;
/** Scores are rounded to thousandths: a ratio between two of them is held with this much room for floating point (0.4 × 1.5 > 0.6). */
const ROUNDING = 1e-9;

/**
 * One clear winner answers directly; best matches that share a displayed message answer as their
 * group; several close ones become a "did you mean" list; nothing relevant is a miss.
 */
export function decide(results: readonly SearchResult[], relatedTo: (entry: ErrorEntry) => readonly ErrorEntry[] = () => []): Decision {
  const [top, second] = results;
  if (!top || top.score < MIN_CANDIDATE_SCORE) return { kind: 'none' };
  // A word match on nothing telling ("spotify", a word in most entries) is no candidate.
  if (top.match === 'text' && top.words === 0) return { kind: 'none' };
  // A code, or a piece of a displayed message only one entry shows.
  const exactCode = (top.match === 'code' || top.match === 'phrase') && top.score >= 0.95;
  const clearLead = !second || top.score >= second.score * CONFIDENT_RATIO - ROUNDING;
  // A Fuse.js guess is only ever offered.
  const enough = top.match === 'text' ? (top.words ?? 0) >= MIN_WORDS_TO_ANSWER : top.match !== 'guess';
  if (exactCode || (enough && top.score >= CONFIDENT_SCORE && clearLead)) return { kind: 'confident', entry: top.entry, score: top.score };
  const related = relatedTo(top.entry);
  const level = second !== undefined && (top.match === 'phrase' || top.score <= second.score * GROUP_RATIO + ROUNDING);
  if (second && level && related.includes(second.entry) && top.score >= MIN_CANDIDATE_SCORE * 1.5) {
    return { kind: 'group', entries: [top.entry, ...showingSharedMessage(top.entry, second.entry, related)] };
  }
  const candidates = closeCandidates(results);
  if (candidates.length === 1) return enough && top.score >= LONE_CANDIDATE_SCORE ? { kind: 'confident', entry: top.entry, score: top.score } : { kind: 'none' };
  return { kind: 'ambiguous', candidates };
}

/**
 * Of the entries related to `top`, those that show the message `top` and `second` share: an entry
 * with two messages (auth:2) is related through each, and only one of them was matched.
 */
function showingSharedMessage(top: ErrorEntry, second: ErrorEntry, related: readonly ErrorEntry[]): ErrorEntry[] {
  const topHeadlines = new Set(top.messages.map(headline));
  const shared = new Set(second.messages.map(headline).filter((h) => topHeadlines.has(h)));
  return related.filter((entry) => entry.messages.some((m) => shared.has(headline(m))));
}

/** The matches close enough to the best to offer in a "did you mean" list, best first. */
export function closeCandidates(results: readonly SearchResult[]): SearchResult[] {
  const floor = Math.max(MIN_CANDIDATE_SCORE, (results[0]?.score ?? 0) * 0.5 - ROUNDING);
  return results.filter((r) => r.score >= floor).slice(0, MAX_CANDIDATES);
}
