import type { ErrorEntry } from '../../data/schema.js';
import type { SearchIndex } from '../search.js';

/** Words every entry shares: only the others can tell entries of one message apart. */
const UNTELLING = /\b(?:spotify|says?|said|error|code|message|shows?|again|help)\b/g;
/** A clear lead, relative to the scores (they scale with how many words the rest has). */
const MIN_SCORE = 0.15;
const MIN_LEAD = 1.15;

/**
 * Of entries that show the message a text quotes, the one the rest of the text clearly points to
 * ("…when I log in through the browser"), if any.
 */
export function bestSupported(search: SearchIndex, candidates: readonly ErrorEntry[], rest: string): ErrorEntry | undefined {
  const words = rest.replace(UNTELLING, ' ');
  if (!/[a-z0-9]{3,}/.test(words)) return undefined;
  const [top, second] = search.search(words, { among: candidates });
  if (top && top.score >= MIN_SCORE && (!second || top.score >= second.score * MIN_LEAD)) return top.entry;
  return undefined;
}
