import type { ErrorEntry } from '../../../data/schema.js';
import { headline } from '../../related.js';
import type { SearchIndex } from '../../search.js';
import { NEGATION_FORMS, NEGATION_WORDS, phraseKey, sameNegations, STOPWORDS, withoutErrorCode, wordPairs } from '../../text.js';
import { alternation, escapeRegExp, wordTrie } from '../regex.js';
import { OTHER_APPS, type DetectRule, type Findings, type ScanText } from '../scan.js';

/**
 * Wording only Spotify shows. Whether a sentence is generic is a fact about other programs, not
 * about the dataset: a message counts alone when it names Spotify or contains one of these; any
 * other needs "spotify" nearby.
 */
const SPECIFIC_WORDING =
  /spotify|player command failed|restricted to premium users only|profile is not fully updated|country does not match the one set in your profile|use of this device is not enabled for your account/;

/** A message of the form "Label: reason", the label a few words of prose. */
const LABELLED_REASON = /^[A-Za-z][\w ]{0,40}: ([A-Za-z][^:{}"]*)$/;
/** A reason shorter than this ("Premium required") is too common a phrase to stand alone. */
const MIN_REASON_WORDS = 3;
/** Generic messages this short must end a sentence (see messagePatterns). */
const SHORT_MESSAGE_WORDS = 3;
/** A typed message with a misspelt word: at least this many words, and the word at least this long. */
const TYPO_MESSAGE_MIN_WORDS = 5;
const TYPO_MIN_WORD = 4;
/** A typed message with a word left out, added or replaced: at least this many words (shorter ones are everyday phrases with a word changed). */
const CHANGED_MESSAGE_MIN_WORDS = 6;
/** Room in the typed slice for one added word. */
const MAX_ADDED_WORD = 24;
const TYPO_MAX_OPENINGS = 10;
/** Long messages only: short ones are too easy to meet by chance once words may be missing. */
const OCR_MESSAGE_MIN_WORDS = 8;
const OCR_MESSAGE_MIN_SHARE = 0.8;
/**
 * Words every entry shares: only the others can tell entries of one message apart. "Installation
 * Failed" is the title of the macOS installer's alert, above each of its messages.
 */
const UNTELLING = /\b(?:spotify|says?|said|error|code|message|shows?|again|help|installation failed)\b/g;
/** The app as a file of each desktop platform (a Windows program, a macOS app bundle), where the reference names it so. */
const APP_FILE = /\bspotify\.(?:exe|app)\b/gi;

/**
 * The app's file names the reference gives ("Spotify.app", "Spotify.exe"), folded: a message that opens with "Spotify"
 * is pasted with one in its place. Its updater's ("SpotifyUpdate.exe") is another program.
 */
function appFileNames(entries: readonly ErrorEntry[]): string[] {
  const names = new Set<string>();
  for (const entry of entries) for (const [name] of JSON.stringify(entry).matchAll(APP_FILE)) names.add(name.toLowerCase());
  return [...names];
}

interface MessagePattern {
  phrase: string;
  /** The phrase with its negations as sameNegations writes them: what the text's words are compared with. */
  spoken: string;
  /** Its first two words, spoken form. */
  opening: string;
  entries: ErrorEntry[];
  /** Short or generic wording: only with Spotify context. */
  needsContext: boolean;
  /** The first sentence of a longer message, or a short generic one: it must end there ("An error occurred." is not "An error occurred while…"). */
  sentenceEnd?: RegExp;
  /** Every entry whose message opens the same way (the firewall seven): a code of one of them already says which. */
  family: ErrorEntry[];
}

/** The displayed messages of the dataset (and their first sentences), grouped by wording, longest first. */
export function messagePatterns(entries: readonly ErrorEntry[]): MessagePattern[] {
  const grouped = new Map<string, ErrorEntry[]>();
  const wholeMessages = new Set<string>();
  /** The first sentences each phrase's messages open with, and the entries whose messages open with each. */
  const openedBy = new Map<string, Set<string>>();
  const byHeadline = new Map<string, Set<ErrorEntry>>();
  for (const entry of entries) {
    for (const message of entry.messages) {
      // A description in parentheses ("(No message shown …)") is not something the client shows.
      if (message.startsWith('(')) continue;
      const whole = phraseKey(withoutErrorCode(message));
      wholeMessages.add(whole);
      // "Player command failed: No active device found": libraries and apps print the reason alone.
      const reason = LABELLED_REASON.exec(withoutErrorCode(message))?.[1];
      const reasonPhrase = reason && phraseKey(reason).split(' ').length >= MIN_REASON_WORDS ? phraseKey(reason) : undefined;
      if (reasonPhrase) wholeMessages.add(reasonPhrase);
      const first = headline(message);
      byHeadline.set(first, (byHeadline.get(first) ?? new Set()).add(entry));
      for (const phrase of new Set([first, whole, ...(reasonPhrase ? [reasonPhrase] : [])])) {
        if (phrase.split(' ').length < 2) continue;
        const group = grouped.get(phrase) ?? [];
        if (!group.includes(entry)) group.push(entry);
        grouped.set(phrase, group);
        openedBy.set(phrase, (openedBy.get(phrase) ?? new Set()).add(first));
      }
    }
  }
  // Specific wording first, then generic; longest first within each, so a full message wins over its own headline.
  return [...grouped]
    .map(([phrase, group]) => {
      const needsContext = !SPECIFIC_WORDING.test(phrase);
      // A first sentence, or a message as short as a phrase of chat, counts only where the sentence
      // ends: "Something went wrong." is not "a something went wrong error" or "Something went wrong, please…".
      const words = phrase.split(' ');
      // A question ("account disabled?") asks about a short message; it does not show it.
      const short = wholeMessages.has(phrase) && words.length <= SHORT_MESSAGE_WORDS;
      const sentenceEnd =
        needsContext && (!wholeMessages.has(phrase) || short)
          ? new RegExp(String.raw`\b(?:${writtenForms(phrase).map((form) => form.split(' ').map(escapeRegExp).join(String.raw`\W+`)).join('|')})[ \t]{0,3}(?:[.!${short ? '' : '?'}"'\u201d\u2019)]|$)`, 'im')
          : undefined;
      const spoken = sameNegations(phrase);
      const family = [...new Set([...(openedBy.get(phrase) ?? [])].flatMap((first) => [...(byHeadline.get(first) ?? [])]))];
      return { phrase, spoken, opening: spoken.split(' ', 2).join(' '), entries: group, needsContext, family, ...(sentenceEnd ? { sentenceEnd } : {}) };
    })
    .sort((a, b) => Number(a.needsContext) - Number(b.needsContext) || b.phrase.length - a.phrase.length);
}

/**
 * Spotify's displayed messages, as pasted or read from a screenshot. A message several entries
 * share names the one the rest of the text clearly points to, or else becomes the list of them.
 */
export class DisplayedMessageRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly messages: MessagePattern[];
  private readonly openings: RegExp;
  /** The app's file names (appFileNames), read as "spotify" where a message has it; undefined when the reference names none. */
  private readonly appFiles?: RegExp;

  constructor(
    entries: readonly ErrorEntry[],
    private readonly search: SearchIndex,
  ) {
    this.messages = messagePatterns(entries);
    const files = appFileNames(entries);
    if (files.length) this.appFiles = new RegExp(String.raw`(?<![\w.])(?:${alternation(files)})(?!\.?\w)`, 'g');
    // A message opening with "spotify" opens with a file name's words too ("spotify app can t"): the first pass lets it through.
    const openingsOf = (words: string[]) =>
      words[0] === 'spotify' ? [words.slice(0, 3), ...files.map((file) => [...phraseKey(file).split(' '), ...words.slice(1, 3)])] : [words.slice(0, 3)];
    const firstWords = (patterns: MessagePattern[]) => wordTrie(patterns.flatMap((m) => writtenForms(m.phrase).flatMap((form) => openingsOf(form.split(' ')))));
    this.openings = new RegExp(firstWords(this.messages), 'i');
    this.prefilter = {
      standalone: [firstWords(this.messages.filter((m) => !m.needsContext))],
      withContext: [firstWords(this.messages.filter((m) => m.needsContext))],
    };
  }

  /** Whether the text may contain a displayed message at all (its opening words are there). */
  mayApply(text: ScanText): boolean {
    return text.options.ocr || this.openings.test(text.folded);
  }

  find(text: ScanText, found: Findings): void {
    if (!this.mayApply(text)) return;
    // Words a message matched are used up: "An error occurred" inside "An error occurred while
    // trying to install Spotify" is not a second error.
    const spoken = sameNegations(this.phraseOf(text));
    let remaining = spoken;
    // Where a misspelt message could start: its first two words are there (one pass, not one search a message).
    const pairs = text.options.ocr ? undefined : new Set(wordPairs(spoken));
    for (const pattern of this.messages) {
      const exact = remaining.includes(pattern.spoken);
      // A typed message with one word misspelt; OCR's leeway (a clipped letter, a garbled word). Both read only words no exact match used.
      const typed = exact || !pairs?.has(pattern.opening) ? undefined : withOneTypo(remaining, pattern.spoken);
      const read = exact || typed || !text.options.ocr ? undefined : ocrMessageMatch(remaining.split(' '), pattern.spoken);
      if (!exact && !typed && !read) continue;
      // OCR's leeway reads "…trying to install Spotify" as "…trying to download Spotify" too (one word of eight off):
      // it never stands where another error's whole message is read exactly in the same words.
      if (read && this.readExactlyBesides(pattern, remaining.split(' ').slice(read.start, read.end).join(' '))) continue;
      if (pattern.sentenceEnd && !pattern.sentenceEnd.test(text.folded)) continue;
      // A code's number several entries end in ("error code: 4") and a message several show: the
      // entries they have in common (one is the answer).
      const common = found.ambiguous?.candidates.filter((e) => pattern.entries.includes(e)) ?? [];
      if (common.length && (!pattern.needsContext || this.genericIsSpotifys(text, pattern))) {
        if (common.length === 1) {
          found.add(common[0], 0.9);
          delete found.ambiguous;
        } else found.ambiguous = { message: pattern.phrase, candidates: common };
        continue;
      }
      // Generic wording ("Something went wrong.") counts only in Spotify's context, in prose (in a log
      // or JSON only where Spotify is named), and only when the text shows nothing more specific.
      if (pattern.needsContext && (found.size > 0 || found.ambiguous || !this.genericIsSpotifys(text, pattern))) continue;
      // A code already found of an entry whose message opens the same way says which one it is ("…allow Spotify. Error code: 30").
      if (pattern.family.some((e) => found.has(e))) continue;
      if (exact || typed) remaining = remaining.replace(typed ?? pattern.spoken, ' | ');
      // A garbled word is read as one message (the longest), not as every message it is one word off.
      else if (read) remaining = remaining.split(' ').toSpliced(read.start, read.end - read.start, '|').join(' ');
      if (pattern.entries.length === 1) {
        found.add(pattern.entries[0], 0.95, { generic: pattern.needsContext });
      } else if (found.size === 0) {
        const pick = this.bestSupported(pattern.entries, spoken.replace(typed ?? pattern.spoken, ' '));
        if (pick) found.add(pick, 0.8, { generic: pattern.needsContext });
        else found.ambiguous ??= { message: pattern.phrase, candidates: pattern.entries };
      }
    }
  }

  /** The text's words, the app's file names read as "spotify" ("Spotify.app can't play this track…" is Spotify's message). */
  private phraseOf(text: ScanText): string {
    if (!this.appFiles || !text.folded.includes('spotify.')) return text.phrase;
    return phraseKey(text.folded.replace(this.appFiles, 'spotify'));
  }

  /** Whether `span` holds, exactly, a long message of entries other than `pattern`'s. */
  private readExactlyBesides(pattern: MessagePattern, span: string): boolean {
    return this.messages.some(
      (other) => other !== pattern && other.spoken.split(' ').length >= OCR_MESSAGE_MIN_WORDS && span.includes(other.spoken) && !other.entries.some((e) => pattern.entries.includes(e)),
    );
  }

  private genericIsSpotifys(text: ScanText, pattern: MessagePattern): boolean {
    // In a log or JSON, wording any app could show is Spotify's only where Spotify is named; in an
    // image (a dialog rarely names its program), only a whole message long enough not to be chance.
    if (text.printedByProgram && !text.named) return false;
    if (text.options.ocr && !text.named && (pattern.sentenceEnd || pattern.phrase.split(' ').length < OCR_MESSAGE_MIN_WORDS)) return false;
    return text.isSpotifys(text.folded.indexOf(pattern.phrase.split(' ')[0]!));
  }

  /** Of entries sharing a message, the one the rest of the text clearly points to, if any. */
  private bestSupported(candidates: readonly ErrorEntry[], rest: string): ErrorEntry | undefined {
    rest = rest.replace(UNTELLING, ' ');
    if (!/[a-z0-9]{3,}/.test(rest)) return undefined;
    const [top, second] = this.search.search(rest, { among: candidates, wordsOnly: true });
    // A clear lead, relative to the scores (they scale with how many words the rest has).
    if (top && top.score >= 0.15 && (!second || top.score >= second.score * 1.15)) return top.entry;
    return undefined;
  }
}

/**
 * The message as typed with one word off, its first three words exact (the rule finds a message by
 * them): in a message of five words or more, a word misspelt by one letter (four letters or longer:
 * "a firewall may be blockng spotify"); in one of six words or more, a word left out before its last
 * ("spotify can't play this now"), a function word for another ("cannot play that right now") or one
 * added ("blocking my spotify"). Never the word that names Spotify or a negation. Returns the words as typed.
 */
function withOneTypo(text: string, phrase: string): string | undefined {
  const words = phrase.split(' ');
  if (words.length < TYPO_MESSAGE_MIN_WORDS) return undefined;
  const opening = `${words[0]} ${words[1]} `;
  // A message quoted more than a few times is a paste of something else (and looking further would cost time).
  let tries = 0;
  for (let at = text.indexOf(opening); at >= 0 && tries++ < TYPO_MAX_OPENINGS; at = text.indexOf(opening, at + 1)) {
    if (at > 0 && text[at - 1] !== ' ') continue;
    // The typed words, from a slice a little longer than the message (room for a misspelt or an added word).
    const typed = text.slice(at, at + phrase.length + words.length + MAX_ADDED_WORD).split(' ');
    const misspelt = oneWordMisspelt(typed, words);
    if (misspelt) return misspelt;
    const changed = words.length >= CHANGED_MESSAGE_MIN_WORDS ? oneWordChanged(typed, words) : undefined;
    if (changed) return changed;
  }
  return undefined;
}

/** The typed words when they are the message's with one word after the first three misspelt by one letter. */
function oneWordMisspelt(typed: readonly string[], words: readonly string[]): string | undefined {
  if (typed.length < words.length) return undefined;
  let typos = 0;
  for (let i = 3; i < words.length && typos < 2; i++) {
    if (typed[i] === words[i]) continue;
    typos += words[i]!.length >= TYPO_MIN_WORD && oneEditApart(typed[i]!, words[i]!) ? 1 : 2;
  }
  return typos === 1 ? typed.slice(0, words.length).join(' ') : undefined;
}

/**
 * The typed words when they are the message's with one word off after the first three: one left out
 * (not the last: the words after it must follow), a function word for another ("this" for "that"),
 * or a function word or a repeated one added. Never "spotify" or a negation: "a firewall may be
 * blocking steam, spotify…" and "…is correct" are not the message.
 */
function oneWordChanged(typed: readonly string[], words: readonly string[]): string | undefined {
  // The word off is where the typed words first differ (of a doubled word, either copy may be the one off).
  let k = 3;
  while (k < words.length && typed[k] === words[k]) k++;
  if (k >= words.length) return undefined;
  const last = k === words.length - 1;
  // Whether typed[t…] is words[i…] to the message's end.
  const restMatches = (t: number, i: number) => {
    for (; i < words.length; i++, t++) if (typed[t] !== words[i]) return false;
    return true;
  };
  const mayDrop = (word: string) => word !== 'spotify' && !NEGATION_WORDS.has(word);
  const functionWord = (word: string | undefined) => word !== undefined && STOPWORDS.has(word) && !NEGATION_WORDS.has(word);
  const [expected, got] = [words[k]!, typed[k]];
  if (!last && mayDrop(expected) && restMatches(k, k + 1)) return typed.slice(0, words.length - 1).join(' ');
  if (!last && functionWord(expected) && functionWord(got) && restMatches(k + 1, k + 1)) return typed.slice(0, words.length).join(' ');
  if ((functionWord(got) || got === words[k - 1]) && restMatches(k + 1, k)) return typed.slice(0, words.length + 1).join(' ');
  return undefined;
}

/** Whether two different words are one insertion, deletion, substitution or swap of neighbours apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A phrase as the client writes it, and with each other way of writing its negation ("does not": "doesn't", "doesnt"). */
function writtenForms(phrase: string): string[] {
  const forms = [phrase];
  for (const [written, others] of NEGATION_FORMS) {
    const all = [written, ...others];
    const used = all.find((form) => ` ${phrase} `.includes(` ${form} `));
    if (used === undefined) continue;
    for (const other of all) if (other !== used) forms.push(` ${phrase} `.replace(` ${used} `, ` ${other} `).trim());
  }
  return forms;
}

/**
 * A displayed message in text read from an image, where OCR clips the first letter of a line or
 * garbles a word: at least 80% of a long message's words, in order and close together, and
 * "spotify" itself wherever the message has it. Returns the text's words it spans (used up by it).
 */
function ocrMessageMatch(textWords: readonly string[], phrase: string): { start: number; end: number } | undefined {
  const words = phrase.split(' ');
  if (words.length < OCR_MESSAGE_MIN_WORDS) return undefined;
  const needed = Math.ceil(words.length * OCR_MESSAGE_MIN_SHARE);
  for (let start = 0; start < textWords.length; start++) {
    // Runs start at one of the message's first three words.
    const first = words.indexOf(textWords[start]!);
    if (first < 0 || first > 2) continue;
    // A run may start after a clipped "spotify" ("spc can't play this track…"), never after another
    // program's name there (one word more: "apple music").
    if (words.slice(0, first).includes('spotify') && textWords.slice(Math.max(0, start - first - 1), start).join(' ').search(OTHER_APPS) >= 0) continue;
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
    if (!missedKeyword && matched >= needed) return { start, end: at };
  }
  return undefined;
}
