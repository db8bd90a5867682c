/**
 * A word list with constant-time "one edit away" and prefix lookups (a deletion neighbourhood:
 * two words are within one insertion, deletion, substitution or adjacent swap when their
 * single-character deletions meet). Built once; lookups cost O(word length) map reads.
 */
export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly byDeletion = new Map<string, Set<string>>();
  private readonly byPrefix = new Map<string, Set<string>>();

  constructor(
    words: Iterable<string>,
    private readonly minFuzzyLength = 4,
  ) {
    for (const word of words) {
      if (this.words.has(word)) continue;
      this.words.add(word);
      if (/^\d+$/.test(word)) continue;
      if (word.length >= minFuzzyLength) {
        for (const variant of [word, ...deletions(word)]) addTo(this.byDeletion, variant, word);
      }
      for (let n = 3; n < word.length && n <= 12; n++) addTo(this.byPrefix, word.slice(0, n), word);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Words one edit away from `token` (not the token itself); none for numbers or short tokens. */
  oneEditAway(token: string): string[] {
    if (token.length < this.minFuzzyLength || /^\d+$/.test(token)) return [];
    const found = new Set(this.byDeletion.get(token));
    for (const variant of deletions(token)) {
      if (this.words.has(variant)) found.add(variant);
      for (const word of this.byDeletion.get(variant) ?? []) found.add(word);
    }
    found.delete(token);
    return [...found];
  }

  /** Longer words that start with `token` (at least 3 characters). */
  withPrefix(token: string): string[] {
    return [...(this.byPrefix.get(token) ?? [])];
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
