import type { ErrorEntry } from '../../../data/schema.js';
import type { CodeIndex } from '../../codes.js';
import { alternation } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** One word with underscores: `EME_NO_SUPPORTED_KEYSYSTEM`, `PREMIUM_REQUIRED`, `max_subscriptions_reached`. */
const CONSTANT = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/i;

/** The dataset's constant-style codes and aliases, minus those any program could print (see generic-codes). */
export function constantCodes(entries: readonly ErrorEntry[], generic: ReadonlySet<string>): string[] {
  return entries
    .flatMap((e) => [e.code, ...e.aliases])
    .filter((key) => CONSTANT.test(key) && !generic.has(key.toLowerCase()))
    .map((key) => key.toLowerCase());
}

/** Spotify's own constant-style codes: specific enough to answer without any context. */
export class ConstantCodeRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly pattern: RegExp;

  constructor(
    entries: readonly ErrorEntry[],
    private readonly codes: CodeIndex,
    generic: ReadonlySet<string>,
  ) {
    const words = alternation(constantCodes(entries, generic));
    this.pattern = new RegExp(String.raw`\b(${words})\b`, 'gi');
    this.prefilter = { standalone: [words], withContext: [] };
  }

  find(text: ScanText, found: Findings): void {
    if (!text.folded.includes('_')) return;
    for (const m of text.folded.matchAll(this.pattern)) found.add(this.codes.byKey(m[1]!), 1);
  }
}
