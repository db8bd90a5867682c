import type { ErrorEntry } from '../../data/schema.js';
import type { ExtraPhrase } from '../search.js';
import { fold, phraseKey } from '../text.js';

const URL = /\b(?:https?:\/\/|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+\/\S*/gi;
const SPOTIFY_CONTEXT = /\bspotify\b|\bspotifyd?\.exe\b|\bspotify\s?(?:api|web\s?api|app|client|desktop)\b/i;
/** Other programs: a generic token next to one of these is theirs, not Spotify's. */
export const OTHER_APPS =
  /\b(?:steam|github|gitlab|discord|windows update|xbox|playstation|epic games|origin|battle\.?net|npm|docker|twitch|youtube|netflix|apple music|itunes|tidal|deezer|reddit|twitter|cloudflare|nginx|minecraft|roblox|valorant|fortnite)\b/gi;

export interface ScanOptions {
  phrases: readonly ExtraPhrase[];
  symptomMode: boolean;
  ocr: boolean;
}

/** A message prepared once for every rule: folded, links removed, its Spotify context known. */
export class ScanText {
  /** Lower case, NFKC, links removed. */
  readonly folded: string;
  readonly spotifyContext: boolean;
  readonly hasError: boolean;
  private phraseCache?: string;

  constructor(
    readonly raw: string,
    readonly options: ScanOptions,
  ) {
    const lowered = fold(raw);
    this.folded = lowered.includes('/') || lowered.includes('www.') ? lowered.replace(URL, ' ') : lowered;
    this.spotifyContext = this.folded.includes('spotify') && SPOTIFY_CONTEXT.test(this.folded);
    this.hasError = this.folded.includes('error');
  }

  /** The words only, one space apart (for comparing with displayed messages and phrases). */
  get phrase(): string {
    this.phraseCache ??= phraseKey(this.folded);
    return this.phraseCache;
  }
}

export interface DetectMatch {
  entry: ErrorEntry;
  /** 0..1: how sure the detector is that this message shows this error. */
  confidence: number;
}

/** What the rules found so far; later rules read it (a message whose entry was already named by its code adds nothing). */
export class Findings {
  private readonly byEntry = new Map<ErrorEntry, DetectMatch>();
  /** A displayed message several entries share, with nothing to tell them apart. */
  ambiguous?: { message: string; candidates: ErrorEntry[] };

  add(entry: ErrorEntry | undefined, confidence: number): void {
    if (!entry) return;
    const current = this.byEntry.get(entry);
    if (!current || current.confidence < confidence) this.byEntry.set(entry, { entry, confidence });
  }

  has(entry: ErrorEntry): boolean {
    return this.byEntry.has(entry);
  }

  get size(): number {
    return this.byEntry.size;
  }

  matches(): DetectMatch[] {
    return [...this.byEntry.values()].sort((a, b) => b.confidence - a.confidence);
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
