/** Text folding shared by code resolution, search and detection. */

import { inEnglish } from './other-languages.js';

const DASH_CHARACTERS = String.raw`\u2010-\u2015\u2212\uFE58\uFE63\uFF0D`;
const DASHES = new RegExp(`[${DASH_CHARACTERS}]`, 'g');
/** A hyphen or any dash fold makes one: for patterns that meet the text before it is folded (the detector's prefilter). */
export const ANY_DASH = `[-${DASH_CHARACTERS}]`;
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;

// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;

/** NFKC (fullwidth → ASCII, `：` → `:`), lower case, typographic dashes and quotes made plain. */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().replace(DASHES, '-').replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"');
}

/**
 * Characters that show nothing themselves: bidi controls (an unclosed override reverses the words
 * after it) and zero-width spaces. The zero-width joiner and non-joiner are not among them: they are
 * spelling (emoji joined into one, Persian and Indic letters kept apart or together).
 */
export const INVISIBLE_CHARACTERS = /[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Letters and digits only: `Error code: AUTH-3` → `errorcodeauth3`. */
export function compactKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '');
}

/** Lower-case word tokens (letters and digits); underscores, colons and punctuation split. */
export function tokenize(text: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  // A character loop: several times cheaper than a regular-expression split on long messages.
  const folded = fold(text);
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (tokens.length >= maxTokens) break;
      tokens.push(folded.slice(start, i));
      start = -1;
    }
  }
  return tokens;
}

const LOWER_THEN_UPPER = /[a-z][A-Z]/;
const CAMEL_CASE = /\b[a-z]+(?:[A-Z][a-z]+)+[A-Z]?\b|\b(?:[A-Z][a-z]+){2,}\b/g;

/**
 * The words inside developers' identifiers, alone and with the next one (people write "key system"
 * and "keysystem"): `requestMediaKeySystemAccess` → request, media, key, system, access, requestmedia, mediakey, keysystem, systemaccess.
 */
export function identifierWords(text: string, max = 64): string[] {
  const words: string[] = [];
  if (!LOWER_THEN_UPPER.test(text)) return words;
  for (const [identifier] of text.matchAll(CAMEL_CASE)) {
    const parts = identifier.split(/(?=[A-Z])/, max).map((p) => p.toLowerCase());
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]!.length > 1 && words.length < max) words.push(parts[i]!);
      if (i > 0 && words.length < max) words.push(parts[i - 1]! + parts[i]!);
    }
    if (words.length >= max) break;
  }
  return words;
}

/** Tokens joined by single spaces: a punctuation- and case-insensitive form for phrase comparison. */
export function phraseKey(text: string): string {
  return tokenize(text).join(' ');
}

const ANY_SCRIPT_WORD = /[\p{L}\p{M}\p{N}]+/gu;
/**
 * Chinese, Japanese, Thai, Lao, Khmer and Burmese put no spaces between words: each of their
 * characters (with the vowel signs and tone marks written on it) is compared as a word of its own.
 */
const UNSPACED = String.raw`(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*)`;
const UNSPACED_CHARACTER = new RegExp(UNSPACED, 'gu');
const ONE_UNSPACED_CHARACTER = new RegExp(`^${UNSPACED}$`, 'u');

/** How many characters of scripts written without spaces the text has (a Thai letter with its marks is one). */
export function unspacedCharacters(text: string): number {
  return text.match(UNSPACED_CHARACTER)?.length ?? 0;
}

/** Whether a word of wordsOf is one character of a script written without spaces. */
export function isUnspacedCharacter(word: string): boolean {
  return ONE_UNSPACED_CHARACTER.test(word);
}

/**
 * The words of text already folded and read in English (inEnglish), of any script, one space apart:
 * what a server's phrase is compared by. phraseKey keeps Latin letters only (the reference is
 * English), which would leave "Spotify Premium не работает" the words "spotify premium".
 */
export function wordsOf(englishFolded: string): string {
  return englishFolded.replace(UNSPACED_CHARACTER, ' $& ').match(ANY_SCRIPT_WORD)?.join(' ') ?? '';
}

/**
 * A server phrase's identity as stored: its words of any script, lower case, one space apart, so
 * "Spotify Premium не работает" and "spotify premium — не работает!" are one phrase, and two phrases
 * that differ only in Cyrillic or Chinese words are two.
 */
export function phraseStoreKey(phrase: string): string {
  // Not wordsOf: a Chinese phrase's key keeps its characters together, as migration 0004 stored it.
  return fold(phrase).match(ANY_SCRIPT_WORD)?.join(' ') ?? '';
}

/** A server phrase's words, read as a message is (other languages' domain words in English: "Fehler" is "error"). */
export function phraseWords(phrase: string): string {
  return wordsOf(inEnglish(fold(phrase)));
}

const PHRASE_WORDS = new WeakMap<readonly { phrase: string }[], readonly string[]>();

/**
 * Each phrase's words (phraseWords), per list. A server's list is the same array until its cache reads it
 * again (every 30 s), and every message and search reads all of it, several times an answer: folding a
 * hundred phrases each time cost more than the search itself.
 */
export function phraseWordsOf(phrases: readonly { phrase: string }[]): readonly string[] {
  let words = PHRASE_WORDS.get(phrases);
  if (!words) PHRASE_WORDS.set(phrases, (words = phrases.map((p) => phraseWords(p.phrase))));
  return words;
}

/**
 * How people write the negations of displayed messages ("doesn't", "does not", "doesnt"), by the one
 * form sameNegations writes for them.
 */
export const NEGATION_FORMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['can t', ['cannot', 'can not', 'cant', ...['', 'is ', 'are ', 'am '].flatMap((be) => [`${be}unable to`, `${be}not able to`])]],
  ['couldn t', ['could not', 'couldnt', 'was unable to', 'were unable to', 'wasn t able to', 'was not able to', 'were not able to']],
  ['won t', ['will not', 'wont']],
  ['doesn t', ['does not', 'doesnt']],
  ['isn t', ['is not', 'isnt']],
];
const WRITTEN = new Map(NEGATION_FORMS.flatMap(([written, forms]) => forms.map((form) => [form, written] as const)));
/** Every other form, longest first: "was unable to" is "couldn't" before "unable to" is "can't", "is not able to" "can't" before "is not" is "isn't". One pass. */
const OTHER_FORMS = new RegExp(String.raw`\b(?:${[...WRITTEN.keys()].sort((a, b) => b.length - a.length).join('|')})\b`, 'g');

/** Words that turn a message into its opposite, once sameNegations has written it ("can't" is "can t"): a quote with one word off never has one of them off. */
export const NEGATION_WORDS: ReadonlySet<string> = new Set(['not', 't', 'no', 'never', 'nothing', 'none']);

/** A phrase key with each negation written one way ("cannot", "can not", "unable to" as "can't" is; "does not" as "doesn't"). */
export function sameNegations(phrase: string): string {
  return phrase.replace(OTHER_FORMS, (form) => WRITTEN.get(form)!);
}

const APPENDED_CODE = /\s*\(error code:[^)]*\)/i;

/** A displayed message without the "(Error code: …)" the client appends to some of them. */
export function withoutErrorCode(message: string): string {
  return message.replace(APPENDED_CODE, '').trim();
}

/** Each word with the next ("a firewall", "firewall may", …) of a space-separated phrase. */
export function wordPairs(phrase: string): string[] {
  const words = phrase.split(' ');
  return words.slice(1).map((word, i) => `${words[i]} ${word}`);
}

/** Words that say nothing of which error it is: search, the detector and chat skip them. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a an the and or but is are was were be been to of in on at for with my me i it its this that these those ' +
    'says say said saying get got gets getting error errors code please help when what why how do does did ' +
    'dont doesnt didnt cant wont isnt arent wasnt werent havent hasnt hadnt couldnt wouldnt shouldnt ' +
    'can could would should will from by as so if then just im ive keeps keep show shows ' +
    'showing shown message app hi hey anyone know you your ur u there here some any all no not on off up down still ' +
    'again now tried try trying also even after before one thing seem seems seemed ' +
    'have has had having am being do doing we they them their our us he she him her his who whom whose which where while ' +
    'would should might must shall may can will about above below into through during once most other such only ' +
    'own same than too very few each both nor until because against what whats between under further ' +
    'like something anything nothing everything someone everyone somebody anybody nobody everybody ' +
    'yours theirs ours hers myself yourself yourselves himself herself itself ourselves themselves ' +
    // What is left of contractions once the apostrophe splits them ("i've", "you'll", "doesn't").
    've ll re d m s t don doesn didn isn aren wasn weren haven hasn hadn won wouldn couldn shouldn mustn needn shan ain').split(' '),
);
