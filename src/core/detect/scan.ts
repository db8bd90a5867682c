import type { ErrorEntry, Platform } from '../../data/schema.js';
import type { ExtraPhrase } from '../search.js';
import { inEnglish } from '../other-languages.js';
import { fold, phraseKey, wordsOf } from '../text.js';

/** A link, tested per whitespace-separated word (anchored, so long words cost linear time). */
const LINK = /^(?:https?:\/\/|www\.)|^[\w-]+(?:\.[\w-]+)+\//i;
/** spotipy's exception text, Spotify's Web API by its format ("http status: 429, code:-1 - /v1/me/: …"). */
export const SPOTIPY_EXCEPTION = String.raw`\bhttp status: \d{3}, code: ?-?\d{1,3} - \/v1\/`;
const SPOTIFY_WORD = /\bspotify\b|\bspotifyd?\.exe\b|\bspotify\s?(?:api|web\s?api|app|client|desktop)\b/i;
/**
 * Error bodies in other web APIs' formats. Spotify's Web API answers with one error object
 * (`{"error": {"status": 429, "message": …}}`) or OAuth's `{"error": "invalid_client"}`; a list of
 * error objects (Twitter, GraphQL), a numbered error (Last.fm), GitHub's documentation link or its
 * rate-limit message ("API rate limit exceeded for 1.2.3.4. (But here's the good news: …") is another API's.
 */
const OTHER_API_ERROR = /["']errors["']\s*:\s*\[\s*\{|["']error["']\s*:\s*\d|["']documentation_url["']\s*:|\bapi rate limit exceeded for\b|\bauthenticated requests get a higher rate limit\b/i;
/**
 * What says "Spotify" in a developer's paste: its hosts (kept even though links are removed before
 * matching), its client libraries, their error classes and spotipy's exception text ("http status: 429, code:-1 - /v1/…").
 */
const SPOTIFY_DEVELOPER = new RegExp(
  String.raw`\b(?:api|accounts|open|developer|apresolve|spclient\.wg)\.spotify\.com\b|\/v1\/(?:me\/player|me\/top|playlists|audio-features|recommendations)\b|\bscdn\.co\b|\bspotifycdn\b|\bspotipy\b|\bspotify-web-api-(?:node|js|java|php)\b|\bspotifyapi-net\b|\btekore\b|\bspotify\w{0,30}(?:error|exception)\b|\bwebapierror\b|\blibrespot\b|\bspotdl\b|${SPOTIPY_EXCEPTION}`,
  'i',
);
/**
 * Names of playlists only Spotify makes, which its window shows in the sidebar (other players have
 * a library, liked songs and mixes made for you too): text read from an image with one is a screenshot of Spotify.
 */
const SPOTIFY_WINDOW_LABELS = /\b(?:discover weekly|release radar|daily mix \d)\b/;

/** Where a text names Spotify, by any of the ways above. */
const SPOTIFY_AT = new RegExp(String.raw`\bspotify|\bspotipy|\bwebapierror|\btekore|\bscdn|${SPOTIPY_EXCEPTION}|${SPOTIFY_WINDOW_LABELS.source}`, 'gi');

/**
 * Other programs and services (and their libraries): a generic token next to one of these is
 * theirs, not Spotify's. Names match as word starts ("TwitterPager", "youtube.com"). spotDL's
 * downloader fetches the audio from YouTube: a status in its traceback is YouTube's.
 */
export const OTHER_APPS =
  /\b(?:spotdl\/download|steam|github|gitlab|discord|windows update|xbox|playstation|epic games|ea app|origin (?:launcher|client|app)|battle\.?net|npm|docker|twitch|youtube|yt\b|yt-dlp|youtube-dl|pytube|netflix|apple music|itunes|tidal|deezer|soundcloud|last\.?fm|genius|musixmatch|reddit|twitter|tweepy|instagram|facebook|openai|chatgpt|cloudflare|nginx|minecraft|roblox|valorant|fortnite|google|microsoft store)/gi;
/** Marks of a log, a traceback, JSON or code (not English words that happen to be keywords). */
const LOOKS_LIKE_CODE =
  /[{}]|;\s*$|=>|\b(?:const|var|function|def)\s+\w+|\btraceback\b|\w(?:error|exception)\b\s*[:\]]|^[ \t]*at \S+|"\w+"\s*:|^[ \t]*\[?\d{2,4}[-/.]\d{1,2}[-/.]\d{1,4}[ t]\d{1,2}:\d{2}|\w::\w|\b\w+\.\w+\(/im;
/** Lines a log level opens ("[ERROR] …", "warning: …"). */
const LEVEL_LINES = /^[ \t#*>|-]*\[?(?:error|warn(?:ing)?|info|debug)\b[\]:]/gim;
const levelLines = (text: string) => text.match(LEVEL_LINES)?.length ?? 0;
/** A bracketed level ("[error]") is a logger's; "Error: …" alone is as often a person quoting what they saw. */
const BRACKETED_LEVEL = /^[ \t#*>|-]*\[(?:error|warn(?:ing)?|info|debug)\]/im;

export interface ScanOptions {
  phrases: readonly ExtraPhrase[];
  symptomMode: boolean;
  ocr: boolean;
  /** The place is about Spotify (a channel chosen for Spotify help, or a question asked of this bot). */
  assumeSpotify: boolean;
}

/** A message prepared once for every rule: folded, links removed, its Spotify context known. */
export class ScanText {
  /** Lower case, NFKC, links reduced to their host ("https://api.spotify.com/v1/…" → "api.spotify.com"). */
  readonly folded: string;
  /** Lower case and NFKC, links kept whole (their paths say which request failed). */
  readonly lowered: string;
  /** The text itself names Spotify (its name, hosts, client libraries). */
  readonly named: boolean;
  readonly hasError: boolean;
  private phraseCache?: string;
  private wordsCache?: string;
  private othersCache?: number[];
  private spotifyAtCache?: number[];
  private codeLikeCache?: boolean;
  private printedCache?: boolean;
  private otherApiErrorCache?: boolean;

  constructor(
    readonly raw: string,
    readonly options: ScanOptions,
  ) {
    // Other languages' words for the domain's terms, in English ("ошибки 103" is "error 103").
    const lowered = inEnglish(fold(raw));
    this.lowered = lowered;
    this.folded = linksAsHosts(lowered);
    const developer =
      (lowered.includes('spot') || lowered.includes('scdn') || lowered.includes('webapi') || lowered.includes('tekore') || lowered.includes('/v1/')) &&
      SPOTIFY_DEVELOPER.test(lowered);
    this.named = developer || (this.folded.includes('spotify') && SPOTIFY_WORD.test(this.folded)) || (options.ocr && SPOTIFY_WINDOW_LABELS.test(this.folded));
    this.hasError = this.folded.includes('error');
  }

  // The rest is worked out when a rule first asks: most messages that pass the prefilter need little of it.

  /** The text names Spotify, or the place does and the text names no other program. */
  get spotifyContext(): boolean {
    return this.named || (this.options.assumeSpotify && this.othersAt.length === 0);
  }

  /** A log, a traceback, JSON or code: wording any app could show is not Spotify's there unless Spotify is named. */
  get codeLike(): boolean {
    // An upper-case constant (INVALID_CLIENT, EME_NO_SUPPORTED_KEYSYSTEM) is a program talking too.
    this.codeLikeCache ??= this.printedByProgram || levelLines(this.raw) > 0;
    return this.codeLikeCache;
  }

  /**
   * A log, a traceback, JSON or code by signs a person quoting what they saw does not type: one line
   * opening "Error: …" is not one ("Error: Playback of protected content is not enabled.").
   */
  get printedByProgram(): boolean {
    this.printedCache ??=
      LOOKS_LIKE_CODE.test(this.raw) || /\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b/.test(this.raw) || BRACKETED_LEVEL.test(this.raw) || levelLines(this.raw) >= 2;
    return this.printedCache;
  }

  /** The paste has an error body in another web API's format (OTHER_API_ERROR). */
  get otherApiError(): boolean {
    this.otherApiErrorCache ??= OTHER_API_ERROR.test(this.raw);
    return this.otherApiErrorCache;
  }

  /** Where the text names Spotify. */
  get spotifyAt(): number[] {
    this.spotifyAtCache ??= this.named ? positions(this.folded, SPOTIFY_AT) : [];
    return this.spotifyAtCache;
  }

  /** Where the text names other programs (a token any program could print is the nearest one's). */
  get othersAt(): number[] {
    this.othersCache ??= positions(this.folded, OTHER_APPS);
    return this.othersCache;
  }

  /**
   * Whether a token any program could print, at `index`, is Spotify's: Spotify is named closer to
   * it than another program, or the place is Spotify's and no other program is named.
   */
  isSpotifys(index: number, options: { needsName?: boolean } = {}): boolean {
    if (!this.spotifyContext) return false;
    // Tokens every web API prints (429, invalid_client) need Spotify named, or at least a developer's
    // paste (a log, JSON, a traceback) in a Spotify channel; a sentence about "the rate limit" is not enough.
    if (!this.named) return !options.needsName || (this.codeLike && !this.otherApiError);
    if (this.othersAt.length === 0) return true;
    return distance(this.spotifyAt, index) < distance(this.othersAt, index);
  }

  /** The words only, one space apart (for comparing with displayed messages and phrases). */
  get phrase(): string {
    this.phraseCache ??= phraseKey(this.folded);
    return this.phraseCache;
  }

  /** The words of any script, one space apart (for comparing with a server's phrases: see wordsOf). */
  get words(): string {
    this.wordsCache ??= wordsOf(this.folded);
    return this.wordsCache;
  }
}

export interface DetectMatch {
  entry: ErrorEntry;
  /** 0..1: how sure the detector is that this message shows this error. */
  confidence: number;
}

/**
 * What several entries share: a displayed message (`message`, folded), or the number of their codes
 * ("Error code: 3", `number` set); told apart by the field, never by the message's wording.
 */
export interface SharedFinding {
  message: string;
  number?: string;
  candidates: ErrorEntry[];
}

/** What the rules found so far; later rules read it (a message whose entry was already named by its code adds nothing). */
export class Findings {
  private readonly byEntry = new Map<ErrorEntry, DetectMatch>();
  /** Entries found only by wording any error could show ("Something went wrong."). */
  private readonly generic = new Set<ErrorEntry>();
  /** A displayed message several entries share, with nothing to tell them apart (or a code number they share: `number`). */
  ambiguous?: SharedFinding;

  /** `generic`: found by wording that counts only when the text shows nothing more specific. */
  add(entry: ErrorEntry | undefined, confidence: number, options: { generic?: boolean } = {}): void {
    if (!entry) return;
    const current = this.byEntry.get(entry);
    if (!current || current.confidence < confidence) this.byEntry.set(entry, { entry, confidence });
    if (options.generic && !current) this.generic.add(entry);
    else this.generic.delete(entry);
  }

  /** A displayed message several entries share (not a code number): what a platform the text names can narrow. */
  get sharedMessage(): SharedFinding | undefined {
    return this.ambiguous?.number === undefined ? this.ambiguous : undefined;
  }

  has(entry: ErrorEntry): boolean {
    return this.byEntry.has(entry);
  }

  get size(): number {
    return this.byEntry.size;
  }

  /** What was found, surest first; generic wording only when nothing more specific was (a dialog's title over its error). */
  matches(): DetectMatch[] {
    const all = [...this.byEntry.values()];
    const specific = all.filter((m) => !this.generic.has(m.entry));
    return (specific.length ? specific : all).sort((a, b) => b.confidence - a.confidence);
  }

  /**
   * A displayed message several entries share, where the text names a platform: its entries of that
   * platform (one left is that entry); all of them when none is (the reference lists many errors for
   * Windows alone). Descriptions and codes are not narrowed (docs/architecture.md says why).
   */
  keepOn(platform: Platform): void {
    const shared = this.sharedMessage;
    const fitting = shared?.candidates.filter((entry) => entry.platforms.includes(platform)) ?? [];
    if (!shared || !fitting.length || fitting.length === shared.candidates.length) return;
    if (fitting.length > 1) {
      this.ambiguous = { ...shared, candidates: fitting };
      return;
    }
    delete this.ambiguous;
    if (this.byEntry.size === 0) this.add(fitting[0], 0.9);
  }
}

/**
 * One family of detection rules (python-discord's filters: a cheap first pass, then the rule).
 * `prefilter` feeds the one regular expression every message meets first: `standalone` sources
 * let a message through alone, `withContext` only when it also says "spotify".
 */
export interface DetectRule {
  readonly prefilter: { standalone: string[]; withContext: string[] };
  /** Adds the entries the text shows by this rule. */
  find(text: ScanText, found: Findings): void;
}

function positions(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((m) => m.index);
}

function distance(sortedPositions: readonly number[], at: number): number {
  let best = Infinity;
  for (const p of sortedPositions) {
    best = Math.min(best, Math.abs(p - at));
    if (p > at) break;
  }
  return best;
}

/** Whether the text has a link, which a message is read with as its host only. */
export function hasLink(text: string): boolean {
  return text.split(/\s+/).some((word) => LINK.test(word));
}

/** Folded text read in English (inEnglish) as the rules read it: links reduced to their host. */
export function linksAsHosts(lowered: string): string {
  return lowered.includes('/') || lowered.includes('www.') ? withLinksAsHosts(lowered) : lowered;
}

/** Links reduced to their host: whose error it is; their paths and queries say nothing. */
function withLinksAsHosts(text: string): string {
  return text.replace(/\S+/g, (word) => (LINK.test(word) ? ` ${host(word)} ` : word));
}

function host(url: string): string {
  return url.replace(/^(?:https?:\/\/)?/i, '').split(/[/?#]/)[0] ?? '';
}
