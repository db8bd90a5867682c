import Fuse from 'fuse.js';
import { LRUCache } from 'lru-cache';
import type { ErrorEntry, Platform } from '../data/schema.js';
import { CodeIndex } from './codes.js';
import { NOT_A_PLATFORM, PLATFORM_WORDS, SYNONYMS } from './synonyms.js';
import { MessageQuotes } from './message-quotes.js';
import { fold, identifierWords, phraseWordsOf, sameNegations, STOPWORDS, tokenize, wordsOf } from './text.js';
import { Vocabulary } from './vocabulary.js';
import { ExampleIndex } from './examples.js';
import { inEnglish } from './other-languages.js';

/**
 * How a result matched: a code, a piece of a displayed message, words, a code with a one-letter typo
 * fixed (`fuzzy`), or Fuse.js's guess at what a short query that matched nothing meant (`guess`:
 * offered, never answered: "banana" is no typo of BANNED_BY_USER_ARTIST).
 */
export type MatchKind = 'code' | 'phrase' | 'text' | 'fuzzy' | 'guess';

export interface SearchResult {
  entry: ErrorEntry;
  /** 0..1, higher is better. 1 is an exact code. */
  score: number;
  match: MatchKind;
  /** For word matches: how many telling things the query says (its words, identifiers, synonym rows) this entry has. */
  words?: number;
}

/** A server's own wording linked to an entry (moderator phrases). */
export interface ExtraPhrase {
  phrase: string;
  code: string;
}

export interface SearchOptions {
  limit?: number;
  phrases?: readonly ExtraPhrase[];
  /** Rank only these entries (telling apart the entries that share a displayed message). */
  among?: readonly ErrorEntry[];
  /** The reference's words alone, without people's examples: what decides whether to answer (see ErrorLookup.answer). */
  wordsOnly?: boolean;
}

/**
 * Words that say nothing about which error it is: English function words (pronouns, auxiliaries,
 * determiners, prepositions, conjunctions: closed classes, so the list is complete by kind, not
 * grown from failures), filler of help requests, and contraction fragments. A rare one in the
 * reference would otherwise count as telling ("have" in one message). Kept as words: those that
 * carry the meaning in this domain ("logged out", "download more", "over the limit").
 */
/** How much a word counts depending on where it stands in an entry. */
const FIELD_WEIGHTS = { code: 3, title: 2.5, message: 2.5, chain: 1.5, cause: 1.2, noteTitle: 1, step: 0.8, note: 0.6 };
/**
 * A query word raises the bar by the most it scores anywhere in the reference (a word only in
 * resolution steps cannot score like a word of a displayed message), but by no less than this
 * weight: words of the fine print alone do not make a strong match.
 */
const MIN_COUNTED_WEIGHT = 2;
/**
 * A word of an entry's displayed messages is strong evidence where the query quotes one of them
 * (see MessageQuotes.quotedEntries); alone it is often incidental ("continue" of "close this one and continue
 * listening") and counts a little less than a message's 2.5. Measured on the development half and
 * the training sets: top-1 up on each, top-3 level.
 */
const UNQUOTED_MESSAGE_WEIGHT = 2.2;
const MAX_QUERY_TOKENS = 64;
const TEXT_SCORE_CAP = 0.9;
/** Word matches weaker than this are noise ("nothing like this" touching "likely"). */
const MIN_SCORE = 0.15;
const MAX_QUERY_CHARS = 4_000;
/** A namespaced code with a number: `auth:3`, `desktop_login_accounts:5`, `audio-out:3` (namespace, number). */
const NAMESPACED_NUMBER = /^([a-z][a-z0-9_-]*):(\d+)$/i;
const FUSE_FALLBACK_MAX_CHARS = 14;
/** Fuse.js is for typos in words: a query with fewer Latin letters than this has none to fix ("lol" is no typo of "download"). */
const FUSE_FALLBACK_MIN_LETTERS = 4;
/** Longer "words" are not words (a pasted hash, a line of one character): no typo or prefix search for them. */
const MAX_EXPANDED_TERM = 40;
const MAX_PHRASE_TOKENS = 120;
const MAX_PREFIX_EXPANSIONS = 8;
const MAX_CACHED_EXPANSIONS = 5000;
/** A query's words count towards what it could score up to this many: long descriptions are not penalised for their length. */
const MAX_COUNTED_TERMS = 8;
const MAX_COUNTED_UNKNOWN = 3;
/**
 * A query with this many words the reference knows (words inside identifiers included) is a
 * description: its other words are names and narrative ("randomly", "weird", a program's name), and
 * only one of them raises the bar. In a short query an unknown word is half of what was asked ("spotify tidal error").
 */
const DESCRIPTION_KNOWN_WORDS = 4;
/** Synonym rows read the start of a query: about as far as its first MAX_QUERY_TOKENS distinct words go (each row is a regular expression run over it). */
const SYNONYM_SCAN_CHARS = 1_000;
const ANY_SYNONYM = new RegExp(SYNONYMS.map(([pattern]) => `(?:${pattern.source})`).join('|'));
/** Where a developer's identifier joins two words ("travelRestriction"). */
const CAMEL_BOUNDARY = /([a-z])(?=[A-Z])/g;
/**
 * A word in more than half the entries ("spotify", "error") scores, but is no evidence of which
 * entry it is (idf = log(1 + entries / df) is below log 3 there).
 */
const TELLING_IDF = Math.log(3);
/** A synonym row that matched: the reference's words it adds, and the query's words that triggered it. */
interface SynonymRow {
  words: string[];
  trigger: string[];
}
/** A synonym stands a little below the word itself. */
const SYNONYM_SIMILARITY = 0.85;
/** Entries of the platform a query names rank this much higher. */
const PLATFORM_BOOST = 1.15;
/** A number after "error" or "code" that is the number of a namespaced code ("error code 3" → auth:3, accounts:3, session:3). */
const CODE_NUMBER_BONUS = 0.3;
/**
 * People's messages like the query (examples.ts) add up to this to an entry's word score, under the
 * cap. They rank (menus, autocomplete); they never decide whether to answer (ErrorLookup.answer reads
 * the reference's words alone for that): "how do I cancel my premium subscription" is like people's
 * messages about Premium and still no error. Measured on the development half and on the training
 * sets, each left out of the examples in turn (docs/benchmarks.md).
 */
const EXAMPLE_WEIGHT = 0.6;
/** The words of a query or an example compared with people's examples (a pasted log is not worth more for being long). */
const MAX_EXAMPLE_TERMS = 60;
const CODE_NUMBER = /\b(?:error|code)[\s:#]*(\d+)\b/g;
const LINK_SCHEME = /\bhttps?:\/\//g;

/** A text's first telling words, stemmed, as people's examples are compared by: the program's own name (in half the examples) tells none apart. */
function exampleTerms(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    if (terms.length >= MAX_EXAMPLE_TERMS) break;
    if (!STOPWORDS.has(token) && token !== 'spotify') terms.push(stem(token));
  }
  return terms;
}

function stem(token: string): string {
  if (token.length <= 4 || /^\d/.test(token)) return token;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (token.endsWith(suffix) && !token.endsWith('ss') && token.length - suffix.length >= 4) {
      return token.slice(0, -suffix.length);
    }
  }
  return token;
}

interface Posting {
  entryIndex: number;
  weight: number;
  /** What a telling word weighs where the query quotes none of the entry's messages: its weight in the entry's other fields or UNQUOTED_MESSAGE_WEIGHT, whichever is more (and never more than `weight`). */
  unquotedWeight: number;
}

interface CodeSequence {
  tokens: string[];
  entry: ErrorEntry;
}

/**
 * Ranked search over the dataset by code, displayed-message phrase and words. The index is
 * built once; a query costs time proportional to its (capped) number of distinct words.
 */
export class SearchIndex {
  readonly codes: CodeIndex;
  private readonly entries: readonly ErrorEntry[];
  private readonly postings = new Map<string, Posting[]>();
  private readonly idf = new Map<string, number>();
  private readonly terms: Vocabulary;
  private readonly codeWords: Vocabulary;
  private readonly codeSequences = new Map<string, CodeSequence[]>();
  private readonly quotes = new MessageQuotes();
  private readonly fuse: Fuse<ErrorEntry>;
  private readonly unknownIdf: number;
  private readonly positions = new Map<ErrorEntry, number>();
  /** Entries by the number their namespaced code ends in (`auth:3` under "3"). */
  private readonly byNumber = new Map<string, number[]>();
  /** The namespaces of numbered codes as words, by their last ("accounts" for `desktop_login_accounts`): a number after one is that code's. */
  private readonly namespaces = new Map<string, string[][]>();
  /** The entries of each namespace of numbered codes, by its words ("desktop login accounts"). */
  private readonly byNamespace = new Map<string, number[]>();
  /** Chat repeats the same unknown words; expansions depend on the vocabulary only. */
  private readonly expansions = new LRUCache<string, ReadonlyArray<readonly [string, number]>>({ max: MAX_CACHED_EXPANSIONS });

  /** People's messages about the entries, by entry index (examples.ts). */
  private readonly examples: ExampleIndex<number>;

  /**
   * `examples`: labelled real messages whose wording is evidence for their entries ([] for none; the
   * bot's are src/data/examples.json, through ErrorLookup). A label this dataset lacks is skipped (a test's own dataset).
   */
  constructor(entries: readonly ErrorEntry[], codes: CodeIndex, examples: ReadonlyArray<{ text: string; codes: readonly string[] }>) {
    this.entries = entries;
    this.codes = codes;
    entries.forEach((entry, i) => {
      this.positions.set(entry, i);
      for (const key of [entry.code, ...entry.aliases]) {
        // The number of a namespaced code, or an HTTP status ("error 403" is HTTP 403 as much as accounts:403).
        const number = NAMESPACED_NUMBER.exec(key)?.[2] ?? /^HTTP (\d{3})\b/.exec(key)?.[1];
        if (number && !this.byNumber.get(number)?.includes(i)) push(this.byNumber, number, i);
        const namespace = NAMESPACED_NUMBER.exec(key)?.[1];
        const words = namespace ? tokenize(namespace) : [];
        const known = this.namespaces.get(words.at(-1)!) ?? [];
        if (words.length && !known.some((w) => w.join(' ') === words.join(' '))) this.namespaces.set(words.at(-1)!, [...known, words]);
        if (words.length && NAMESPACED_NUMBER.exec(key)?.[2]) push(this.byNamespace, words.join(' '), i);
      }
    });
    entries.forEach((entry, entryIndex) => this.indexEntry(entry, entryIndex));
    for (const [term, list] of this.postings) this.idf.set(term, Math.log(1 + entries.length / list.length));
    const entryIndex = (code: string) => {
      const entry = codes.byCode(code);
      return entry ? this.positions.get(entry) : undefined;
    };
    const labelled = examples.map((e) => ({ text: e.text, labels: e.codes.map(entryIndex).filter((i) => i !== undefined) }));
    this.examples = new ExampleIndex(
      labelled.filter((e) => e.labels.length),
      (text) => exampleTerms(tokenize(inEnglish(fold(text)))),
    );
    this.unknownIdf = Math.log(1 + entries.length) * 0.5;
    this.terms = new Vocabulary(this.postings.keys());
    this.codeWords = new Vocabulary([...this.codeSequences.values()].flat().flatMap((s) => s.tokens));
    // Codes, aliases and titles: typos in the words people look up by. (Long messages would make
    // every call cost milliseconds; word search covers them.)
    this.fuse = new Fuse([...entries], {
      keys: ['code', 'aliases', 'title'],
      includeScore: true,
      threshold: 0.4,
      ignoreLocation: true,
    });
  }

  private indexEntry(entry: ErrorEntry, entryIndex: number): void {
    const weights = new Map<string, number>();
    const outside = new Map<string, number>();
    const add = (text: string, weight: number, inMessage = false) => {
      for (const token of tokenize(text)) {
        if (STOPWORDS.has(token)) continue;
        // A one- or two-digit number says which entry only in a code ("auth:1") or after "error"/"code"
        // (codesInTokens, favourNamed); as a word it is a time, a count or a version.
        if (/^\d{1,2}$/.test(token)) continue;
        const term = stem(token);
        if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
        if (!inMessage && (outside.get(term) ?? 0) < weight) outside.set(term, weight);
      }
    };
    for (const key of [entry.code, ...entry.aliases]) {
      add(key, FIELD_WEIGHTS.code);
      const tokens = tokenize(key);
      if (tokens.length) push(this.codeSequences, tokens[0]!, { tokens, entry });
    }
    add(entry.title, FIELD_WEIGHTS.title);
    for (const message of entry.messages) {
      add(message, FIELD_WEIGHTS.message, true);
      this.quotes.add(message, entryIndex);
    }
    for (const node of entry.chain) add(`${node.label} ${node.detail ?? ''}`, FIELD_WEIGHTS.chain);
    for (const cause of entry.causes) add(cause, FIELD_WEIGHTS.cause);
    for (const step of entry.resolution) add(step, FIELD_WEIGHTS.step);
    if (entry.note) {
      add(entry.note.title, FIELD_WEIGHTS.noteTitle);
      add(entry.note.text, FIELD_WEIGHTS.note);
    }
    for (const [term, weight] of weights) push(this.postings, term, { entryIndex, weight, unquotedWeight: Math.max(outside.get(term) ?? 0, UNQUOTED_MESSAGE_WEIGHT) });
  }

  all(): readonly ErrorEntry[] {
    return this.entries;
  }

  /**
   * Entries named by a code anywhere in the tokens ("I get auth:3 at login"), in order of appearance.
   * `status`: the code read is an HTTP status any program prints ("401", "HTTP 401"), which other
   * entries' own words name too ("Proxy blocking Spotify (HTTP 401 / 403 / 407)"): it ranks as the
   * strongest word match, not as a code that answers alone.
   */
  private codesInTokens(tokens: readonly string[]): Array<{ entry: ErrorEntry; status: boolean }> {
    const found: Array<{ entry: ErrorEntry; status: boolean }> = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      // A documented code was read whole at its namespace: a number left after one is a code the reference lacks.
      if (this.isCodeNumber(tokens, i)) continue;
      let hit: ErrorEntry | undefined;
      let hitLength = 0;
      for (const seq of this.codeSequences.get(token) ?? []) {
        if (seq.tokens.length > hitLength && seq.tokens.every((t, k) => tokens[i + k] === t)) {
          hit = seq.entry;
          hitLength = seq.tokens.length;
        }
      }
      if (!hit && /[a-z]\d/.test(token)) hit = this.codes.resolve(token);
      const status = hitLength > 0 && tokens.slice(i, i + hitLength).every((t) => t === 'http' || /^\d{3}$/.test(t));
      if (hit && !found.some((f) => f.entry === hit)) found.push({ entry: hit, status });
      if (hitLength > 1) i += hitLength - 1;
    }
    return found;
  }

  /**
   * Whether tokens[i] is the number of a namespaced code ("accounts:404", "session 127"): that code's,
   * documented or not, never a word or an HTTP status of its own (the reference lacks accounts:404; it is no HTTP 404).
   */
  private isCodeNumber(tokens: readonly string[], i: number): boolean {
    return this.namespaceBefore(tokens, i) > 0;
  }

  /** How many tokens before tokens[i] are the namespace of a code whose number tokens[i] is (0: it is none). */
  private namespaceBefore(tokens: readonly string[], i: number): number {
    if (i === 0 || !/^\d+$/.test(tokens[i]!)) return 0;
    let longest = 0;
    for (const words of this.namespaces.get(tokens[i - 1]!) ?? []) {
      if (words.length > longest && words.every((word, k) => tokens[i - words.length + k] === word)) longest = words.length;
    }
    return longest;
  }

  /**
   * The entries of the namespaces of the codes a query names that the reference lacks ("auth:9": auth:1, auth:2,
   * auth:3, auth:73), in dataset order: the closest a miss on such a code can show. Their namespace tells none of them
   * apart, so search never answers with them (see `search`).
   */
  namespaceEntriesOfLackedCodes(query: string): ErrorEntry[] {
    const tokens = tokenize(inEnglish(fold(query.slice(0, MAX_QUERY_CHARS))).replace(LINK_SCHEME, ' '));
    const found = new Set<number>();
    tokens.forEach((_, i) => {
      const length = this.namespaceBefore(tokens, i);
      if (length === 0 || this.codes.resolve(tokens.slice(i - length, i + 1).join(' '))) return;
      for (const entryIndex of this.byNamespace.get(tokens.slice(i - length, i).join(' ')) ?? []) found.add(entryIndex);
    });
    return [...found].sort((a, b) => a - b).map((i) => this.entries[i]!);
  }

  search(rawQuery: string, options: SearchOptions = {}): SearchResult[] {
    const limit = options.limit ?? 10;
    const query = rawQuery.slice(0, MAX_QUERY_CHARS).trim();
    if (!query) return [];
    const best = new Map<number, SearchResult>();
    const offer = (entryIndex: number, score: number, match: MatchKind, words?: number) => {
      const current = best.get(entryIndex);
      if (!current || current.score < score) best.set(entryIndex, { entry: this.entries[entryIndex]!, score, match, ...(words === undefined ? {} : { words }) });
    };
    const indexOf = (entry: ErrorEntry) => this.positions.get(entry)!;

    // Folded, other languages' domain words in English, and split once; every stage below reads the same tokens.
    // A link's scheme is no word of the query ("https" is one letter from the HTTP errors' "http").
    const english = inEnglish(fold(query)).replace(LINK_SCHEME, ' ');
    const tokens = tokenize(english);
    const exact = this.codes.resolve(query);
    if (exact) offer(indexOf(exact), 1, 'code');
    const corrected = exact || query.length > 100 ? undefined : this.correctedTokens(tokens);
    if (corrected) offer(indexOf(corrected), 0.95, 'fuzzy');
    for (const { entry, status } of this.codesInTokens(tokens)) offer(indexOf(entry), status ? TEXT_SCORE_CAP : 0.97, 'code');

    const phrase = tokens.length > MAX_PHRASE_TOKENS ? tokens.slice(0, MAX_PHRASE_TOKENS).join(' ') : tokens.join(' ');
    // A server's phrases are compared by their words of any script (wordsOf), as the detector does.
    const phrases = options.phrases ?? [];
    const words = phrases.length ? wordsOf(english) : '';
    const paddedWords = ` ${words} `;
    const phrasesWords = phraseWordsOf(phrases);
    phrases.forEach((extra, i) => {
      const extraWords = phrasesWords[i]!;
      const entry = this.codes.byCode(extra.code);
      // Whole words only (containsWords): the phrase "the" is not in "another day".
      if (entry && extraWords && (paddedWords.includes(` ${extraWords} `) || (words.length >= 8 && ` ${extraWords} `.includes(paddedWords)))) {
        offer(indexOf(entry), 0.96, 'phrase');
      }
    });

    // Synonym rows read the words inside identifiers as words ("TravelRestriction" is a travel restriction).
    const identifiers = identifierWords(query);
    const synonymText = identifiers.length ? inEnglish(fold(query.slice(0, SYNONYM_SCAN_CHARS).replace(CAMEL_BOUNDARY, '$1 '))) : english;
    const rows = this.synonymRows(upToWord(synonymText, SYNONYM_SCAN_CHARS));
    // People write a message's negations their own way ("cannot", "can't"): one form for comparing.
    const asWritten = sameNegations(phrase);
    // A synonym row says what the query says in the reference's words: it can quote a message too.
    const quoted = this.quotes.quotedEntries([asWritten, ...rows.map((row) => row.words.join(' '))], this.entries.length);
    // A code's number is no word; its namespace is one telling thing however many words it has ("audio-out:12"
    // is no two words of audio-out:3), as the words inside an identifier are. The namespace of a code the
    // reference lacks ranks that namespace's entries, and tells none of them ("auth:9" is none of auth:1 … auth:73).
    const namespaceParts = new Set<number>();
    const undocumented = new Set<number>();
    tokens.forEach((_, i) => {
      const length = this.namespaceBefore(tokens, i);
      if (length === 0) return;
      const lacked = !this.codes.resolve(tokens.slice(i - length, i + 1).join(' '));
      for (let k = i - length; k < i; k++) (lacked ? undocumented : length > 1 ? namespaceParts : new Set<number>()).add(k);
    });
    const wordTokens = tokens.filter((_, i) => !this.isCodeNumber(tokens, i) && !namespaceParts.has(i) && !undocumented.has(i));
    const parts = [...identifiers, ...[...namespaceParts].map((k) => tokens[k]!)];
    const { scores: textScores, hits, evidence } = this.scoreWords(wordTokens, parts, rows, quoted, [...undocumented].map((k) => tokens[k]!));
    this.favourNamed(textScores, hits, evidence, english);
    if (this.examples.size && !options.wordsOnly) this.addExamples(tokens, textScores);
    const phraseHits = phrase.length >= 10 && phrase.includes(' ') ? this.quotes.quotedBy(asWritten) : new Set<number>();
    // A piece of a displayed message only one entry shows is as telling as its code; a piece of a
    // shared one ranks its entries level (they are answered together).
    const onlyOne = phraseHits.size === 1 && phrase.split(' ').length >= 3;
    textScores.forEach((score, entryIndex) => {
      if (phraseHits.has(entryIndex)) offer(entryIndex, onlyOne ? 0.96 : 0.85 + 0.1 * score, 'phrase');
      else if (score >= MIN_SCORE) offer(entryIndex, score, 'text', hits[entryIndex]);
    });

    // Fuse.js catches what one edit cannot ("firwal"), but costs milliseconds: only for short
    // queries that matched nothing at all.
    if (best.size === 0 && query.length <= FUSE_FALLBACK_MAX_CHARS && (query.match(/[a-z]/gi)?.length ?? 0) >= FUSE_FALLBACK_MIN_LETTERS) {
      for (const hit of this.fuse.search(query, { limit: 5 })) {
        const score = Math.max(0, 1 - (hit.score ?? 1)) * 0.6;
        if (score >= MIN_SCORE) offer(hit.refIndex, score, 'guess');
      }
    }

    const among = options.among;
    return [...best.entries()]
      .filter(([, r]) => !among || among.includes(r.entry))
      // Word matches of equal score (level at the cap, where synonym rows can take several): the one with more evidence first.
      .sort(([ia, a], [ib, b]) => b.score - a.score || (b.match === 'text' && a.match === 'text' ? evidence[ib]! - evidence[ia]! : 0) || ia - ib)
      .slice(0, limit)
      .map(([, r]) => ({ ...r, score: Math.round(r.score * 1000) / 1000 }));
  }

  /**
   * Word scores per entry in 0..1: matched weight × rarity, over what the query's most telling words
   * could have scored there (at most eight of them, and a few unknown words), so a long description is
   * not drowned by its own length; and per entry, the telling things it rests on (`hits`). The words inside identifiers count where the reference has them
   * (an unknown one is not the query's own word). Synonym rows (the reference's words for what the
   * query says otherwise) add each of their words once, a little below the word itself.
   */
  private scoreWords(
    tokens: readonly string[],
    identifierParts: readonly string[],
    synonymRows: readonly SynonymRow[],
    quoted: Uint8Array,
    untelling: readonly string[] = [],
  ): { scores: Float64Array; hits: Uint16Array; evidence: Float64Array } {
    const scores = new Float64Array(this.entries.length);
    // How many telling things the query says each entry has: its words, the words inside its
    // identifiers (once, however many) and its synonym rows (not again for the words that triggered one).
    const hits = new Uint16Array(this.entries.length);
    const hitBy = new Map<string, Uint8Array>();
    const fromParts = new Uint8Array(this.entries.length);
    const seen = new Set<string>();
    const potentials: number[] = [];
    let unknown = 0;
    for (const [words, kind] of [[tokens, 'word'], [identifierParts, 'part'], [untelling, 'untelling']] as const) {
      for (const token of words) {
        if (seen.size >= MAX_QUERY_TOKENS) break;
        if (STOPWORDS.has(token)) continue;
        const term = stem(token);
        if (seen.has(term)) continue;
        seen.add(term);
        const matched = this.matchTerm(term, 1, quoted);
        if (!matched) {
          if (kind === 'word') unknown++;
          continue;
        }
        potentials.push(Math.max(matched.bestScore, matched.bestIdf * MIN_COUNTED_WEIGHT));
        for (let i = 0; i < scores.length; i++) {
          scores[i]! += matched.perEntry[i]!;
          if (!matched.telling[i] || kind === 'untelling') continue;
          if (kind === 'part') fromParts[i] = 1;
          else hits[i]!++;
        }
        hitBy.set(term, matched.telling);
      }
    }
    for (let i = 0; i < hits.length; i++) hits[i]! += fromParts[i]!;
    // A synonym adds evidence for what the words already asked; it does not raise the bar.
    for (const { words, trigger } of synonymRows) {
      const rowScores = new Float64Array(this.entries.length);
      for (const word of words) {
        const term = stem(word);
        // A word the query has, or another row already added, counts once.
        if (STOPWORDS.has(word) || seen.has(term)) continue;
        seen.add(term);
        const matched = this.matchTerm(term, SYNONYM_SIMILARITY, quoted);
        if (matched) for (let i = 0; i < rowScores.length; i++) rowScores[i]! += matched.perEntry[i]!;
      }
      const triggeredBy = trigger.map((word) => hitBy.get(stem(word))).filter((t) => t !== undefined);
      for (let i = 0; i < scores.length; i++) {
        scores[i]! += rowScores[i]!;
        if (rowScores[i]! > 0 && !triggeredBy.some((t) => t[i])) hits[i]!++;
      }
    }
    potentials.sort((a, b) => b - a);
    const countedUnknown = Math.min(unknown, potentials.length >= DESCRIPTION_KNOWN_WORDS ? 1 : MAX_COUNTED_UNKNOWN);
    const possible = potentials.slice(0, MAX_COUNTED_TERMS).reduce((a, b) => a + b, 0) + countedUnknown * this.unknownIdf * FIELD_WEIGHTS.code;
    // Word matches top out below code matches, so "accounts:4" never ties desktop_login_accounts:4.
    // What the cap hides (synonym rows can take several entries past it) still orders them: `evidence`.
    const evidence = new Float64Array(scores.length);
    if (possible > 0) {
      for (let i = 0; i < scores.length; i++) {
        evidence[i] = scores[i]! / possible;
        scores[i] = TEXT_SCORE_CAP * Math.min(1, evidence[i]!);
      }
    }
    return { scores, hits, evidence };
  }

  /**
   * What one term scores in each entry (its best expansion × rarity × field weight × `factor`; a
   * telling word of an entry's messages less where the query quotes none of them: `quoted`), its
   * best rarity and its best score, and the entries a telling expansion matched (a prefix of
   * "spotify" tells nothing where only "spotify" matched).
   */
  private matchTerm(term: string, factor: number, quoted: Uint8Array): { perEntry: Float64Array; telling: Uint8Array; bestIdf: number; bestScore: number } | undefined {
    const candidates = this.expand(term);
    if (candidates.length === 0) return undefined;
    const perEntry = new Float64Array(this.entries.length);
    const telling = new Uint8Array(this.entries.length);
    let bestIdf = 0;
    let bestScore = 0;
    for (const [candidate, similarity] of candidates) {
      const idf = this.idf.get(candidate)!;
      // A word known only through a typo or a prefix raises the bar by as much as it could match.
      bestIdf = Math.max(bestIdf, similarity * idf);
      for (const { entryIndex, weight: full, unquotedWeight } of this.postings.get(candidate)!) {
        // A word in most entries ("spotify") is no evidence either way: never discounted.
        const weight = quoted[entryIndex] || idf < TELLING_IDF ? full : Math.min(full, unquotedWeight);
        perEntry[entryIndex] = Math.max(perEntry[entryIndex]!, factor * similarity * idf * weight);
        bestScore = Math.max(bestScore, similarity * idf * weight);
        if (idf >= TELLING_IDF) telling[entryIndex] = 1;
      }
    }
    return { perEntry, telling, bestIdf, bestScore };
  }

  /** The reference's words for what the query says in other words, a row per thing said (see synonyms.ts). */
  private synonymRows(folded: string): SynonymRow[] {
    // One pass first: most short queries match no row at all.
    if (!ANY_SYNONYM.test(folded)) return [];
    return SYNONYMS.flatMap(([pattern, words]) => {
      const match = pattern.exec(folded);
      return match ? [{ words: words.split(' '), trigger: tokenize(match[0]) }] : [];
    });
  }

  /** Entries of a platform the query names rank first; a code's number after "error"/"code" points to its codes. */
  private favourNamed(scores: Float64Array, hits: Uint16Array, evidence: Float64Array, folded: string): void {
    const platformWords = folded.replace(NOT_A_PLATFORM, ' ');
    for (const [pattern, platform] of PLATFORM_WORDS) {
      if (!pattern.test(platformWords)) continue;
      this.entries.forEach((entry, i) => {
        if (scores[i]! > 0 && entry.platforms.includes(platform)) {
          scores[i] = Math.min(TEXT_SCORE_CAP, scores[i]! * PLATFORM_BOOST);
          evidence[i]! *= PLATFORM_BOOST;
        }
      });
    }
    // "error code 3", "error: 3"; not "code:-1" (spotipy prints that in every exception).
    const numbers = new Set([...folded.matchAll(CODE_NUMBER)].map(([, number]) => number!));
    for (const number of numbers) {
      for (const i of this.byNumber.get(number) ?? []) {
        scores[i] = Math.min(TEXT_SCORE_CAP, scores[i]! + CODE_NUMBER_BONUS);
        evidence[i]! += CODE_NUMBER_BONUS / TEXT_SCORE_CAP;
        // The number of its code is a telling thing the query says.
        hits[i]!++;
      }
    }
  }

  /**
   * People's messages about an entry like the query are evidence for it (examples.ts), up to the cap;
   * entries level at the cap stay ordered by what the query's own words say (a typed code number first).
   */
  private addExamples(tokens: readonly string[], scores: Float64Array): void {
    this.examples.similarity(exampleTerms(tokens), (i, similarity) => {
      scores[i] = Math.min(TEXT_SCORE_CAP, scores[i]! + EXAMPLE_WEIGHT * similarity);
    });
  }

  /** Index terms a query term may stand for, with a similarity in 0..1. */
  private expand(term: string): ReadonlyArray<readonly [string, number]> {
    if (this.terms.has(term)) return [[term, 1]];
    if (term.length > MAX_EXPANDED_TERM) return [];
    const cached = this.expansions.get(term);
    if (cached) return cached;
    const out = new Map<string, number>();
    for (const word of this.terms.withPrefix(term).slice(0, MAX_PREFIX_EXPANSIONS)) {
      out.set(word, 0.5 + (0.4 * term.length) / word.length);
    }
    for (const word of this.terms.oneEditAway(term)) if ((out.get(word) ?? 0) < 0.8) out.set(word, 0.8);
    const expansion = [...out];
    this.expansions.set(term, expansion);
    return expansion;
  }

  /** The entry a query names once a one-letter typo in a code word is fixed ("acesspoint 22"). */
  private correctedTokens(tokens: readonly string[]): ErrorEntry | undefined {
    if (tokens.length === 0 || tokens.length > 5) return undefined;
    const corrected = tokens.map((t) => {
      if (this.codeWords.has(t)) return t;
      const near = this.codeWords.oneEditAway(t);
      return near.length === 1 ? near[0]! : t;
    });
    return corrected.every((t, i) => t === tokens[i]) ? undefined : this.codes.resolve(corrected.join(' '));
  }
}

/** The one platform a query names ("installer windows", "my macbook"); none when it names both or neither. */
export function namedPlatform(query: string): Platform | undefined {
  const english = inEnglish(fold(query)).replace(NOT_A_PLATFORM, ' ');
  const named = PLATFORM_WORDS.filter(([pattern]) => pattern.test(english)).map(([, platform]) => platform);
  return named.length === 1 ? named[0] : undefined;
}

/** Whether `words` (space-separated) appear in `text` (space-separated) as whole words. */
export function containsWords(text: string, words: string): boolean {
  return ` ${text} `.includes(` ${words} `);
}

/** The text up to `limit` characters, not cutting a word ("bandwidth" must not end as "ban"). */
function upToWord(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const space = text.lastIndexOf(' ', limit);
  return text.slice(0, space > 0 ? space : limit);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}
