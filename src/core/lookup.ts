import { loadExamples } from '../data/index.js';
import type { ErrorEntry, Example } from '../data/schema.js';
import { CodeIndex } from './codes.js';
import { closeCandidates, decide, MIN_CANDIDATE_SCORE, type Decision } from './decide.js';
import { Detector, type DetectOptions } from './detect/index.js';
import { buildRelatedMap } from './related.js';
import { namedPlatform, SearchIndex, type ExtraPhrase, type SearchOptions, type SearchResult } from './search.js';
import { compactKey } from './text.js';

export interface Choice {
  name: string;
  value: string;
}

export interface LookupOptions {
  /** People's labelled messages search learns their wording from; src/data/examples.json unless given ([] for none). */
  examples?: ReadonlyArray<Pick<Example, 'text' | 'codes'>>;
}

export const MAX_CHOICES = 25;
/** Where the entries of a message or code number several entries share rank in search: under a code, over words. */
const SHARED_SCORE = 0.94;
/** The most entries one displayed message or number is shared by (the firewall seven), searched for their order. */
const MAX_SHARED = 10;
const CHOICE_LENGTH = 100;
/** How many of the closest entries a miss still shows, at most (see nearestOf). */
export const MAX_NEAREST = 5;

/** Shown for an empty autocomplete: the errors people ask about most (reference order breaks ties). */
export const POPULAR_CODES = [
  'auth:3',
  'accounts:4',
  'accesspoint:17',
  'Error 30',
  'accesspoint:22',
  'auth:73',
  'accounts:409',
  'Installer error 18',
  'EME_NO_SUPPORTED_KEYSYSTEM',
  'session:103',
  'accesspoint:31',
  'accounts:103',
  'desktop_login_accounts:5',
  'accounts:53–55',
  'CAPPING_USER_IS_CAPPED',
];

export function choiceName(entry: ErrorEntry): string {
  const name = `${entry.code} — ${entry.title}`;
  return name.length <= CHOICE_LENGTH ? name : `${name.slice(0, CHOICE_LENGTH - 1)}…`;
}

/**
 * Everything the bot asks of the dataset, built once from it: the code index, search, the
 * detector, decisions, related entries and autocomplete. A new entry in errors.json is found by
 * all of them with no other change.
 */
export class ErrorLookup {
  readonly codes: CodeIndex;
  readonly index: SearchIndex;
  readonly detector: Detector;
  private readonly related: Map<string, ErrorEntry[]>;
  private readonly keyed: Array<{ key: string; entry: ErrorEntry }>;

  constructor(
    readonly entries: readonly ErrorEntry[],
    options: LookupOptions = {},
  ) {
    this.codes = new CodeIndex(entries);
    this.index = new SearchIndex(entries, this.codes, options.examples ?? loadExamples());
    this.detector = new Detector(entries, this.codes, this.index);
    this.related = buildRelatedMap(entries);
    this.keyed = entries.flatMap((entry) => [entry.code, ...entry.aliases].map((k) => ({ key: compactKey(k), entry })));
  }

  /** The entry whose code is exactly `code`. */
  byCode(code: string): ErrorEntry | undefined {
    return this.codes.byCode(code);
  }

  /** The errors people ask about most, then the rest in reference order. */
  popular(): ErrorEntry[] {
    const picked = new Set<ErrorEntry>();
    for (const code of POPULAR_CODES) {
      const entry = this.byCode(code);
      if (entry) picked.add(entry);
    }
    for (const entry of this.entries) picked.add(entry);
    return [...picked];
  }

  relatedTo(entry: ErrorEntry): ErrorEntry[] {
    return this.related.get(entry.code) ?? [];
  }

  /**
   * Ranked entries for a query. What the text shows as pasted (a code, a displayed message, a
   * Spotify token the detector knows) ranks first, as it does in answers; then the entries of a
   * message or code number several share, level; then word search.
   */
  search(query: string, phrases?: readonly ExtraPhrase[], limit = 10, options: Pick<SearchOptions, 'wordsOnly'> & Pick<DetectOptions, 'platform'> = {}): SearchResult[] {
    const { platform, ...searchOptions } = options;
    const results = this.index.search(query, { phrases, limit: Math.max(limit, MAX_SHARED), ...searchOptions });
    const detection = this.detector.detect(query, { phrases, assumeSpotify: true, platform });
    const pasted = detection.matches.map((m) => m.entry);
    // A message or number several entries share: its entries next, in search's order (they are answered together).
    const rank = (entry: ErrorEntry) => {
      const at = results.findIndex((r) => r.entry === entry);
      return at < 0 ? results.length : at;
    };
    const shared = (detection.ambiguous?.candidates ?? []).filter((e) => !pasted.includes(e)).sort((a, b) => rank(a) - rank(b));
    if (pasted.length === 0 && shared.length === 0) return results.slice(0, limit);
    const scoreOf = (entry: ErrorEntry) => results.find((r) => r.entry === entry)?.score ?? 0;
    const first: SearchResult[] = [
      ...pasted.map((entry) => ({ entry, score: Math.max(0.97, scoreOf(entry)), match: 'code' as const })),
      // Below a code (no single one of them is sure), above every word match.
      ...shared.map((entry) => ({ entry, score: Math.max(SHARED_SCORE, scoreOf(entry)), match: 'phrase' as const })),
    ];
    return [...first, ...results.filter((r) => !first.some((f) => f.entry === r.entry))].slice(0, limit);
  }

  /**
   * Whether to answer, and with what, is decided on the reference's words alone (calibrated on them:
   * decide.ts); people's examples only order a "did you mean" list, or the nearest entries a miss
   * shows, never make an answer of one.
   */
  answer(query: string, phrases?: readonly ExtraPhrase[]): Decision {
    // A platform the query names narrows a message several entries share to its entries (Findings.keepOn);
    // it never narrows a description: docs/architecture.md says why.
    const platform = namedPlatform(query);
    const decision = decide(this.search(query, phrases, 10, { wordsOnly: true, ...(platform ? { platform } : {}) }), (entry) => this.relatedTo(entry));
    if (decision.kind === 'ambiguous') {
      const ranked = platformFirst(closeCandidates(this.search(query, phrases)), query);
      return ranked.length > 1 ? { kind: 'ambiguous', candidates: ranked } : decision;
    }
    if (decision.kind === 'none') {
      const ranked = this.search(query, phrases);
      const nearest = platformFirst(nearestOf(ranked), query);
      if (nearest.length) return { kind: 'none', nearest };
      // A code the reference lacks ("auth:9"): its namespace's entries, as search ranks them, are the closest there are.
      const ofNamespace = new Set(this.index.namespaceEntriesOfLackedCodes(query));
      const closest = ranked.filter((r) => ofNamespace.has(r.entry)).slice(0, MAX_NEAREST);
      return closest.length > 1 ? { kind: 'none', nearest: closest } : decision;
    }
    return decision;
  }

  /**
   * The search scores of the entries a decision on this query ranks (its "did you mean" candidates, or
   * a miss's closest), by entry: the command line shows them beside the entries an answer offers.
   */
  rankedScores(query: string, phrases?: readonly ExtraPhrase[]): Map<ErrorEntry, number> {
    const decision = this.answer(query, phrases);
    const ranked = decision.kind === 'ambiguous' ? decision.candidates : decision.kind === 'none' ? (decision.nearest ?? []) : [];
    return new Map(ranked.map((r) => [r.entry, r.score]));
  }

  /**
   * The entries a miss on this text would show as the closest (two or more, or none): for text that
   * shows no documented error but was asked about on purpose, like the words read from a screenshot.
   * Offered, never answered.
   */
  closest(text: string, phrases?: readonly ExtraPhrase[]): ErrorEntry[] {
    return platformFirst(nearestOf(this.search(text, phrases)), text).map((r) => r.entry);
  }

  /** Up to 25 choices: exact code, then codes starting with the text, then codes containing it, then search. */
  autocomplete(query: string, phrases?: readonly ExtraPhrase[]): Choice[] {
    const picked: ErrorEntry[] = [];
    const add = (entry: ErrorEntry | undefined) => {
      if (entry && picked.length < MAX_CHOICES && !picked.includes(entry)) picked.push(entry);
    };
    const text = query.slice(0, 200).trim();
    if (!text) return this.popular().slice(0, MAX_CHOICES).map(toChoice);
    const key = compactKey(text);
    add(this.codes.resolve(text));
    if (key) {
      for (const { key: k, entry } of this.keyed) if (k.startsWith(key)) add(entry);
      if (key.length >= 2) for (const { key: k, entry } of this.keyed) if (k.includes(key)) add(entry);
    }
    for (const result of platformFirst(this.search(text, phrases, MAX_CHOICES), text)) add(result.entry);
    return picked.map(toChoice);
  }
}

/**
 * What menus and autocomplete show, where the query names one platform: of the word matches within
 * half the best one's score, that platform's errors first ("installer windows": the Windows
 * installer's before the macOS installer's); codes, phrases and weaker matches keep their places.
 * Search's platform boost only weighs them; whether to answer is decided before this (ErrorLookup.answer).
 */
export function platformFirst<T extends SearchResult>(results: readonly T[], query: string): T[] {
  const platform = namedPlatform(query);
  const words = results.filter((r) => r.match === 'text');
  if (!platform || !words.length) return [...results];
  const floor = Math.max(...words.map((r) => r.score)) * 0.5;
  const close = words.filter((r) => r.score >= floor);
  const ordered = [...close.filter((r) => r.entry.platforms.includes(platform)), ...close.filter((r) => !r.entry.platforms.includes(platform))];
  return results.map((r) => (close.includes(r) ? ordered[close.indexOf(r)]! : r));
}

/**
 * A miss's closest entries, ranked with people's examples: word matches on something telling (not
 * "spotify" inside a code, not a Fuse.js guess at a typo), above the noise line and within half the
 * best one's score, as a "did you mean" list is; two or more, or none. On the slash-command
 * misses of the development half and the training sets the right entry was among them about one
 * time in three (docs/benchmarks.md); they are offered in a miss's menu, never answered.
 */
function nearestOf(ranked: readonly SearchResult[]): SearchResult[] {
  const telling = ranked.filter((r) => r.match !== 'guess' && (r.match !== 'text' || (r.words ?? 0) > 0));
  const floor = Math.max(MIN_CANDIDATE_SCORE, (telling[0]?.score ?? 0) * 0.5);
  const nearest = telling.filter((r) => r.score >= floor).slice(0, MAX_NEAREST);
  return nearest.length > 1 ? nearest : [];
}

function toChoice(entry: ErrorEntry): Choice {
  return { name: choiceName(entry), value: entry.code };
}
