import { channelMention, userMention } from '@discordjs/formatters';
import { safeEcho, truncate } from './sanitize.js';

/** A message's content holds 2,000 characters. */
const LINE_LIMIT = 2000;

/** What the moderators' log records: one compact line each, naming people without pinging them. */
export type ModLogEvent =
  /** `formerLogChannelId`: the log channel before this change, when it changed (the line is posted there too). */
  | { kind: 'settings'; guildId: string; by: string; changes: readonly string[]; formerLogChannelId?: string }
  | { kind: 'phrase-added' | 'phrase-removed'; guildId: string; by: string; phrase: string; code: string }
  | { kind: 'fix-sent'; guildId: string; by: string; forUser: string; code: string; channelId: string; messageId: string }
  | { kind: 'dismissed'; guildId: string; by: string; channelId: string }
  | { kind: 'forum-solved'; guildId: string; by: string; threadId: string; solvedBy: 'owner' | 'helper' }
  | { kind: 'forum-closed'; guildId: string; threadId: string; answered: boolean }
  /** Something the bot would otherwise only log; `cause` keys the once-an-hour limit. */
  | { kind: 'warning'; guildId: string; cause: string; text: string };

export function modLogLine(event: ModLogEvent): string {
  return truncate(lineOf(event), LINE_LIMIT);
}

function lineOf(event: ModLogEvent): string {
  switch (event.kind) {
    case 'settings':
      return `⚙️ ${userMention(event.by)} changed settings: ${event.changes.join('; ')}`;
    case 'phrase-added':
      return `📝 ${userMention(event.by)} added the phrase “${safeEcho(event.phrase)}” → \`${event.code}\``;
    case 'phrase-removed':
      return `📝 ${userMention(event.by)} removed the phrase “${safeEcho(event.phrase)}” → \`${event.code}\``;
    case 'fix-sent':
      return (
        `🛠️ ${userMention(event.by)} sent \`${event.code}\` to ${userMention(event.forUser)}: ` +
        `https://discord.com/channels/${event.guildId}/${event.channelId}/${event.messageId}`
      );
    case 'dismissed':
      return `🗑️ ${userMention(event.by)} dismissed an answer of the bot in ${channelMention(event.channelId)}`;
    case 'forum-solved':
      return `✅ ${userMention(event.by)} marked ${channelMention(event.threadId)} solved (${event.solvedBy === 'owner' ? 'its owner' : 'a helper'})`;
    case 'forum-closed':
      return `🔒 ${channelMention(event.threadId)} was closed after going quiet (${event.answered ? 'answered' : 'never answered'})`;
    case 'warning':
      return `⚠️ ${event.text}`;
  }
}
