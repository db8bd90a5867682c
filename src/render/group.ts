import { escapeMarkdown } from '@discordjs/formatters';
import type { APIEmbed } from 'discord-api-types/v10';
import { ATTRIBUTION, type ErrorEntry } from '../data/index.js';
import { viewId } from './custom-ids.js';
import { entrySelectRow, type ActionRow } from './entry.js';
import { truncate } from './sanitize.js';

const APPENDED_CODE = /\(Error code:[^)]*\)/i;

/** How to tell one entry of a shared message from the others: where it starts, and the code Spotify adds. */
function tellApart(entry: ErrorEntry): string {
  const [first, second] = entry.chain;
  const starts = [first, second].filter(Boolean).map((n) => escapeMarkdown(n!.label)).join(' → ');
  const shown = entry.messages.map((m) => APPENDED_CODE.exec(m)?.[0]).find(Boolean);
  const code = shown ? ` · shown with “${escapeMarkdown(shown)}”` : '';
  return `**\`${entry.code}\`** — ${escapeMarkdown(entry.title)}\n-# starts at ${starts}${code}`;
}

/**
 * Entries that show the same message, answered together: which ones, and how to tell them apart
 * (where each starts, the code Spotify adds beside it), with a menu to open one.
 */
export function renderGroupEmbed(entries: readonly ErrorEntry[], sharedBy: 'message' | 'number' = 'message'): APIEmbed {
  const lines = entries.map(tellApart).join('\n');
  return {
    title: sharedBy === 'number' ? 'Several Spotify errors have this code number' : 'Several Spotify errors show this message',
    description: truncate(
      `${lines}\n\nThe code in brackets after the message, or the moment it appears, tells them apart. ` +
        'Pick one below to read it, or run `/spotify-error` with the code.',
      4096,
    ),
    color: 0xf08c00,
    footer: { text: ATTRIBUTION },
  };
}

export function groupSelectRow(entries: readonly ErrorEntry[]): ActionRow {
  return entrySelectRow(viewId.encode(null), 'Open one of these errors…', entries);
}
