import { DiscordAPIError, RESTJSONErrorCodes, type GuildTextBasedChannel, type Message, type PermissionsString } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import type { MessagePayload } from '../render/entry.js';
import { canEmbed, missingToPost, permissionNames } from './permissions.js';
import { mentionsFor, withoutEmbeds } from './respond.js';

const PERMISSION_WARNING_MS = 60 * 60_000;
/** A reply that must go, while Discord fails to delete it: tried again after each of these waits, then left (and logged). */
const DELETE_RETRY_MS = [5_000, 30_000, 120_000];
/** Replies waiting for another try at once; past it, one more is left at once (and logged). */
const MAX_DELETE_RETRIES = 1000;

/**
 * `refused`: Discord answered no (the reply is gone, or may no longer be edited), and would again.
 * `failing`: Discord did not answer (a 5xx after retries, a lost connection), so a later edit may work.
 */
export type EditResult = 'edited' | 'refused' | 'failing';

/** As `EditResult`; a message already gone counts as deleted. */
export type DeleteResult = 'deleted' | 'refused' | 'failing';

/**
 * `denied`: the bot may not post there (what it lacks in `missing`, when known before sending).
 * `failing`: Discord did not answer (a 5xx after retries, a lost connection, a timeout), so trying again may work.
 */
export type PostResult = { ok: true; message: Message } | { ok: false; missing: PermissionsString[]; denied?: boolean; failing?: boolean };

/**
 * The one way the bot posts, edits and deletes its own messages in a channel (replies to members'
 * messages): permissions checked first, plain text where it may not embed, nobody pinged but the
 * members named, and a refusal logged once an hour per channel instead of failing.
 */
export class ChannelPoster {
  private readonly warnedChannels = new LRUCache<string, true>({ max: 1000, ttl: PERMISSION_WARNING_MS });
  /** Replies whose deletion Discord failed, waiting to be tried again. */
  /** Replies waiting for another try at deleting them, with their channel. */
  private readonly deleteRetries = new Map<string, string>();

  constructor(
    private readonly logger: Logger,
    /** Warnings moderators should see too (the moderators' log). */
    private readonly onWarning?: (warning: { guildId: string; cause: string; text: string }) => void,
  ) {}

  async reply(
    channel: GuildTextBasedChannel,
    replyToId: string,
    payload: MessagePayload,
    mentionUserIds: readonly string[] = [],
  ): Promise<PostResult> {
    const missing = missingToPost(channel);
    if (missing.length) {
      this.warnOnce(permissionsHolder(channel, missing), `cannot answer here: the bot lacks ${permissionNames(missing)}`);
      return { ok: false, missing, denied: true };
    }
    const body = canEmbed(channel) ? payload : withoutEmbeds(payload);
    try {
      const message = await channel.send({
        ...body,
        reply: { messageReference: replyToId, failIfNotExists: false },
        allowedMentions: mentionsFor(mentionUserIds),
      });
      return { ok: true, message };
    } catch (error) {
      if (isMissingPermissions(error)) {
        this.warnOnce(channel, 'Discord refused the reply: missing permissions in this channel');
        return { ok: false, missing: [], denied: true };
      }
      this.logger.error({ err: error, channel: channel.id }, 'reply failed');
      return { ok: false, missing: [], failing: !(error instanceof DiscordAPIError) };
    }
  }

  /** Replaces one of the bot's messages. */
  async edit(channel: GuildTextBasedChannel, messageId: string, payload: MessagePayload): Promise<EditResult> {
    const body = canEmbed(channel) ? payload : withoutEmbeds(payload);
    try {
      await channel.messages.edit(messageId, { ...body, content: body.content ?? null, allowedMentions: mentionsFor() });
      return 'edited';
    } catch (error) {
      this.logger.warn({ err: error, channel: channel.id }, 'could not update a reply');
      return error instanceof DiscordAPIError ? 'refused' : 'failing';
    }
  }

  /** Deletes one of the bot's messages; one already gone is fine. */
  async delete(channel: GuildTextBasedChannel, messageId: string): Promise<DeleteResult> {
    try {
      await channel.messages.delete(messageId);
      return 'deleted';
    } catch (error) {
      if ((error as { code?: number }).code === RESTJSONErrorCodes.UnknownMessage) return 'deleted';
      this.logger.warn({ err: error, channel: channel.id }, 'could not delete a reply');
      return error instanceof DiscordAPIError ? 'refused' : 'failing';
    }
  }

  /**
   * Deletes a reply that nothing follows any more (its source deleted, or no longer showing the
   * error). While Discord fails, it is tried again a few times in the background, with backoff:
   * no later event would bring it up again.
   */
  async remove(channel: GuildTextBasedChannel, messageId: string): Promise<DeleteResult> {
    const result = await this.delete(channel, messageId);
    if (result === 'failing') this.retryDelete(channel, messageId);
    return result;
  }

  private retryDelete(channel: GuildTextBasedChannel, messageId: string): void {
    if (this.deleteRetries.has(messageId)) return;
    if (this.deleteRetries.size >= MAX_DELETE_RETRIES) return this.leftBehind(channel, messageId);
    this.deleteRetries.set(messageId, channel.id);
    void (async () => {
      for (const waitMs of DELETE_RETRY_MS) {
        // Unreferenced: a retry waiting never keeps the process from exiting.
        await new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
        // Stopped meanwhile (shutdown): said so then, and tried no more.
        if (!this.deleteRetries.has(messageId)) return;
        if ((await this.delete(channel, messageId)) !== 'failing') {
          this.deleteRetries.delete(messageId);
          return;
        }
      }
      this.deleteRetries.delete(messageId);
      this.leftBehind(channel, messageId);
    })();
  }

  /**
   * At shutdown: the replies still waiting for another try at deleting them are left, in one line
   * naming them (a moderator can delete them), rather than dropped without a word.
   */
  stop(): void {
    if (!this.deleteRetries.size) return;
    const replies = [...this.deleteRetries].map(([reply, channel]) => ({ channel, reply }));
    this.deleteRetries.clear();
    this.logger.warn({ replies }, 'replies left behind at shutdown: Discord was failing to delete them (a moderator can delete them)');
  }

  private leftBehind(channel: GuildTextBasedChannel, messageId: string): void {
    this.logger.warn({ channel: channel.id, reply: messageId }, 'a reply was left behind: Discord kept failing to delete it (a moderator can delete it)');
  }

  private warnOnce(channel: { id: string; guildId: string }, message: string): void {
    if (this.warnedChannels.has(channel.id)) return;
    this.warnedChannels.set(channel.id, true);
    this.logger.warn({ channel: channel.id }, message);
    this.onWarning?.({ guildId: channel.guildId, cause: `post:${channel.id}`, text: `In <#${channel.id}>: ${message}.` });
  }
}

/**
 * Where the missing permissions are set: a thread's are its parent's (one warning for a whole forum or
 * channel, not one per post), except the lock, which is the thread's own.
 */
function permissionsHolder(channel: GuildTextBasedChannel, missing: readonly PermissionsString[]): { id: string; guildId: string } {
  const parentId = channel.isThread() ? channel.parentId : null;
  if (!parentId || missing.every((p) => p === 'ManageThreads')) return channel;
  return { id: parentId, guildId: channel.guildId };
}

function isMissingPermissions(error: unknown): boolean {
  const code = (error as { code?: number }).code;
  return code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess;
}
