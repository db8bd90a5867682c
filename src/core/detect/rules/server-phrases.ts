import type { CodeIndex } from '../../codes.js';
import type { ExtraPhrase } from '../../search.js';
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
      const parts = phrases
        .map((p) => phraseKey(p.phrase).split(' ').slice(0, 3).map(escapeRegExp).join(String.raw`\W+`))
        .filter(Boolean);
      this.prefilters.set(phrases, parts.length ? new RegExp(parts.join('|'), 'i') : null);
    }
    return this.prefilters.get(phrases)?.test(text) ?? false;
  }

  find(text: ScanText, found: Findings): void {
    for (const extra of text.options.phrases) {
      const key = phraseKey(extra.phrase);
      if (key && text.phrase.includes(key)) found.add(this.codes.byCode(extra.code), 0.9);
    }
  }
}
