/** A real message from a public post and what a helper answered it with (entries, by whatever names them). */
export interface LabelledExample<Label> {
  text: string;
  labels: readonly Label[];
}

/** The few best examples of an entry count, not how many it has (common errors have the most). */
const BEST_PER_ENTRY = 3;

/**
 * How people described each error in their own words: labelled real messages, compared with a
 * query by the words they share (TF-IDF, cosine). Where the reference's wording and people's
 * differ ("songs keep skipping", "spotify says I'm in the US"), a query like messages people wrote
 * about an entry is evidence for it. Built once from the examples; a query costs one pass over the
 * postings of its words.
 */
export class ExampleIndex<Label> {
  /** Per word, the examples that have it and its weight in each (unit vectors). */
  private readonly postings = new Map<string, { examples: Uint32Array; weights: Float64Array }>();
  /** Per example, the positions of its labels in `labelValues`. */
  private readonly exampleLabels: ReadonlyArray<readonly number[]>;
  private readonly labelValues: Label[] = [];
  private readonly idf = new Map<string, number>();
  private readonly missingIdf: number;
  /** Scratch space every query reuses (search runs on every keystroke of autocomplete: no garbage per call). */
  private readonly byExample: Float64Array;
  private readonly touched: Uint32Array;
  private readonly bestByLabel: Float64Array;
  private readonly counts = new Map<string, number>();

  /** `termsOf`: a text's telling words as search reads them (folded, stemmed, without function words; as many as count). */
  constructor(examples: ReadonlyArray<LabelledExample<Label>>, termsOf: (text: string) => string[]) {
    const labelIndex = new Map<Label, number>();
    this.exampleLabels = examples.map((e) =>
      [...new Set(e.labels)].map((label) => {
        if (!labelIndex.has(label)) labelIndex.set(label, this.labelValues.push(label) - 1);
        return labelIndex.get(label)!;
      }),
    );
    const exampleTerms = examples.map((e) => termsOf(e.text));
    const df = new Map<string, number>();
    for (const terms of exampleTerms) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
    for (const [term, n] of df) this.idf.set(term, Math.log(1 + examples.length / n));
    this.missingIdf = Math.log(1 + examples.length / 0.5);
    const lists = new Map<string, Array<[number, number]>>();
    exampleTerms.forEach((terms, example) => {
      for (const [term, weight] of this.vector(terms)) {
        const list = lists.get(term) ?? [];
        list.push([example, weight]);
        lists.set(term, list);
      }
    });
    for (const [term, list] of lists) {
      this.postings.set(term, { examples: Uint32Array.from(list, ([e]) => e), weights: Float64Array.from(list, ([, w]) => w) });
    }
    this.byExample = new Float64Array(examples.length);
    this.touched = new Uint32Array(examples.length);
    this.bestByLabel = new Float64Array(this.labelValues.length * BEST_PER_ENTRY);
  }

  get size(): number {
    return this.exampleLabels.length;
  }

  /**
   * For each label, how alike a query's telling words are to people's messages with it (0..1, the
   * mean of its best few), given to `add`; labels no example of which shares a word are not given.
   * Not re-entrant: `add` must not ask this index again (the scratch space is shared).
   */
  similarity(terms: readonly string[], add: (label: Label, similarity: number) => void): void {
    const { byExample, touched, counts } = this;
    counts.clear();
    let known = 0;
    for (const term of terms) {
      const count = counts.get(term);
      if (count === undefined && this.postings.has(term)) known++;
      counts.set(term, (count ?? 0) + 1);
    }
    if (known === 0) return;
    // The query as a unit vector over all its words, those no example has included.
    let norm = 0;
    for (const [term, count] of counts) norm += this.weight(term, count) ** 2;
    norm = Math.sqrt(norm);
    let touchedCount = 0;
    for (const [term, count] of counts) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const weight = this.weight(term, count) / norm;
      for (let k = 0; k < posting.examples.length; k++) {
        const example = posting.examples[k]!;
        if (byExample[example] === 0) touched[touchedCount++] = example;
        byExample[example]! += weight * posting.weights[k]!;
      }
    }
    const best = this.bestByLabel.fill(0);
    for (let t = 0; t < touchedCount; t++) {
      const example = touched[t]!;
      const similarity = byExample[example]!;
      byExample[example] = 0;
      for (const label of this.exampleLabels[example]!) {
        // Keep the label's best few, largest first (a few slots: insertion is cheapest).
        let at = label * BEST_PER_ENTRY;
        const end = at + BEST_PER_ENTRY;
        while (at < end && best[at]! >= similarity) at++;
        if (at === end) continue;
        best.copyWithin(at + 1, at, end - 1);
        best[at] = similarity;
      }
    }
    for (let label = 0; label < this.labelValues.length; label++) {
      let sum = 0;
      for (let k = 0; k < BEST_PER_ENTRY; k++) sum += best[label * BEST_PER_ENTRY + k]!;
      if (sum > 0) add(this.labelValues[label]!, sum / BEST_PER_ENTRY);
    }
  }

  /** A word's weight in a text: its count, log-scaled, times its rarity among the examples. */
  private weight(term: string, count: number): number {
    return (1 + Math.log(count)) * (this.idf.get(term) ?? this.missingIdf);
  }

  /** An example's words as a unit vector. */
  private vector(terms: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = this.weight(term, count);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  }
}
