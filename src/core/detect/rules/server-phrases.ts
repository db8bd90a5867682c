import type { CodeIndex } from '../../codes.js';
import type { ExtraPhrase } from '../../search.js';
import { inEnglish } from '../../other-languages.js';
import { fold, isUnspacedCharacter, phraseWordsOf, wordsOf } from '../../text.js';
import { escapeRegExp } from '../regex.js';
import { linksAsHosts, OTHER_APPS, type DetectRule, type Findings, type ScanText } from '../scan.js';

const NOT_IN_WORD_BEFORE = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const NOT_IN_WORD_AFTER = String.raw`(?![\p{L}\p{M}\p{N}])`;
const BETWEEN_WORDS = String.raw`[^\p{L}\p{M}\p{N}]+`;
const BESIDE_UNSPACED = String.raw`[^\p{L}\p{M}\p{N}]*`;

/** A pattern for a phrase's opening words: whole words, but a character of a script written without spaces (Chinese, Thai…) needs none beside it. */
function openingWords(words: readonly string[]): string {
  const pattern = words.map((word, i) => {
    const between = i === 0 ? '' : isUnspacedCharacter(word) || isUnspacedCharacter(words[i - 1]!) ? BESIDE_UNSPACED : BETWEEN_WORDS;
    return between + escapeRegExp(word);
  });
  const before = isUnspacedCharacter(words[0]!) ? '' : NOT_IN_WORD_BEFORE;
  const after = isUnspacedCharacter(words.at(-1)!) ? '' : NOT_IN_WORD_AFTER;
  return `${before}${pattern.join('')}${after}`;
}

/** Where a phrase's words stand in the text, as `containsWords` finds them in its words. */
function placesOf(words: string, folded: string): number[] {
  return [...folded.matchAll(new RegExp(openingWords(words.split(' ')), 'giu'))].map((m) => m.index);
}

/** A server's own phrases (taught by its moderators); each list gets its own cheap first pass. */
export class ServerPhraseRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: [] };
  /**
   * Per list, each phrase's opening words (up to three, whole, space-padded) to look for among a text's words.
   * Not one regular expression of them all: compiling that took V8 a few hundred milliseconds for a hundred
   * phrases, on the event loop, and a server's list is a new array each time the cache reads it again.
   */
  private readonly openings = new WeakMap<readonly ExtraPhrase[], readonly string[]>();

  constructor(private readonly codes: CodeIndex) {}

  /** Whether a server's phrases could match the text (the opening words of one of them, as read, are there). */
  mightMatch(text: string, phrases: readonly ExtraPhrase[]): boolean {
    if (!phrases.length) return false;
    let openings = this.openings.get(phrases);
    if (!openings) {
      // Whole words of any script (the phrase "the" does not let "another" through); a character of a script
      // written without spaces is a word of its own, as wordsOf reads it.
      openings = phraseWordsOf(phrases)
        .filter(Boolean)
        .map((words) => ` ${words.split(' ').slice(0, 3).join(' ')} `);
      this.openings.set(phrases, openings);
    }
    if (!openings.length) return false;
    // Read as `find` reads it (ScanText's words): folded as the phrases were (Thai's ำ is ํ + า, half-width katakana
    // full-width), other languages' words in English as theirs are ("登陆" and "登录" are both "login"), links as their site.
    const words = ` ${wordsOf(linksAsHosts(inEnglish(fold(text))))} `;
    return openings.some((opening) => words.includes(opening));
  }

  find(text: ScanText, found: Findings): void {
    const phrases = text.options.phrases;
    if (!phrases.length) return;
    const matched: PhraseMatch[] = [];
    const phrasesWords = phraseWordsOf(phrases);
    const textWords = ` ${text.words} `;
    phrases.forEach((extra, i) => {
      const words = phrasesWords[i]!;
      const spans = words ? spansOf(textWords, words) : [];
      if (!spans.length) return;
      // Precision first: "Steam is stuck on …" is Steam's, unless Spotify is named nearer (or the phrase names that program itself).
      const othersOwn = text.othersAt.length > 0 && words.search(OTHER_APPS) < 0;
      if (othersOwn && !placesOf(words, text.folded).some((at) => text.isSpotifys(at))) return;
      matched.push({ code: extra.code, words: words.split(' ').length, spans });
    });
    for (const match of matched) {
      // The longer phrase wins where one's match lies inside another's: "stuck on the purple spinner" is not also "purple spinner".
      const inside = (span: Span) => matched.some((other) => other.words > match.words && other.spans.some((o) => o.start <= span.start && span.end <= o.end));
      if (match.spans.every(inside)) continue;
      found.add(this.codes.byCode(match.code), 0.9);
    }
  }
}

interface Span {
  start: number;
  end: number;
}

interface PhraseMatch {
  code: string;
  /** How many words the phrase has. */
  words: number;
  /** Where its words are in the text's words. */
  spans: Span[];
}

/** Every place `words` appear, as whole words, in `padded` (space-separated, with a space at each end). */
function spansOf(padded: string, words: string): Span[] {
  const spans: Span[] = [];
  for (let at = padded.indexOf(` ${words} `); at >= 0; at = padded.indexOf(` ${words} `, at + 1)) {
    spans.push({ start: at, end: at + words.length + 2 });
  }
  return spans;
}
