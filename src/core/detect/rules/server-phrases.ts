import type { CodeIndex } from '../../codes.js';
import { containsWords, type ExtraPhrase } from '../../search.js';
import { phraseKey } from '../../text.js';
import { escapeRegExp } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** A server's own phrases (taught by its moderators); each list gets its own cheap first pass. */
export class ServerPhraseRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: [] };
  private readonly prefilters = new WeakMap<readonly ExtraPhrase[], RegExp | null>();

  constructor(private readonly codes: CodeIndex) {}

  /** Whether a server's phrases could match the text (the opening words of one of them are there). */
  mightMatch(text: string, phrases: readonly ExtraPhrase[]): boolean {
    if (!phrases.length) return false;
    if (!this.prefilters.has(phrases)) {
      // The opening words, whole: the phrase "the" does not let "another" through.
      const parts = phrases
        .map((p) => phraseKey(p.phrase))
        .filter(Boolean)
        .map((key) => String.raw`\b${key.split(' ').slice(0, 3).map(escapeRegExp).join(String.raw`\W+`)}\b`);
      this.prefilters.set(phrases, parts.length ? new RegExp(parts.join('|'), 'i') : null);
    }
    return this.prefilters.get(phrases)?.test(text) ?? false;
  }

  find(text: ScanText, found: Findings): void {
    for (const extra of text.options.phrases) {
      const key = phraseKey(extra.phrase);
      if (key && containsWords(text.phrase, key)) found.add(this.codes.byCode(extra.code), 0.9);
    }
  }
}
