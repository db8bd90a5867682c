import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { ErrorEntry } from '../data/index.js';
import { dismissId } from './custom-ids.js';
import { embedLength, feedbackButtons, LIMITS, referenceButton, renderEntryEmbed, type ActionRow, type MessagePayload } from './entry.js';
import { groupSelectRow, renderGroupEmbed } from './group.js';

export const MAX_AUTO_REPLY_ENTRIES = 3;

export interface AutoReplyOptions {
  /** The author of the message answered: they (and moderators) may dismiss the reply. */
  authorId: string;
  compact?: boolean;
  /** The error was read from a screenshot: say so, and quote the code read. */
  fromScreenshot?: boolean;
}

/** What a reply to a message shows: the errors found, or the entries that share the message found. */
export type AutoReplyContent = { entries: readonly ErrorEntry[] } | { shared: readonly ErrorEntry[]; sharedBy?: 'message' | 'number' };

function dismissButton(authorId: string): ActionRow['components'][number] {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Dismiss', custom_id: dismissId.encode({ authorId }) };
}

function buttonRow(authorId: string, feedbackCodes: readonly string[] = []): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      dismissButton(authorId),
      ...(feedbackCodes.length ? feedbackButtons(feedbackCodes) : []),
      referenceButton(),
    ],
  };
}

/** The answer to a message that shows Spotify errors (at least one entry, or a shared message). */
export function renderAutoReply(content: AutoReplyContent, options: AutoReplyOptions): MessagePayload {
  if ('shared' in content) {
    return {
      content: options.fromScreenshot ? 'From your screenshot:' : undefined,
      embeds: [renderGroupEmbed(content.shared, content.sharedBy)],
      components: [groupSelectRow(content.shared), buttonRow(options.authorId)],
    };
  }
  const { entries } = content;
  const shown = entries.slice(0, MAX_AUTO_REPLY_ENTRIES);
  const notes: string[] = [];
  if (options.fromScreenshot) notes.push(`Read from your screenshot: ${shown.map((e) => `\`${e.code}\``).join(', ')}.`);
  if (entries.length > shown.length) {
    notes.push(moreErrorsNote(entries.length - shown.length));
  }
  const embedsOf = (shortNote: boolean) => shown.map((e) => renderEntryEmbed(e, { compact: options.compact ?? true, shortNote }));
  let embeds = embedsOf(false);
  // Several full entries share a message's 6,000 characters: their notes' long code examples give way first.
  if (embeds.reduce((n, e) => n + embedLength(e), 0) > LIMITS.total) embeds = embedsOf(true);
  return {
    content: notes.length ? notes.join('\n') : undefined,
    embeds,
    components: [buttonRow(options.authorId, shown.map((e) => e.code))],
  };
}

/** The line under an automatic reply whose message shows more errors than it answers. */
export function moreErrorsNote(more: number): string {
  return `${more} more error(s) in your message: look them up with \`/spotify-error\`.`;
}

/** Any other public answer to a member's message (an @mention's search result, menu or miss): a Dismiss of its own, in a row below. */
export function withDismiss(payload: MessagePayload, authorId: string): MessagePayload {
  return { ...payload, components: [...(payload.components ?? []), { type: ComponentType.ActionRow, components: [dismissButton(authorId)] }] };
}
