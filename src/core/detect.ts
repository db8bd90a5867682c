import type { ErrorEntry } from '../data/schema.js';
import { headline } from './related.js';
import type { ExtraPhrase, SearchIndex } from './search.js';
import { fold, phraseKey } from './text.js';

/**
 * Finds pasted Spotify errors in chat, precision first. A message answers only when it carries a
 * documented code, an exact displayed message, or a server phrase; generic tokens (429, error 18,
 * HTTP 403, short messages any app could show) count only next to a Spotify context. Ordinary chat
 * is rejected by one precompiled regular expression before any other work.
 */

export type DetectVia = 'code' | 'message' | 'phrase' | 'symptom';

export interface DetectMatch {
  entry: ErrorEntry;
  /** 0..1: how sure the detector is that this message shows this error. */
  confidence: number;
  via: DetectVia;
  /** The text that matched, as written. */
  matched: string;
}

export interface Detection {
  matches: DetectMatch[];
  /** A displayed message several entries share, with no code to tell them apart. */
  ambiguous?: { message: string; candidates: ErrorEntry[] };
}

export interface DetectOptions {
  phrases?: readonly ExtraPhrase[];
  /** Answer symptom descriptions above a high search confidence (off unless a server opts in). */
  symptomMode?: boolean;
  /** Text read from an image: tolerate OCR confusions inside code-shaped tokens. */
  ocr?: boolean;
}

const MAX_TEXT = 4000;
const SYMPTOM_MIN_SCORE = 0.6;
const SYMPTOM_MIN_MARGIN = 0.15;

const NAMESPACES = ['auth', 'accounts', 'session', 'desktop_login_accounts', 'accesspoint'];
/** `auth:3`, `ACCOUNTS:103`, `desktop_login_accounts:5`, `accounts:critical-update-error`: colon required. */
const NAMESPACED_CODE = /(?<![\w/.-])(auth|accounts|session|desktop_login_accounts|accesspoint):(\d{1,3}|critical-update-error)(?![\w:/-])/gi;
/** After an explicit "Error code", spacing may vary: `Error code: auth : 73`, `error code auth-73`. */
const LABELLED_CODE = /\berror\s*code\s*:?\s*(auth|accounts|session|desktop_login_accounts|accesspoint)\s*[:\-_ ]\s*(\d{1,3})\b/gi;
/** The same in text read from an image, where spaces creep in and digits become letters. */
const OCR_NAMESPACED_CODE =
  /(?<![\w/.-])(auth|accounts|session|desktop[_ ]?login[_ ]?accounts|accesspoint|access point)\s*[:;.,]\s*([0-9OoIlSsBbZzAag|]{1,3})(?![\w:/-])/gi;
/** Spotify's own constant-style codes: specific enough to answer without context. */
const SPOTIFY_CONSTANTS =
  /\b(EME_NO_SUPPORTED_KEYSYSTEM|EME_LICENSE_REQUEST_FAILED_WITH_STATUS|DISALLOW_PROTECTED_TRACK_ERROR|CAPPING_USER_IS_CAPPED|MEDIA_DECODING_ERROR|PREMIUM_REQUIRED|NO_ACTIVE_DEVICE|RESTRICTION_VIOLATED)\b/gi;
/** Tokens any program could print: they answer only next to a Spotify context. */
const GENERIC_CODES: Array<{ pattern: RegExp; code: string }> = [
  { pattern: /\b(?:installer\s+)?error(?:\s+code)?\s*[:#]?\s*18\b/gi, code: 'Installer error 18' },
  { pattern: /\b(?:installation\s+|installer\s+)?error(?:\s+code)?\s*[:#]?\s*24\b/gi, code: 'Installer error 24' },
  { pattern: /\berror(?:\s+code)?\s*[:#]?\s*30\b/gi, code: 'Error 30' },
  { pattern: /\berror\s+code\s*[:#]?\s*17\b/gi, code: 'accesspoint:17' },
  { pattern: /\b(?:http|error|status|code)\s*[:#]?\s*429\b|\btoo many requests\b/gi, code: 'HTTP 429 — Too Many Requests' },
  { pattern: /\binvalid_client\b/gi, code: 'HTTP 401 — invalid_client' },
];
const SPOTIFY_CONTEXT = /\bspotify\b|\bspotifyd?\.exe\b|\bspotify\s?(?:api|web\s?api|app|client|desktop)\b/i;
/** Other programs: a generic token next to one of these is theirs, not Spotify's. */
const OTHER_APPS =
  /\b(?:steam|github|gitlab|discord|windows update|xbox|playstation|epic games|origin|battle\.?net|npm|docker|twitch|youtube|netflix|apple music|itunes|tidal|deezer|reddit|twitter|cloudflare|nginx|minecraft|roblox|valorant|fortnite)\b/gi;
const URL = /\b(?:https?:\/\/|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+\/\S*/gi;
const FENCED = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
const LOOKS_LIKE_CODE = /[{};]|=>|\b(?:const|let|var|function|import|return|def|class|public|private|yaml|json)\b|^\s*[\w-]+:\s/m;
const ERROR_CONTEXT = /\berror\s*code\b|\bspotify\b|something went wrong/i;
/** Text is folded to lower case before this applies; upper-case letters are listed for direct callers. */
const OCR_DIGITS: Record<string, string> = {
  o: '0', O: '0', i: '1', I: '1', l: '1', '|': '1', s: '5', S: '5', b: '8', B: '8', z: '2', Z: '2', a: '4', A: '4', g: '9',
};

/** Displayed messages only Spotify shows; every other one needs "spotify" nearby to count. */
const SPECIFIC_MESSAGES =
  /spotify|player command failed|restricted to premium users only|profile is not fully updated|country does not match the one set in your profile|use of this device is not enabled for your account/;

interface MessagePattern {
  phrase: string;
  entries: ErrorEntry[];
  /** Short or generic wording: only with Spotify context. */
  needsContext: boolean;
}

export class Detector {
  private readonly byCode = new Map<string, ErrorEntry>();
  private readonly messages: MessagePattern[];
  private readonly prefilter: RegExp;
  private readonly symptomPrefilter: RegExp;
  private readonly messageOpenings: RegExp;
  private readonly phrasePrefilters = new WeakMap<readonly ExtraPhrase[], RegExp | null>();

  constructor(private readonly index: SearchIndex) {
    for (const entry of index.all()) {
      for (const key of [entry.code, ...entry.aliases]) this.byCode.set(key.toLowerCase(), entry);
    }
    const grouped = new Map<string, ErrorEntry[]>();
    for (const entry of index.all()) {
      for (const message of entry.messages) {
        if (message.startsWith('(')) continue; // accounts:417 shows no message at all
        for (const phrase of new Set([headline(message), phraseKey(message.replace(/\s*\(Error code:[^)]*\)/i, ''))])) {
          if (phrase.split(' ').length < 2) continue;
          const group = grouped.get(phrase) ?? [];
          if (!group.includes(entry)) group.push(entry);
          grouped.set(phrase, group);
        }
      }
    }
    this.messages = [...grouped].map(([phrase, entries]) => ({
      phrase,
      entries,
      needsContext: !SPECIFIC_MESSAGES.test(phrase),
    }));
    // Longest first, so a full message wins over its own headline.
    this.messages.sort((a, b) => b.phrase.length - a.phrase.length);
    // One regular expression that passes exactly what some rule could answer. Codes and specific
    // messages pass alone; generic tokens and short messages only with "spotify" in the text
    // (one lookahead, evaluated once per message). "spotify" alone is context, never a trigger.
    const firstWords = (patterns: MessagePattern[]) => wordTrie(patterns.map((m) => m.phrase.split(' ').slice(0, 3)));
    const standalone = [
      String.raw`(?:${NAMESPACES.join('|')})[:：](?:\d|critical)`,
      String.raw`error\s*code\W*(?:${NAMESPACES.join('|')})`,
      'eme_|disallow_protected|capping_user|media_decoding_error|premium_required|no_active_device|restriction_violated',
      // Fullwidth forms (ａｕｔｈ：３) are folded before matching; let them through.
      '[\uff01-\uff5e]',
      firstWords(this.messages.filter((m) => !m.needsContext)),
    ];
    const withContext = [
      String.raw`error\W*(?:code\W*)?(?:17|18|24|30|429)\b`,
      String.raw`(?:http|status|code)\W*429`,
      'too many requests',
      'invalid_client',
      firstWords(this.messages.filter((m) => m.needsContext)),
    ];
    const contextual = String.raw`^(?=[\s\S]*?spotify)[\s\S]*?(?:${withContext.join('|')})`;
    this.prefilter = new RegExp(`${standalone.join('|')}|${contextual}`, 'i');
    this.messageOpenings = new RegExp(firstWords(this.messages), 'i');
    this.symptomPrefilter = new RegExp(`${this.prefilter.source}|spotify`, 'i');
  }

  /** The one cheap test every message goes through: false means "certainly not a Spotify error". */
  mightContainError(text: string, phrases?: readonly ExtraPhrase[], symptomMode = false): boolean {
    if ((symptomMode ? this.symptomPrefilter : this.prefilter).test(text)) return true;
    const extra = phrases?.length ? this.phrasePrefilter(phrases) : null;
    return extra ? extra.test(text) : false;
  }

  detect(rawText: string, options: DetectOptions = {}): Detection {
    const text = rawText.length > MAX_TEXT ? rawText.slice(0, MAX_TEXT) : rawText;
    // Text read from an image is rare and garbled: it skips the prefilter and gets every rule.
    if (!options.ocr && !this.mightContainError(text, options.phrases, options.symptomMode)) return { matches: [] };
    const lowered = fold(text);
    const folded = lowered.includes('/') || lowered.includes('www.') ? lowered.replace(URL, ' ') : lowered;
    const found = new Map<ErrorEntry, DetectMatch>();
    const add = (entry: ErrorEntry | undefined, confidence: number, via: DetectVia, matched: string) => {
      if (!entry) return;
      const current = found.get(entry);
      if (!current || current.confidence < confidence) found.set(entry, { entry, confidence, via, matched });
    };

    const spotifyContext = folded.includes('spotify') && SPOTIFY_CONTEXT.test(folded);
    const hasError = folded.includes('error');

    // Cheap guards first: namespaced codes need a colon (or an "error code" label), constants an underscore.
    if (folded.includes(':') || hasError || options.ocr) {
      const errorContext = (hasError || spotifyContext) && ERROR_CONTEXT.test(folded);
      // In code blocks or code-looking text, `auth:1` may be someone's config: only with context.
      const codeLike = LOOKS_LIKE_CODE.test(folded) || folded.includes('`');
      const codeText = codeLike && !errorContext ? folded.replace(FENCED, ' ') : folded;
      const codeAllowed = !codeLike || errorContext || !LOOKS_LIKE_CODE.test(codeText);
      if (codeAllowed) {
        for (const m of codeText.matchAll(NAMESPACED_CODE)) add(this.codeEntry(m[1]!, m[2]!), 1, 'code', m[0]);
        if (hasError) for (const m of codeText.matchAll(LABELLED_CODE)) add(this.codeEntry(m[1]!, m[2]!), 1, 'code', m[0]);
        if (options.ocr) {
          for (const m of codeText.matchAll(OCR_NAMESPACED_CODE)) add(this.ocrCodeEntry(m[1]!, m[2]!), 0.9, 'code', m[0]);
        }
      }
    }
    if (folded.includes('_')) {
      for (const m of folded.matchAll(SPOTIFY_CONSTANTS)) {
        add(this.byCode.get(m[1]!.toLowerCase()) ?? this.constantEntry(m[1]!), 1, 'code', m[0]);
      }
    }

    if (spotifyContext) {
      const spotifyAt = positions(folded, /\bspotify/gi);
      const othersAt = positions(folded, OTHER_APPS);
      for (const { pattern, code } of GENERIC_CODES) {
        for (const m of folded.matchAll(pattern)) {
          // The token belongs to whichever program is named closest to it.
          if (distance(spotifyAt, m.index) < distance(othersAt, m.index)) add(this.index.byCode(code), 0.9, 'code', m[0]);
        }
      }
    }

    // The phrase work runs only when some displayed message's opening words are there.
    const extraPhrases = options.phrases ?? [];
    const phrase = extraPhrases.length || options.ocr || this.messageOpenings.test(folded) ? phraseKey(folded) : '';
    const ocrWords = options.ocr ? phrase.split(' ') : undefined;
    let ambiguous: Detection['ambiguous'];
    for (const pattern of phrase ? this.messages : []) {
      if (!phrase.includes(pattern.phrase) && !(ocrWords && ocrMessageMatch(ocrWords, pattern.phrase))) continue;
      if (pattern.needsContext && !spotifyContext && found.size === 0) continue;
      const already = pattern.entries.filter((e) => found.has(e));
      if (already.length) continue;
      if (pattern.entries.length === 1) {
        add(pattern.entries[0], 0.95, 'message', pattern.phrase);
      } else if (found.size === 0) {
        const pick = this.bestSupported(pattern.entries, phrase.replace(pattern.phrase, ' '));
        if (pick) add(pick, 0.8, 'message', pattern.phrase);
        else ambiguous ??= { message: pattern.phrase, candidates: pattern.entries };
      }
    }

    for (const extra of extraPhrases) {
      const key = phraseKey(extra.phrase);
      if (key && phrase.includes(key)) add(this.index.byCode(extra.code), 0.9, 'phrase', extra.phrase);
    }

    if (options.symptomMode && found.size === 0 && !ambiguous && spotifyContext) {
      const [top, second] = this.index.search(folded, { limit: 2, phrases: options.phrases });
      if (top && top.score >= SYMPTOM_MIN_SCORE && (!second || top.score - second.score >= SYMPTOM_MIN_MARGIN)) {
        add(top.entry, top.score, 'symptom', text.slice(0, 100));
      }
    }

    const matches = [...found.values()].sort((a, b) => b.confidence - a.confidence);
    return matches.length ? { matches } : ambiguous ? { matches: [], ambiguous } : { matches: [] };
  }

  private codeEntry(namespace: string, number: string): ErrorEntry | undefined {
    return this.byCode.get(`${namespace.toLowerCase()}:${number.toLowerCase()}`);
  }

  /** Reads OCR'd digits (`7A` → `74`, `O` → `0`) and accepts only documented codes. */
  private ocrCodeEntry(namespace: string, raw: string): ErrorEntry | undefined {
    const ns = namespace.toLowerCase().replace(/\s+/g, '').replace(/^desktop_?login_?accounts$/, 'desktop_login_accounts');
    const digits = [...raw].map((c) => OCR_DIGITS[c] ?? c).join('');
    return /^\d+$/.test(digits) ? this.codeEntry(ns === 'accesspoint' ? 'accesspoint' : ns, digits) : undefined;
  }

  private constantEntry(constant: string): ErrorEntry | undefined {
    const upper = constant.toUpperCase();
    return this.index.all().find((e) => e.code.toUpperCase() === upper || e.aliases.some((a) => a.toUpperCase() === upper));
  }

  /** Of entries sharing a message, the one the rest of the text clearly points to, if any. */
  private bestSupported(candidates: readonly ErrorEntry[], rest: string): ErrorEntry | undefined {
    // "spotify" and the like appear in every entry; only the other words can tell entries apart.
    rest = rest.replace(/\b(?:spotify|says?|said|error|code|message|shows?|again|help)\b/g, ' ');
    if (!/[a-z0-9]{3,}/.test(rest)) return undefined;
    const scores = this.index.search(rest, { limit: 41 }).filter((r) => candidates.includes(r.entry));
    const [top, second] = scores;
    if (top && top.score >= 0.15 && (!second || top.score - second.score >= 0.05)) return top.entry;
    return undefined;
  }

  private phrasePrefilter(phrases: readonly ExtraPhrase[]): RegExp | null {
    if (!this.phrasePrefilters.has(phrases)) {
      const parts = phrases
        .map((p) => phraseKey(p.phrase).split(' ').slice(0, 3).map(escapeRegExp).join(String.raw`\W+`))
        .filter(Boolean);
      this.phrasePrefilters.set(phrases, parts.length ? new RegExp(parts.join('|'), 'i') : null);
    }
    return this.phrasePrefilters.get(phrases)!;
  }
}

/** Long messages only: short ones are too easy to meet by chance once words may be missing. */
const OCR_MESSAGE_MIN_WORDS = 8;
const OCR_MESSAGE_MIN_SHARE = 0.8;

/**
 * A displayed message in text read from an image, where OCR clips the first letter of a line or
 * garbles a word: at least 80% of a long message's words, in order and close together, and
 * "spotify" itself wherever the message has it.
 */
function ocrMessageMatch(textWords: readonly string[], phrase: string): boolean {
  const words = phrase.split(' ');
  if (words.length < OCR_MESSAGE_MIN_WORDS) return false;
  const needed = Math.ceil(words.length * OCR_MESSAGE_MIN_SHARE);
  for (let start = 0; start < textWords.length; start++) {
    // Runs start at one of the message's first three words.
    const first = words.indexOf(textWords[start]!);
    if (first < 0 || first > 2) continue;
    const end = Math.min(textWords.length, start + words.length + 2);
    let matched = 0;
    let missedKeyword = false;
    let at = start;
    for (let w = first; w < words.length; w++) {
      let found = -1;
      for (let t = at; t < end; t++) {
        if (textWords[t] === words[w]) {
          found = t;
          break;
        }
      }
      if (found < 0) {
        if (words[w] === 'spotify') missedKeyword = true;
        continue;
      }
      matched++;
      at = found + 1;
    }
    if (!missedKeyword && matched >= needed) return true;
  }
  return false;
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

/** Word sequences as one alternation grouped by first word: `your\W+(?:session|client)\W+…`. */
function wordTrie(sequences: string[][]): string {
  const byFirst = new Map<string, string[][]>();
  for (const [first, ...rest] of sequences) {
    if (!first) continue;
    const list = byFirst.get(first) ?? [];
    list.push(rest);
    byFirst.set(first, list);
  }
  return [...byFirst]
    .map(([first, rests]) => {
      const tails = [...new Set(rests.filter((r) => r.length).map((r) => r.map(escapeRegExp).join(String.raw`\W+`)))];
      const word = escapeRegExp(first);
      if (rests.some((r) => r.length === 0) || tails.length === 0) return word;
      return tails.length === 1 ? `${word}\\W+${tails[0]}` : `${word}\\W+(?:${tails.join('|')})`;
    })
    .join('|');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
