import { escapeMarkdown } from '@discordjs/formatters';
import type { APIEmbed } from 'discord-api-types/v10';
import { ATTRIBUTION, platformLabel, type ErrorEntry } from '../data/index.js';
import { viewId } from './custom-ids.js';
import { entrySelectRow, type ActionRow } from './entry.js';
import { truncate } from './sanitize.js';

const APPENDED_CODE = /\(Error code:[^)]*\)/i;

/** The code Spotify adds after an entry's message ("(Error code: accounts:103)"), if it adds one. */
function appendedCode(entry: ErrorEntry): string | undefined {
  return entry.messages.map((m) => APPENDED_CODE.exec(m)?.[0]).find(Boolean);
}

/**
 * How to tell one entry of a group from the others: where it starts and the code Spotify adds beside
 * the message; for entries that share a code number, the message each shows. `platform`: the entry's,
 * where the group's entries are not all of one.
 */
function tellApart(entry: ErrorEntry, sharedBy: 'message' | 'number', platform?: string): string {
  const [first, second] = entry.chain;
  const starts = [first, second].filter(Boolean).map((n) => escapeMarkdown(n!.label)).join(' → ');
  const shown = appendedCode(entry);
  const code = shown ? ` · shown with “${escapeMarkdown(shown)}”` : '';
  const shows = sharedBy === 'number' ? `shows ${entry.messages.map((m) => `“${escapeMarkdown(truncate(m, 120))}”`).join(' or ')} · ` : '';
  return `**\`${entry.code}\`** — ${escapeMarkdown(entry.title)}\n-# ${platform ? `${platform} · ` : ''}${shows}starts at ${starts}${code}`;
}

/** What tells the entries apart, in words that fit them: only some messages carry a code. */
function tellApartLead(entries: readonly ErrorEntry[], sharedBy: 'message' | 'number'): string {
  if (sharedBy === 'number') return 'The message Spotify shows with the code, or the moment it appears, tells them apart.';
  return entries.some((e) => appendedCode(e))
    ? 'The code in brackets after the message, or the moment it appears, tells them apart.'
    : 'The moment it appears tells them apart.';
}

/**
 * Entries that show the same message, answered together: which ones, and how to tell them apart
 * (where each starts, the code Spotify adds beside it), with a menu to open one.
 */
export function renderGroupEmbed(entries: readonly ErrorEntry[], sharedBy: 'message' | 'number' = 'message'): APIEmbed {
  // Every answer says which platform its errors are of: the group's, once, or each entry's.
  const platforms = new Set(entries.map((e) => platformLabel(e.platforms)));
  const platform = platforms.size === 1 ? [...platforms][0] : undefined;
  const lines = entries.map((e) => tellApart(e, sharedBy, platform ? undefined : platformLabel(e.platforms))).join('\n');
  return {
    title: sharedBy === 'number' ? 'Several Spotify errors have this code number' : 'Several Spotify errors show this message',
    description: truncate(
      `${lines}\n\n${tellApartLead(entries, sharedBy)} ` + 'Pick one below to read it, or run `/spotify-error` with the code.',
      4096,
    ),
    color: 0xf08c00,
    footer: { text: platform ? `${platform} · ${ATTRIBUTION}` : ATTRIBUTION },
  };
}

export function groupSelectRow(entries: readonly ErrorEntry[]): ActionRow {
  return entrySelectRow(viewId.encode(null), 'Open one of these errors…', entries);
}
