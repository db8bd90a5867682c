/** Help-forum posts as Discord and the database hold them: threads that may be gone, and bookkeeping that may not be written. */
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, SnowflakeUtil, type AnyThreadChannel, type Client, type GuildTextBasedChannel, type Message } from 'discord.js';
import type { FirstReply, ForumPost } from '../../forums/posts.js';
import type { Logger } from '../../logger.js';
import { dismissId, solvedId, splitId, viewId, voteId, votesId } from '../../render/custom-ids.js';
import { helpForumOf, type GuildSettings, type HelpForum } from '../../settings/schema.js';
import { StorageUnavailableError } from '../../storage/errors.js';
import { scopeIds } from '../message-input.js';

/** Discord's codes for a channel that was deleted (Unknown Channel) or that the bot can no longer see (Missing Access). */
const GONE_CODES: ReadonlySet<unknown> = new Set([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.MissingAccess]);
const isGone = (err: unknown) => err instanceof DiscordAPIError && GONE_CODES.has(err.code);
/** A message deleted, or its channel gone or out of the bot's sight. */
export const isGoneMessage = (err: unknown) => isGone(err) || (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMessage);

/** The help post a channel is, with its forum's settings, or undefined. */
export function helpPostOf(channel: GuildTextBasedChannel, settings: GuildSettings): { thread: AnyThreadChannel; forum: HelpForum } | undefined {
  if (!channel.isThread() || channel.parent?.type !== ChannelType.GuildForum) return undefined;
  const forum = helpForumOf(settings, scopeIds(channel));
  return forum ? { thread: channel, forum } : undefined;
}

/** Whether a message is a member's opening message of a new post (it has the post's ID). */
export function opensPost(message: Message, thread: AnyThreadChannel, fromMember: boolean): boolean {
  return message.id === thread.id && fromMember;
}

/** A post's thread: null when deleted or out of the bot's sight, undefined when Discord does not answer. */
export async function threadOf(client: Client, threadId: string): Promise<AnyThreadChannel | null | undefined> {
  const channel = client.channels.cache.get(threadId) ?? (await client.channels.fetch(threadId).catch((err: unknown) => (isGone(err) ? null : undefined)));
  if (channel === undefined) return undefined;
  return channel?.isThread() ? channel : null;
}

/** When a post opened, as Discord says (its ID tells where Discord leaves that out), and no later than `now`. */
export function openedAt(thread: AnyThreadChannel, now: number): number {
  return Math.min(thread.createdTimestamp ?? SnowflakeUtil.timestampFrom(thread.id), now);
}

/** When the last message in a post came (its opening, when Discord does not say), and no later than `now`. */
export function lastMessageAt(thread: AnyThreadChannel, now: number): number {
  return Math.min(thread.lastMessageId ? SnowflakeUtil.timestampFrom(thread.lastMessageId) : openedAt(thread, now), now);
}

/**
 * Whether the bot replied to a post's opening message: a reply Discord said it failed may have gone out all the
 * same (the connection lost after it). Undefined when Discord does not answer; a refusal tells nothing.
 */
export async function repliedTo(thread: AnyThreadChannel, botId: string | undefined): Promise<boolean | undefined> {
  const reply = await replyTo(thread, botId);
  return reply === undefined ? undefined : reply !== null;
}

/**
 * The bot's reply to a post's opening message (`repliedTo`): null when there is none, or Discord refuses to say. Its
 * first reply (the one with Mark solved) before a helper's fix (Send Spotify fix), which replies to that message too.
 */
export async function replyTo(thread: AnyThreadChannel, botId: string | undefined): Promise<Message | null | undefined> {
  try {
    const first = await thread.messages.fetch({ after: thread.id, limit: 100 });
    const replies = first.filter((m) => m.author.id === botId && m.reference?.messageId === thread.id);
    return replies.find(hasMarkSolved) ?? replies.first() ?? null;
  } catch (err) {
    return err instanceof DiscordAPIError ? null : undefined;
  }
}

/** Whether a message of the bot's carries Mark solved: a post's first reply does, a helper's fix does not. */
function hasMarkSolved(message: Message): boolean {
  return message.components.some((row) => 'components' in row && row.components.some((c) => 'customId' in c && typeof c.customId === 'string' && splitId(c.customId).prefix === solvedId.prefix));
}

/**
 * What a first reply of the bot's read back from its post shows, as `recordWelcome` keeps it: an answer (its Dismiss
 * button) names its errors on its feedback buttons, or, a message several share, in its menu; the greeting names none.
 * What it counted in the stats is not known. Undefined for a reply that is not the post's first (no Mark solved
 * button): a helper's fix (Send Spotify fix), which edits of the opening message leave as sent.
 */
export function firstReplyShown(
  message: Message,
  codeOfKey: (key: string) => string | undefined,
): { how: { answerCode: string } | { onboarded: true }; reply: FirstReply } | undefined {
  let first = false;
  let answer = false;
  let voted: string[] | undefined;
  let listed: string[] = [];
  for (const row of message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if (!('customId' in component) || typeof component.customId !== 'string') continue;
      const { prefix, parts } = splitId(component.customId);
      if (prefix === solvedId.prefix) first = true;
      else if (prefix === dismissId.prefix) answer = true;
      else if (prefix === voteId.prefix) voted ??= [voteId.decode(parts)?.code ?? ''];
      else if (prefix === votesId.prefix) voted ??= (votesId.decode(parts)?.keys ?? []).map((key) => codeOfKey(key) ?? '');
      else if (prefix === viewId.prefix && 'options' in component && Array.isArray(component.options)) listed = component.options.map((o: { value: string }) => o.value);
    }
  }
  if (!first) return undefined;
  if (!answer) return { how: { onboarded: true }, reply: { replyId: message.id, codes: [], greeting: true } };
  const codes = (voted ?? listed).filter((code) => code !== '');
  return { how: { answerCode: voted ? (codes[0] ?? '') : '' }, reply: { replyId: message.id, codes, greeting: false } };
}

/**
 * The entry a message of the bot's answers with: it offers Helped / Didn't help on it ('' for several, a shared
 * message's list); undefined for anything else (a greeting, a menu, a closing line). `codeOfKey`: the code a
 * button names by key (one whose code is too long for a custom ID).
 */
export function answeredWith(message: Message, codeOfKey: (key: string) => string | undefined): string | undefined {
  for (const row of message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if (!('customId' in component) || typeof component.customId !== 'string') continue;
      const { prefix, parts } = splitId(component.customId);
      if (prefix === voteId.prefix) return voteId.decode(parts)?.code;
      if (prefix === votesId.prefix) {
        const keys = votesId.decode(parts)?.keys ?? [];
        return (keys.length === 1 && codeOfKey(keys[0]!)) || '';
      }
    }
  }
  return undefined;
}

/**
 * Whether a message in a post answers it: a member's but its owner's, a webhook's (a bridge may carry a helper's
 * answer), or the bot's with an entry (not a greeting, a menu or a closing line); never another bot's ("thanks for
 * posting, a helper will be with you"), nor Discord's notice of what someone did there (a moderator renaming the post
 * or pinning a message in it, a poll's result). Another app's reply to a command is its runner's.
 */
export function answersPost(message: Message, ownerId: string, botId: string | undefined): boolean {
  if (message.system) return false;
  if (message.author.id === botId) return answeredWith(message, () => undefined) !== undefined;
  // Another app's reply to a command comes as its webhook's: it is the message of whoever ran the command.
  const ranBy = message.interactionMetadata?.user.id;
  if (ranBy !== undefined) return ranBy !== ownerId;
  if (message.author.bot && !message.webhookId) return false;
  return message.author.id !== ownerId;
}

/**
 * Whether a post's last 100 messages answer it (`answersPost`): a post followed without its history (opened while
 * the bot was away) may have been answered all the same. Undefined when Discord does not say.
 */
export async function answeredInThread(thread: AnyThreadChannel, ownerId: string): Promise<boolean | undefined> {
  try {
    const recent = await thread.messages.fetch({ limit: 100 });
    return recent.some((message) => message.id !== thread.id && answersPost(message, ownerId, thread.client.user?.id));
  } catch {
    return undefined;
  }
}

/** Runs a write of the posts' bookkeeping; a database that does not answer is logged (false), never thrown. */
export async function bookkeep(logger: Logger, what: string, threadId: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (err) {
    if (!(err instanceof StorageUnavailableError)) throw err;
    logger.warn({ thread: threadId, operation: err.operation }, `help forum: ${what} skipped, the database did not answer`);
    return false;
  }
}

/** A post the bot starts following without greeting it: opened while it was away, or before its forum was chosen. */
export function followed(thread: AnyThreadChannel, forum: HelpForum, ownerId: string, createdAt: number, lastActivityAt: number, answered: boolean): ForumPost {
  return {
    guildId: thread.guildId,
    threadId: thread.id,
    forumId: forum.forumId,
    ownerId,
    createdAt,
    lastActivityAt,
    answered,
    onboarded: false,
    state: 'open',
  };
}
