import type { ErrorEntry } from '../data/schema.js';
import { phraseKey, withoutErrorCode } from './text.js';

/** The first sentence of a displayed message, without the "(Error code: …)" the client appends. */
export function headline(message: string): string {
  const withoutCode = withoutErrorCode(message);
  const firstSentence = /^.*?[.!?](?=\s|$)/.exec(withoutCode)?.[0] ?? withoutCode;
  return phraseKey(firstSentence);
}

/**
 * For each entry, the other entries whose displayed message starts the same way (seven entries
 * show "A firewall may be blocking Spotify"), in dataset order.
 */
export function buildRelatedMap(entries: readonly ErrorEntry[]): Map<string, ErrorEntry[]> {
  const byHeadline = new Map<string, ErrorEntry[]>();
  for (const entry of entries) {
    for (const key of new Set(entry.messages.map(headline))) {
      if (!key) continue;
      const group = byHeadline.get(key) ?? [];
      group.push(entry);
      byHeadline.set(key, group);
    }
  }
  const related = new Map<string, ErrorEntry[]>();
  for (const entry of entries) {
    const others = new Set<ErrorEntry>();
    for (const message of entry.messages) {
      for (const other of byHeadline.get(headline(message)) ?? []) if (other !== entry) others.add(other);
    }
    related.set(entry.code, [...others]);
  }
  return related;
}
