import { phraseWords, STOPWORDS } from './text.js';

/** Words too common in a Spotify help channel to mean one error on their own. */
const TOO_COMMON = new Set([...STOPWORDS, 'spotify', 'app', 'music', 'song', 'songs', 'play', 'problem', 'issue', 'work', 'works', 'working']);

/**
 * Why a server phrase would match ordinary chat, or undefined when it is specific enough: it needs
 * words that are not all common ones, with at least two letters of content between them.
 */
export function phraseTooCommon(phrase: string): boolean {
  // Judged by the words it is matched by: "ошибка" or "Fehler" is read as "error", and matches it in every language.
  const content = phraseWords(phrase)
    .split(' ')
    .filter((t) => !TOO_COMMON.has(t));
  // Letters of any script: "登不上去" or "не работает" is as telling as its English.
  const letters = content.join('').replace(/\P{L}/gu, '');
  // A Thai, Lao, Khmer or Burmese letter counts half: found inside any word of those unspaced
  // scripts, two of them ("ไม่", "not") are in too much chat; a Chinese character is a word.
  const alphabetic = letters.match(UNSPACED_ALPHABETS)?.length ?? 0;
  return letters.length - alphabetic / 2 < 2;
}

const UNSPACED_ALPHABETS = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/gu;
