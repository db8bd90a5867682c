import type { ErrorEntry } from '../../../data/schema.js';
import { ANY_DASH, fold } from '../../text.js';
import { escapeRegExp } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** A dotted or hyphenated identifier: `com.spotify.installer`, `connect.device-picker`, `fatal-error`. */
const IDENTIFIER = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)+$/;
/** What most names the rule reads have: a dot or a hyphen between letters (the others are added to the rule's first check whole). */
const IDENTIFIER_HINT = /[a-z][.-][a-z]/;
/** A code that is a name and a negative number: `com.spotify.installer -4`, `installer error -4` (text folded: any dash is "-"). */
const NUMBERED = /^(.+?) -(\d{1,2})$/;

export interface IdentifierCodes {
  /** Codes and aliases written as identifiers, or words with one (`offline device-limit-reached`), by their folded form. */
  names: Map<string, ErrorEntry>;
  /** Per name, the entries of its negative numbers (`com.spotify.installer` → "4" → com.spotify.installer −4). */
  numbered: Map<string, Map<string, ErrorEntry>>;
}

/** The dataset's codes of those two kinds (the namespaced `auth:3` and the constants `EME_…` are other rules'). */
export function identifierCodes(entries: readonly ErrorEntry[]): IdentifierCodes {
  const names = new Map<string, ErrorEntry>();
  const numbered = new Map<string, Map<string, ErrorEntry>>();
  for (const entry of entries) {
    for (const key of [entry.code, ...entry.aliases].map((k) => fold(k).trim())) {
      const number = NUMBERED.exec(key);
      if (number) {
        const byNumber = numbered.get(number[1]!) ?? new Map<string, ErrorEntry>();
        if (!byNumber.has(number[2]!)) byNumber.set(number[2]!, entry);
        numbered.set(number[1]!, byNumber);
        continue;
      }
      const parts = key.split(' ');
      if (parts.some((p) => IDENTIFIER.test(p)) && parts.every((p) => /^[a-z][a-z0-9.-]*$/.test(p)) && !names.has(key)) names.set(key, entry);
    }
  }
  return { names, numbered };
}

/**
 * The second edition's codes that are identifiers, as people type and logs print them: the macOS
 * installer's `com.spotify.installer -4` (also `(com.spotify.installer error -4.)` and
 * `Domain=com.spotify.installer Code=-4`, and a number it does not special-case as its generic
 * failure), `installer error -2`, and the client's `fatal-error`, `error.generic`,
 * `authorization-status`, `connect.device-picker`, `video-unsupported-key-system`. A name is a code
 * only with its number where it has numbers (`com.spotify.installer` alone is a process or a folder).
 * One naming Spotify answers alone; the others are words any program could print ("installer error
 * -1", "fatal-error", an i18n key): only where the text names Spotify, nearer than another program.
 */
export class IdentifierCodeRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly codes: IdentifierCodes;
  private readonly pattern: RegExp;
  /** The rule's first check: what every name has (`installer error -4`, `sync-12` are there as themselves). */
  private readonly hint: RegExp;

  constructor(entries: readonly ErrorEntry[]) {
    this.codes = identifierCodes(entries);
    const source = (name: string) => name.split(' ').map(escapeRegExp).join('[ \\t]{1,3}');
    const unhinted = [...this.codes.names.keys(), ...this.codes.numbered.keys()].filter((name) => !IDENTIFIER_HINT.test(name));
    this.hint = new RegExp([IDENTIFIER_HINT.source, ...unhinted.map(source)].join('|'));
    const all = [...new Set([...this.codes.names.keys(), ...this.codes.numbered.keys()])].sort((a, b) => b.length - a.length);
    // A name, then maybe "error", "code", "=" or ":", and a negative number (bounded spaces: linear
    // time); not inside a path, a longer identifier or a file name ("~/Library/…", "fatal-error.log").
    this.pattern = new RegExp(
      String.raw`(?<![\w.~/-])(${all.map(source).join('|')})(?:[ \t]{0,3}(?:error)?[ \t]{0,3}(?:code)?[ \t]{0,3}[:=]?[ \t]{0,3}-(\d{1,2}))?(?![\w/-]|\.\w)`,
      'g',
    );
    // A name with numbers passes the first pass only with a number after it ("installer" alone is
    // everyday chat); the ones that do not say Spotify need it in the text, as withContext asks. The
    // first pass meets the text unfolded: its minus may still be the reference's own "−" or an en dash.
    const first = (name: string) => (this.codes.numbered.has(name) ? `${source(name)}[^\\n]{1,16}${ANY_DASH}\\d` : source(name));
    const naming = all.filter((name) => name.includes('spotify'));
    this.prefilter = { standalone: naming.map(first), withContext: all.filter((name) => !naming.includes(name)).map(first) };
  }

  find(text: ScanText, found: Findings): void {
    // Every name has a dot or a hyphen inside it or is in the first check whole: most text that reaches the rules has neither.
    if (!this.hint.test(text.folded)) return;
    for (const m of text.folded.matchAll(this.pattern)) {
      const [, name, number] = m;
      const byNumber = this.codes.numbered.get(name!);
      // A name with numbers is a code only with one; a number it does not have is its generic entry, if any.
      const entry = byNumber ? (number === undefined ? undefined : (byNumber.get(number) ?? this.codes.names.get(name!))) : this.codes.names.get(name!);
      if (!entry) continue;
      if (name!.includes('spotify')) found.add(entry, 1);
      else if (text.named && text.isSpotifys(m.index)) found.add(entry, 0.9);
    }
  }
}
