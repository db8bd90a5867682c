import type { ErrorEntry } from '../data/schema.js';
import { compactKey, fold } from './text.js';

/** Leading words people paste before the code itself: "Error code:", "Spotify error", "code". */
const LEADING_NOISE = /^(?:\s*(?:spotify|error|err|code|codes|no\.?|#|:|-|\(|\[|"|'))+\s*/;

/**
 * The one code index: an entry by its exact code, or by any code or alias written loosely (case,
 * spacing, `-`/`_`/`：` for `:`, a leading "Error code:", fullwidth characters, ranges such as
 * `accounts:54`, `Error code: 17`). Search, detection, autocomplete and the commands all use it.
 */
export class CodeIndex {
  private readonly exact = new Map<string, ErrorEntry>();
  private readonly keyed = new Map<string, ErrorEntry>();

  constructor(entries: readonly ErrorEntry[]) {
    for (const entry of entries) {
      this.exact.set(entry.code, entry);
      for (const key of [entry.code, ...entry.aliases]) {
        const compact = compactKey(key);
        if (compact && !this.keyed.has(compact)) this.keyed.set(compact, entry);
      }
    }
  }

  /** The entry whose code is exactly `code` (as stored in stats, phrases and custom IDs). */
  byCode(code: string): ErrorEntry | undefined {
    return this.exact.get(code);
  }

  /** The entry a code or alias names, compared on letters and digits only (`AUTH-3` is `auth:3`). */
  byKey(codeOrAlias: string): ErrorEntry | undefined {
    return this.keyed.get(compactKey(codeOrAlias));
  }

  /** The entry whose code or alias is exactly what the text says, give or take a leading "Error code:". */
  resolve(text: string): ErrorEntry | undefined {
    if (text.length > 200) return undefined;
    const full = compactKey(text);
    if (!full) return undefined;
    const direct = this.keyed.get(full);
    if (direct) return direct;
    const stripped = compactKey(fold(text).replace(LEADING_NOISE, '').replace(/[)\]"'.!]+$/, ''));
    if (!stripped) return undefined;
    return this.keyed.get(stripped) ?? (/^\d+$/.test(stripped) ? this.keyed.get(`error${stripped}`) : undefined);
  }
}
