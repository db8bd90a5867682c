import type { ErrorEntry } from '../data/schema.js';
import { phraseKey, withoutErrorCode } from './text.js';

/** The first sentence of a displayed message, without the "(Error code: …)" the client appends. */
export function headline(message: string): string {
  return phraseKey(firstSentence(message));
}

/** A displayed message's first sentence as Spotify writes it, without the "(Error code: …)" the client appends. */
function firstSentence(message: string): string {
  const withoutCode = withoutErrorCode(message);
  return /^.*?[.!?](?=\s|$)/.exec(withoutCode)?.[0] ?? withoutCode;
}

/** The first sentence every one of these entries shows ("A firewall may be blocking Spotify."), as Spotify writes it. */
export function sharedHeadline(entries: readonly ErrorEntry[]): string | undefined {
  const [first, ...others] = entries;
  const shared = first?.messages.find((m) => others.every((e) => e.messages.some((o) => headline(o) === headline(m))));
  return shared === undefined ? undefined : firstSentence(shared);
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
