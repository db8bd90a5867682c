import type { ErrorEntry } from '../../../data/schema.js';
import type { CodeIndex } from '../../codes.js';
import { Vocabulary } from '../../vocabulary.js';
import { alternation, escapeRegExp } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** `namespace:suffix`, as the dataset writes codes such as `auth:3`, `accounts:critical-update-error` (a namespace may have digits and hyphens: `audio-out:3`). */
const NAMESPACED = /^([a-z][a-z0-9_-]*):([a-z0-9-]+)$/i;
const FENCED = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
/** Code, JSON, or a config: two "key: value" lines in a row (one such line is chat's "edit: fixed it"). */
const LOOKS_LIKE_CODE =
  /[{};]|=>|\b(?:const|let|var|function|import|return|def|class|public|private|yaml|json)\b|^[ \t]{0,20}[\w-]{1,30}:[ \t][^\n]{0,200}\n[ \t]{0,20}[\w-]{1,30}:\s/m;
/** A loose form of a code with a one-digit number counts only with one of these words this close to it. */
const LOOSE_CONTEXT_CHARS = 40;
// Other languages' words for error are already "error" here (ScanText reads them in English).
const ERROR_WORD = /\b(?:errors?|code|failed)\b|something went wrong/;
/** A line a program's exception or error class opens ("SomethingException:", "LoginError:"), or a stack frame. */
const THROWN = /\w(?:exception|error)\s{0,3}:|^\s{0,40}at \S+\(/;
/** After a number: more of it (a decimal, an address, a time). */
const GOES_ON = /^(?:[.:,]\d|:)/;
/** A paste printing "error code N" more often than this is a log: its first ones tell. */
const MAX_BARE_NUMBERS = 16;
/**
 * A number typed after "error" without "code" ("error 103") is a code's only when no other kind of
 * program prints it that way: not an HTTP error status (400–599, "Error 408 Request Timeout") nor a
 * shell's exit status (126–128, make's "Error 127").
 */
const printedByOthers = (n: number) => (n >= 400 && n < 600) || (n >= 126 && n <= 128);
/** The line of `text` that `index` is on. */
const lineAt = (text: string, index: number) => text.slice(text.lastIndexOf('\n', index) + 1, (text.indexOf('\n', index) + 1 || text.length + 1) - 1);
/** After a spaced colon's number: the end of the text, a line or a sentence (not "3 hours"). */
const NUMBER_ENDS = /^(?:\s*$|[ \t]?[\n.,;:!?)\]"'])/;
/** A namespace this long (`accesspoint`) is no word of chat: with a space for its colon it stands alone. */
const SPACED_NAMESPACE_ALONE = 11;
/** A shorter one ("auth 3") only right after an error label ("error auth 3", "Error: auth 3"): "session 3" is a lesson. */
const ERROR_LABEL_BEFORE = /\berror(?:[ \t]{1,3}code)?[ \t]{0,3}:?[ \t]{0,3}$/;
/** A namespace read through a one-letter typo is at least this long (`session`, `accounts`, `accesspoint`). */
const MIN_TYPO_NAMESPACE = 6;
/** What lets codes count in code-looking text (is it an error, not a config?) and turns on their loose forms: "error code", Spotify, "something went wrong". */
const ERROR_CONTEXT = /\berror\s{0,3}code\b|\bspotify\b|something went wrong/i;
/** Text is folded to lower case before this applies; upper-case letters are listed for direct callers. */
const OCR_DIGITS: Record<string, string> = {
  o: '0', O: '0', i: '1', I: '1', l: '1', '|': '1', s: '5', S: '5', b: '8', B: '8', z: '2', Z: '2', a: '4', A: '4', g: '9',
};

/**
 * The namespaces and suffixes of the dataset's `namespace:suffix` codes and aliases; `digits`: the
 * most digits a numbered one has (0 when none has a number).
 */
export function namespacedCodes(entries: readonly ErrorEntry[]): { namespaces: string[]; words: string[]; digits: number } {
  const namespaces = new Set<string>();
  const words = new Set<string>();
  let digits = 0;
  for (const key of entries.flatMap((e) => [e.code, ...e.aliases])) {
    const m = NAMESPACED.exec(key);
    if (!m) continue;
    namespaces.add(m[1]!.toLowerCase());
    if (/^\d+$/.test(m[2]!)) digits = Math.max(digits, m[2]!.length);
    else words.add(m[2]!.toLowerCase());
  }
  return { namespaces: [...namespaces], words: [...words], digits };
}

/**
 * Codes such as `auth:3`, `ACCOUNTS:103` or `accounts:critical-update-error` (colon required, or an
 * "Error code" label before them; the loose forms below in Spotify's context), and in text read
 * from an image the same with OCR's spaces and digit confusions. Only documented codes count; in
 * code-looking text only with an error context.
 */
export class NamespacedCodeRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly code: RegExp;
  private readonly labelled: RegExp;
  private readonly ocrCode: RegExp;
  /** "Error code: 3" without its namespace, or "error 103" without "code" (group 1 is "code" when it was typed). */
  private readonly bareNumber: RegExp;
  /** The numbers of codes that "error N" without "code" may stand for (see printedByOthers). */
  private readonly codelessNumbers = new Set<string>();
  private readonly byNumber = new Map<string, ErrorEntry[]>();
  /**
   * The forms people type next to an error or in Spotify's context: a space around the colon
   * (`accesspoint: 22`), a space for it (`accesspoint 22`, `error auth 3`), the colon lost (`auth73`),
   * a one-letter typo in the namespace (`acconts:408`).
   */
  private readonly loose: RegExp;
  private readonly namespaceWords: Vocabulary;

  constructor(
    entries: readonly ErrorEntry[],
    private readonly codes: CodeIndex,
  ) {
    const { namespaces, words, digits } = namespacedCodes(entries);
    // As many digits as the dataset's longest numbered code has, three at least (`session:103`).
    const digitsPattern = String.raw`\d{1,${Math.max(digits, 3)}}`;
    for (const entry of entries) {
      for (const key of [entry.code, ...entry.aliases]) {
        const number = /^[a-z][a-z0-9_-]*:(\d+)$/i.exec(key)?.[1];
        const list = number ? (this.byNumber.get(number) ?? []) : [];
        if (number && !list.includes(entry)) this.byNumber.set(number, [...list, entry]);
      }
    }
    for (const number of this.byNumber.keys()) if (number.length === 3 && !printedByOthers(Number(number))) this.codelessNumbers.add(number);
    const ns = alternation(namespaces);
    const suffix = [...(digits ? [digitsPattern] : []), ...words.map(escapeRegExp)].join('|');
    this.code = new RegExp(String.raw`(?<![\w/.-])(${ns}):(${suffix})(?![\w:/-])`, 'gi');
    this.bareNumber = new RegExp(String.raw`\berror\s{0,3}(code)?\s{0,3}[:#]?\s{0,3}(${digitsPattern})\b`, 'gi');
    // A namespace with a hyphen or a digit (`audio-out`) is no word the loose form's letters make: it is read as written.
    const unworded = namespaces.filter((n) => !/^[a-z_]+$/.test(n));
    const looseNs = [...(unworded.length ? [alternation(unworded)] : []), String.raw`[a-z][a-z_]{2,30}?`].join('|');
    this.loose = new RegExp(String.raw`(?<![\w/.-])(${looseNs})(\s?:\s?|[ \t]|(?=\d))(${digitsPattern})(?![\w:/-])`, 'gi');
    this.namespaceWords = new Vocabulary(namespaces);
    // Spaces are bounded everywhere here: runs of unbounded ones side by side cost polynomial time on long blank runs.
    this.labelled = new RegExp(String.raw`\berror\s{0,3}code\s{0,3}:?\s{0,3}(${ns})\s{0,3}[:\-_ ]\s{0,3}(${digitsPattern})\b`, 'gi');
    // OCR splits words and turns underscores into spaces; any space inside a namespace may appear.
    const ocrNs = namespaces
      .sort((a, b) => b.length - a.length)
      .map((n) => [...n].map((c) => (c === '_' ? '[_ ]?' : escapeRegExp(c))).join(String.raw`\s?`))
      .join('|');
    this.ocrCode = new RegExp(String.raw`(?<![\w/.-])(${ocrNs})\s{0,3}[:;.,]\s{0,3}([0-9OoIlSsBbZzAag|]{1,${Math.max(digits, 3)}})(?![\w:/-])`, 'gi');
    const firstWords = [...(digits ? [String.raw`\d`] : []), ...words.map((w) => escapeRegExp(w.split('-')[0]!))];
    this.prefilter = {
      standalone: [String.raw`(?:${ns})[:：](?:${firstWords.join('|')})`, String.raw`error\s{0,3}code\W{0,6}(?:${ns})`],
      // A bare number ("Error code: 3") reaches the rules only in Spotify's context.
      withContext: [
        ...(this.byNumber.size ? [String.raw`error\s{0,3}code\s{0,3}[:#]?\s{0,3}(?:${alternation([...this.byNumber.keys()])})\b`] : []),
        ...(this.codelessNumbers.size ? [String.raw`error\s{0,3}[:#]?\s{0,3}(?:${alternation([...this.codelessNumbers])})\b`] : []),
        // Loose forms (a space at the colon, the colon lost, a typo): the namespace's first two letters, then a number.
        String.raw`(?:${alternation(namespaces.map((n) => n.slice(0, 2)))})[a-z_]{0,28}\s?:?\s?\d`,
        ...(unworded.length ? [String.raw`(?:${alternation(unworded)})\s?:?\s?\d`] : []),
      ],
    };
  }

  find(text: ScanText, found: Findings): void {
    const { folded, hasError, spotifyContext } = text;
    const ocr = text.options.ocr;
    if (!folded.includes(':') && !hasError && !ocr && !spotifyContext) return;
    const errorContext = (hasError || spotifyContext) && ERROR_CONTEXT.test(folded);
    // In code blocks or code-looking text, `auth:1` may be someone's config: only with context.
    const codeLike = LOOKS_LIKE_CODE.test(folded) || folded.includes('`');
    const codeText = codeLike && !errorContext ? folded.replace(FENCED, ' ') : folded;
    if (codeLike && !errorContext && LOOKS_LIKE_CODE.test(codeText)) return;
    for (const m of codeText.matchAll(this.code)) found.add(this.entry(m[1]!, m[2]!), 1);
    if (hasError) for (const m of codeText.matchAll(this.labelled)) found.add(this.entry(m[1]!, m[2]!), 1);
    if (ocr) for (const m of codeText.matchAll(this.ocrCode)) found.add(this.ocrEntry(m[1]!, m[2]!), 0.9);
    if (errorContext || spotifyContext) {
      for (const m of codeText.matchAll(this.loose)) {
        const [, word, separator, number] = m;
        if (separator === ':' && this.namespaceWords.has(word!.toLowerCase())) continue;
        // "my session: 3 hours", "accounts: 4 total": a spaced colon only where the number ends the phrase.
        if (/\s/.test(separator!) && !NUMBER_ENDS.test(codeText.slice(m.index + m[0].length, m.index + m[0].length + 3))) continue;
        // A space for the colon: the namespace as written, alone when no chat uses it ("accesspoint 22"),
        // else right after an error label ("error auth 3").
        const spaced = !separator!.includes(':') && separator !== '';
        if (spaced && !this.namespaceWords.has(word!.toLowerCase())) continue;
        if (spaced && word!.length < SPACED_NAMESPACE_ALONE && !ERROR_LABEL_BEFORE.test(codeText.slice(Math.max(0, m.index - 16), m.index))) continue;
        // A one-digit number ("auth2", "account:4") is too easily something else: only next to an error word.
        if (number!.length < 2) {
          const around = codeText.slice(Math.max(0, m.index - LOOSE_CONTEXT_CHARS), m.index + m[0].length + LOOSE_CONTEXT_CHARS);
          if (!ERROR_WORD.test(around)) continue;
        }
        found.add(this.looseEntry(word!, number!), 0.9);
      }
    }
    if (hasError && found.size === 0) this.findBareNumbers(text, codeText, found);
  }

  /**
   * "Error code: 3", namespace lost: a number any program could print, so only in Spotify's
   * context. One code ending in it names its entry; several are listed together (a message the text
   * also shows may narrow them: see displayed-messages.ts), each answer saying how to tell them apart.
   */
  private findBareNumbers(text: ScanText, codeText: string, found: Findings): void {
    const answered = new Set<string>();
    let examined = 0;
    for (const m of codeText.matchAll(this.bareNumber)) {
      if (examined++ >= MAX_BARE_NUMBERS) break;
      const [, code, number] = m;
      // A number repeated (a log printing it on every line) is answered once.
      if (answered.has(number!)) continue;
      // Without "code", a number that goes on ("127.0.0.1", "103.5", "408:") is something else.
      if (!code && (!this.codelessNumbers.has(number!) || GOES_ON.test(codeText.slice(m.index + m[0].length, m.index + m[0].length + 2)))) continue;
      const candidates = this.byNumber.get(number!);
      // On a line a program's exception or error class opens, or a stack frame, the number is that
      // program's own ("NativeSpotifyException: Failed SpPlayUri with error code 1" is the Android
      // SDK's): the client's codes lose their namespace only when people retype them.
      if (!candidates || THROWN.test(lineAt(codeText, m.index)) || !text.isSpotifys(m.index)) continue;
      // A number documented on its own (`Error code: 17`) is the generic-code rule's.
      if (candidates.some((e) => e.aliases.includes(number!))) continue;
      answered.add(number!);
      if (candidates.length === 1) found.add(candidates[0], 0.85);
      else found.ambiguous ??= { message: `error code ${number}`, number: number!, candidates };
    }
  }

  /** A documented code once a namespace with one letter wrong is read as the namespace it is one edit from. */
  private looseEntry(word: string, number: string): ErrorEntry | undefined {
    const namespace = word.toLowerCase();
    if (this.namespaceWords.has(namespace)) return this.entry(namespace, number);
    // Short namespaces have too many neighbours ("oauth2" is not auth:2).
    const near = namespace.length >= MIN_TYPO_NAMESPACE ? this.namespaceWords.oneEditAway(namespace) : [];
    return near.length === 1 && near[0]!.length >= MIN_TYPO_NAMESPACE ? this.entry(near[0]!, number) : undefined;
  }

  private entry(namespace: string, suffix: string): ErrorEntry | undefined {
    return this.codes.byKey(`${namespace}:${suffix}`);
  }

  /** Reads OCR'd digits (`7A` → `74`, `O` → `0`) and accepts only documented codes. */
  private ocrEntry(namespace: string, raw: string): ErrorEntry | undefined {
    const digits = [...raw].map((c) => OCR_DIGITS[c] ?? c).join('');
    // The index compares letters and digits only: `access point` and `desktop login accounts` match.
    return /^\d+$/.test(digits) ? this.entry(namespace, digits) : undefined;
  }
}
