import type { ErrorEntry } from '../data/schema.js';
import type { SearchResult } from './search.js';

export type Decision =
  | { kind: 'confident'; entry: ErrorEntry; score: number }
  | { kind: 'ambiguous'; candidates: SearchResult[] }
  | { kind: 'none' };

export const CONFIDENT_SCORE = 0.4;
export const CONFIDENT_MARGIN = 0.1;
export const MIN_CANDIDATE_SCORE = 0.2;
export const MAX_CANDIDATES = 10;

/**
 * One clear winner answers directly; several close ones become a "did you mean" list; nothing
 * relevant is a miss. A winner needs a decent score and a clear lead over the runner-up.
 */
export function decide(results: readonly SearchResult[]): Decision {
  const [top, second] = results;
  if (!top || top.score < MIN_CANDIDATE_SCORE) return { kind: 'none' };
  const exactCode = top.match === 'code' && top.score === 1;
  if (exactCode || (top.score >= CONFIDENT_SCORE && (!second || top.score - second.score >= CONFIDENT_MARGIN - 1e-9))) {
    return { kind: 'confident', entry: top.entry, score: top.score };
  }
  const floor = Math.max(MIN_CANDIDATE_SCORE, top.score * 0.5);
  return { kind: 'ambiguous', candidates: results.filter((r) => r.score >= floor).slice(0, MAX_CANDIDATES) };
}
