import type { CodeIndex } from '../../codes.js';
import { containsWords, type ExtraPhrase } from '../../search.js';
import { fold, phraseWords, wordsOf } from '../../text.js';
import { escapeRegExp } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const NOT_IN_WORD_AFTER = String.raw`(?![\p{L}\p{M}\p{N}])`;
const BETWEEN_WORDS = String.raw`[^\p{L}\p{M}\p{N}]+`;

/** A server's own phrases (taught by its moderators); each list gets its own cheap first pass. */
export class ServerPhraseRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: [] };
  private readonly prefilters = new WeakMap<readonly ExtraPhrase[], RegExp | null>();

  constructor(private readonly codes: CodeIndex) {}

  /** Whether a server's phrases could match the text (the opening words of one of them, as written, are there). */
  mightMatch(text: string, phrases: readonly ExtraPhrase[]): boolean {
    if (!phrases.length) return false;
    if (!this.prefilters.has(phrases)) {
      // The opening words, whole, of any script: the phrase "the" does not let "another" through.
      const parts = phrases
        .map((p) => wordsOf(fold(p.phrase)))
        .filter(Boolean)
        .map((words) => `${NOT_IN_WORD_BEFORE}${words.split(' ').slice(0, 3).map(escapeRegExp).join(BETWEEN_WORDS)}${NOT_IN_WORD_AFTER}`);
      this.prefilters.set(phrases, parts.length ? new RegExp(parts.join('|'), 'iu') : null);
    }
    return this.prefilters.get(phrases)?.test(text) ?? false;
  }

  find(text: ScanText, found: Findings): void {
    for (const extra of text.options.phrases) {
      const words = phraseWords(extra.phrase);
      if (words && containsWords(text.words, words)) found.add(this.codes.byCode(extra.code), 0.9);
    }
  }
}
