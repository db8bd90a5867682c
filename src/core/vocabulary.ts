/**
 * A word list with "one edit away" and prefix lookups. One edit is one insertion, deletion,
 * substitution or adjacent swap. The candidates come from a deletion neighbourhood (words whose
 * single-character deletions meet the token's), which also lets through words two edits away
 * ("nope" and "open" both lose an "n" to "ope"); each is checked. Built once; a lookup costs
 * O(word length) map reads.
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
    return [...found].filter((word) => oneEditApart(token, word));
  }

  /** Longer words that start with `token` (at least 3 characters). */
  withPrefix(token: string): string[] {
    return [...(this.byPrefix.get(token) ?? [])];
  }
}

/** Whether two different words are one insertion, deletion, substitution or adjacent swap apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // What differs once the common start and end are set aside.
  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  if (restA.length + restB.length <= 1) return true;
  if (restA.length === 1 && restB.length === 1) return true;
  return restA.length === 2 && restB.length === 2 && restA[0] === restB[1] && restA[1] === restB[0];
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
