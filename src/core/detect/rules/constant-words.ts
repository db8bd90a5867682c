import type { ErrorEntry } from '../../../data/schema.js';
import type { CodeIndex } from '../../codes.js';
import { phraseKey } from '../../text.js';
import { constantCodes } from './constant-codes.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** Words that mark a log line or an error report, without which a constant's words are just words. */
const ERROR_MARKER = /\b(?:error|exception|failed|fail|failure|code)\b|\b\w*error\b/;
const MIN_WORDS = 3;
/** A short first word of a constant is a prefix people's tools often drop ("EMEError: No supported keysystem"). */
const PREFIX_MAX_LENGTH = 4;

/**
 * Spotify's constant-style codes written out as words, as players and SDKs log them
 * ("[EMEError] No supported keysystem was found."): three words or more, in order, next to an
 * error marker, in Spotify's context. Built from the dataset's constants.
 */
export class ConstantWordsRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly sequences: Array<{ words: string; entry: ErrorEntry }> = [];

  constructor(entries: readonly ErrorEntry[], codes: CodeIndex, generic: ReadonlySet<string>) {
    for (const constant of constantCodes(entries, generic)) {
      const entry = codes.byKey(constant)!;
      const words = constant.split('_');
      const variants = [words, ...(words[0]!.length <= PREFIX_MAX_LENGTH ? [words.slice(1)] : [])];
      for (const variant of variants) {
        if (variant.length >= MIN_WORDS) this.sequences.push({ words: phraseKey(variant.join(' ')), entry });
      }
    }
    this.prefilter = { standalone: [], withContext: this.sequences.map((s) => s.words.replace(/ /g, String.raw`\W+`)) };
  }

  find(text: ScanText, found: Findings): void {
    if (!ERROR_MARKER.test(text.folded)) return;
    for (const { words, entry } of this.sequences) {
      if (found.has(entry)) continue;
      const at = text.phrase.indexOf(words);
      if (at >= 0 && text.isSpotifys(text.folded.indexOf(words.split(' ')[0]!))) found.add(entry, 0.85);
    }
  }
}
