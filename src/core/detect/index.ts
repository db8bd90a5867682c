import type { ErrorEntry, Platform } from '../../data/schema.js';
import type { CodeIndex } from '../codes.js';
import { ERROR_WORDS } from '../other-languages.js';
import { namedPlatform, type ExtraPhrase, type SearchIndex } from '../search.js';
import { ConstantCodeRule } from './rules/constant-codes.js';
import { ConstantWordsRule } from './rules/constant-words.js';
import { DisplayedMessageRule } from './rules/displayed-messages.js';
import { DocumentedIdentifierRule } from './rules/documented-identifiers.js';
import { EndpointStatusRule } from './rules/endpoint-statuses.js';
import { GENERIC_WORDS, GenericCodeRule } from './rules/generic-codes.js';
import { IdentifierCodeRule } from './rules/identifier-codes.js';
import { NamespacedCodeRule } from './rules/namespaced-codes.js';
import { ServerPhraseRule } from './rules/server-phrases.js';
import { SymptomRule } from './rules/symptoms.js';
import { Findings, ScanText, SPOTIPY_EXCEPTION, type DetectMatch, type DetectRule, type SharedFinding } from './scan.js';

export type { DetectMatch } from './scan.js';

/**
 * Finds pasted Spotify errors in chat, precision first. A message answers only when it carries a
 * documented code, an exact displayed message, or a server phrase; generic tokens (429, error 18,
 * HTTP 403, short messages any app could show) count only next to a Spotify context. Every rule
 * is built from the dataset; ordinary chat is rejected by one precompiled regular expression, the
 * union of the rules' first passes, before any other work.
 */
export interface Detection {
  matches: DetectMatch[];
  /** A displayed message several entries share, with no code to tell them apart, or a code number they share. */
  ambiguous?: SharedFinding;
}

export interface DetectOptions {
  phrases?: readonly ExtraPhrase[];
  /** Answer symptom descriptions above a high search confidence (off unless a server opts in). */
  symptomMode?: boolean;
  /** Text read from an image: tolerate OCR confusions inside code-shaped tokens. */
  ocr?: boolean;
  /**
   * The place is about Spotify: a channel a server chose for Spotify help, or a question asked of
   * this bot. Wording any app could show then counts unless another program is named.
   */
  assumeSpotify?: boolean;
  /**
   * A platform the text is about: a message several entries share is narrowed to that platform's
   * entries (Findings.keepOn); `named`: the one the text names (namedPlatform), read only when there is one to narrow.
   */
  platform?: Platform | 'named';
}

/** Words that put a message in Spotify's context: its name, hosts, client libraries, their errors and spotipy's exception text ("http status: 429, code:-1"). */
const CONTEXT_WORDS = `spotify|spotipy|scdn\\.co|webapierror|tekore|librespot|spotdl|${SPOTIPY_EXCEPTION}`;

const MAX_TEXT = 4000;
/** Not inside a word of letters or digits (an underscore starts one: `x_auth:3` is `auth:3`). */
const WORD_START = '(?<![a-z0-9])';

export class Detector {
  private readonly rules: DetectRule[];
  private readonly phrases: ServerPhraseRule;
  /** The first pass, by [assumeSpotify][symptomMode]; null lets everything through. */
  private readonly prefilters: Record<'strict' | 'assumed', Record<'codes' | 'symptoms', RegExp | null>>;

  constructor(entries: readonly ErrorEntry[], codes: CodeIndex, search: SearchIndex) {
    this.phrases = new ServerPhraseRule(codes);
    // In this order: codes name an entry outright; a message whose entry a code already named adds nothing.
    this.rules = [
      new NamespacedCodeRule(entries, codes),
      new ConstantCodeRule(entries, codes, GENERIC_WORDS),
      new IdentifierCodeRule(entries),
      new GenericCodeRule(codes),
      new DocumentedIdentifierRule(codes),
      new DisplayedMessageRule(entries, search),
      // After the messages: "Player command failed: Premium required" says which of a status's errors it is.
      new EndpointStatusRule(entries),
      new ConstantWordsRule(entries, codes, GENERIC_WORDS),
      this.phrases,
      new SymptomRule(search),
    ];
    // Codes and specific messages pass alone; generic tokens and short messages only with "spotify"
    // in the text (one lookahead, evaluated once per message). "spotify" alone is context, never a trigger.
    // Every trigger starts a word: one cheap look back skips the positions inside words before any
    // alternative is tried. Fullwidth forms (ａｕｔｈ：３) are folded before matching; let them through.
    const atWord = (alternatives: string[]) => `${WORD_START}(?:${alternatives.join('|')})`;
    const standalone = [atWord([...this.rules.flatMap((r) => r.prefilter.standalone), ...ERROR_WORDS].filter(Boolean)), '[\uff01-\uff5e]'];
    const withContext = this.rules.flatMap((r) => r.prefilter.withContext).filter(Boolean);
    const contextual = String.raw`^(?=[\s\S]*?(?:${CONTEXT_WORDS}))[\s\S]*?${atWord(withContext)}`;
    const strict = new RegExp(`${standalone.join('|')}|${contextual}`, 'i');
    this.prefilters = {
      strict: { codes: strict, symptoms: new RegExp(`${strict.source}|${CONTEXT_WORDS}`, 'i') },
      // Where the place is Spotify's, generic wording needs no "spotify" beside it; symptom mode reads everything.
      assumed: { codes: new RegExp(`${atWord([...this.rules.flatMap((r) => r.prefilter.standalone), ...ERROR_WORDS, ...withContext].filter(Boolean))}|[\uff01-\uff5e]`, 'i'), symptoms: null },
    };
  }

  /** The one cheap test every message goes through: false means "certainly not a Spotify error". */
  mightContainError(text: string, options: Pick<DetectOptions, 'phrases' | 'symptomMode' | 'assumeSpotify'> = {}): boolean {
    const prefilter = this.prefilters[options.assumeSpotify ? 'assumed' : 'strict'][options.symptomMode ? 'symptoms' : 'codes'];
    if (!prefilter || prefilter.test(text)) return true;
    return options.phrases ? this.phrases.mightMatch(text, options.phrases) : false;
  }

  detect(rawText: string, options: DetectOptions = {}): Detection {
    const text = rawText.length > MAX_TEXT ? rawText.slice(0, MAX_TEXT) : rawText;
    // Text read from an image is rare and garbled: it skips the prefilter and gets every rule.
    if (!options.ocr && !this.mightContainError(text, options)) return { matches: [] };
    const scan = new ScanText(text, {
      phrases: options.phrases ?? [],
      symptomMode: options.symptomMode ?? false,
      ocr: options.ocr ?? false,
      assumeSpotify: options.assumeSpotify ?? false,
    });
    const found = new Findings();
    for (const rule of this.rules) rule.find(scan, found);
    const platform = options.platform === 'named' ? (found.sharedMessage ? namedPlatform(text) : undefined) : options.platform;
    if (platform) found.keepOn(platform);
    const matches = found.matches();
    if (matches.length) return { matches };
    return found.ambiguous ? { matches: [], ambiguous: found.ambiguous } : { matches: [] };
  }
}
