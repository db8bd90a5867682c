import type { ErrorEntry } from '../data/schema.js';
import { compactKey, fold } from './text.js';

/** Leading words people paste before the code itself: "Error code:", "Spotify error", "code". */
const LEADING_NOISE = /^(?:\s*(?:spotify|error|err|code|codes|no\.?|#|:|-|\(|\[|"|'))+\s*/;

/**
 * Exact lookup of an entry by code or alias, forgiving about form: case, spacing, `-`/`_`/`：`
 * for `:`, a leading "Error code:", fullwidth characters, ranges (`accounts:54`), `Error code: 17`.
 */
export class CodeIndex {
  private readonly byKey = new Map<string, ErrorEntry>();

  constructor(entries: readonly ErrorEntry[]) {
    for (const entry of entries) {
      for (const key of [entry.code, ...entry.aliases]) {
        const compact = compactKey(key);
        if (compact && !this.byKey.has(compact)) this.byKey.set(compact, entry);
      }
    }
  }

  /** The entry whose code or alias is exactly what the text says, or undefined. */
  resolve(text: string): ErrorEntry | undefined {
    if (text.length > 200) return undefined;
    const full = compactKey(text);
    if (!full) return undefined;
    const direct = this.byKey.get(full);
    if (direct) return direct;
    const stripped = compactKey(fold(text).replace(LEADING_NOISE, '').replace(/[)\]"'.!]+$/, ''));
    if (!stripped) return undefined;
    return this.byKey.get(stripped) ?? (/^\d+$/.test(stripped) ? this.byKey.get(`error${stripped}`) : undefined);
  }

  /** Whether a compact key belongs to a documented code or alias. */
  hasKey(compact: string): boolean {
    return this.byKey.has(compact);
  }

  keys(): IterableIterator<[string, ErrorEntry]> {
    return this.byKey.entries();
  }
}
