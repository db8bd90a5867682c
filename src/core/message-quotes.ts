import { headline } from './related.js';
import { NEGATION_WORDS, phraseKey, sameNegations, STOPWORDS, withoutErrorCode, wordPairs } from './text.js';

/** A first sentence shorter than this ("An error occurred.") is too common to stand for its message. */
const MIN_HEADLINE_WORDS = 5;
/** A displayed message quoted with one word changed or missing is still that message from this many words. */
const NEAR_QUOTE_MIN_WORDS = 6;

/** A displayed message as people quote it: phrase key, negations written one way. */
interface QuotedMessage {
  phrase: string;
  entryIndex: number;
  words: string[];
  pairs: string[];
}

/**
 * The entries' displayed messages as people quote them: whole, by their first sentence, piece by
 * piece, or with one word off. Texts given here are phrase keys with negations written one way
 * (`sameNegations(phraseKey(…))`), as search reads a query.
 */
export class MessageQuotes {
  private readonly messages: QuotedMessage[] = [];
  /** The messages (positions in `messages`) that have each word pair. */
  private readonly byPair = new Map<string, number[]>();

  /** Indexes one displayed message of the entry at `entryIndex`: whole, and its first sentence, which people often quote alone. */
  add(message: string, entryIndex: number): void {
    const whole = phraseKey(withoutErrorCode(message));
    const first = headline(message);
    for (const key of first !== whole && first.split(' ').length >= MIN_HEADLINE_WORDS ? [whole, first] : [whole]) {
      if (!key) continue;
      const spoken = sameNegations(key);
      const pairs = wordPairs(spoken);
      for (const pair of new Set(pairs)) append(this.byPair, pair, this.messages.length);
      this.messages.push({ phrase: spoken, entryIndex, words: spoken.split(' '), pairs });
    }
  }

  /**
   * Entries (of `entryCount`) one of whose displayed messages the texts quote: two of its words in a
   * row, not both function words ("try again" is in many sentences; "again later" and "file on" are
   * telling enough).
   */
  quotedEntries(texts: readonly string[], entryCount: number): Uint8Array {
    const quoted = new Uint8Array(entryCount);
    for (const text of texts) {
      const words = text.split(' ');
      for (let i = 1; i < words.length; i++) {
        if (STOPWORDS.has(words[i - 1]!) && STOPWORDS.has(words[i]!)) continue;
        for (const m of this.byPair.get(`${words[i - 1]} ${words[i]}`) ?? []) quoted[this.messages[m]!.entryIndex] = 1;
      }
    }
    return quoted;
  }

  /**
   * Entries whose displayed message the text is part of or contains, as people write a message they
   * remember ("unable to play this right now"); failing that, those it quotes with one word off.
   */
  quotedBy(text: string): Set<number> {
    const found = new Set<number>();
    for (const { phrase, entryIndex } of this.messages) {
      if (phrase.includes(text) || text.includes(phrase)) found.add(entryIndex);
    }
    // A message quoted with one word changed or left out ("a firewall may be blocking and …").
    if (found.size === 0) for (const entryIndex of this.nearlyQuoted(text)) found.add(entryIndex);
    return found;
  }

  /**
   * Entries whose displayed message (NEAR_QUOTE_MIN_WORDS words or more) the text quotes with one
   * word changed, left out or added: the message's word pairs found in the text, in order and within
   * its length and two words, cover all its words but one, and no negation is off. The text's pairs
   * are looked up once in the index of the messages' pairs; only messages with enough of them are
   * checked in order.
   */
  private nearlyQuoted(text: string): number[] {
    const textPairs = wordPairs(text);
    const textWords = text.split(' ');
    const counts = new Uint16Array(this.messages.length);
    for (const pair of new Set(textPairs)) for (const m of this.byPair.get(pair) ?? []) counts[m]!++;
    const candidates = this.messages.filter(({ pairs }, m) => pairs.length >= NEAR_QUOTE_MIN_WORDS - 1 && counts[m]! >= pairs.length - 2);
    if (candidates.length === 0) return [];
    const at = new Map<string, number[]>();
    textPairs.forEach((pair, i) => append(at, pair, i));
    const found: number[] = [];
    candidates.forEach(({ words, pairs, entryIndex }) => {
      // The message's words its pairs found cover (pair j is words j and j + 1).
      const covered = new Set<number>();
      let first = -1;
      let last = -1;
      pairs.forEach((pair, j) => {
        let position = at.get(pair)?.find((p) => p > last);
        let next = j + 1;
        // The next word left out: this word, then the one two ahead ("this now" of "this right now").
        if (position === undefined && j + 2 < words.length) {
          position = at.get(`${words[j]} ${words[j + 2]}`)?.find((p) => p > last);
          next = j + 2;
        }
        if (position === undefined) return;
        if (first < 0) first = position;
        last = position;
        covered.add(j).add(next);
      });
      if (covered.size < pairs.length || last - first > pairs.length + 1) return;
      // The word off is never a negation: "does match" is not "does not match".
      if (words.some((word, i) => !covered.has(i) && NEGATION_WORDS.has(word))) return;
      const quoted = textWords.slice(first, last + 2).filter((word) => NEGATION_WORDS.has(word)).length;
      if (quoted !== words.filter((word) => NEGATION_WORDS.has(word)).length) return;
      found.push(entryIndex);
    });
    return found;
  }
}

function append(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
