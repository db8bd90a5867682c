import {
  MessageType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type GuildTextBasedChannel,
  type Message,
  type PartialMessage,
} from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Detection } from '../core/detect.js';
import type { ExtraPhrase } from '../core/search.js';
import { ReplyState, type TrackedReply } from '../core/reply-state.js';
import { readableAttachments } from '../images/image-check.js';
import { detectInScreenshots, ScreenshotReader, type ScreenshotDetection, type ScreenshotReading } from '../images/screenshot-reader.js';
import type { ErrorEntry } from '../data/index.js';
import { renderAutoReply } from '../render/auto-reply.js';
import { renderEntry, type MessagePayload } from '../render/entry.js';
import { autoRepliesEnabledIn, type GuildSettings } from '../settings/types.js';
import { noMatchText } from '../commands/spotify-error.js';
import { unreadableText } from '../render/screenshot.js';
import { entrySelectRow } from '../render/entry.js';
import { CUSTOM_ID } from '../render/custom-ids.js';
import { safeEcho } from '../render/sanitize.js';
import type { BotContext } from './context.js';
import { mentionsFor, withoutEmbeds } from './respond.js';

/** Members may @mention the bot at most this often. */
const MENTION_COOLDOWN_SECONDS = 5;
const PERMISSION_WARNING_MS = 60 * 60_000;
const ANSWERED_TYPES = new Set([MessageType.Default, MessageType.Reply]);
/** Images one member may have read unasked per minute, so one person posting memes cannot fill the queue. */
const IMAGES_PER_MEMBER_PER_MINUTE = 8;

type AnyMessage = Message | PartialMessage;

/** The IDs that scope a channel's settings: itself, its parent, and its parent's parent. */
export function scopeIds(channel: GuildTextBasedChannel): string[] {
  const ids = [channel.id];
  if (channel.parentId) ids.push(channel.parentId);
  const grandparent = channel.parent?.parentId;
  if (grandparent) ids.push(grandparent);
  return ids;
}

/**
 * Answers pasted Spotify errors without being asked, and @mentions anywhere. Careful by design:
 * scoped to enabled channels, cooldowns per channel and per member, permissions checked first,
 * and replies that follow their source's edits and deletion.
 */
export class AutoReplies {
  readonly state = new ReplyState();
  private readonly warnedChannels = new LRUCache<string, true>({ max: 1000, ttl: PERMISSION_WARNING_MS });
  /** Images read per member in the current minute (the count's lifetime starts with its first image). */
  private readonly imagesRead = new LRUCache<string, number>({ max: 10_000, ttl: 60_000, noUpdateTTL: true });
  /** Replies being sent, by source message: an edit or delete of the source waits for them. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: BotContext) {}

  async onMessage(message: Message): Promise<void> {
    if (!message.inGuild() || !this.isAnswerable(message)) return;
    if (this.mentionsBot(message)) return this.answerMention(message);
    const settings = await this.ctx.guildData.get(message.guildId);
    if (!autoRepliesEnabledIn(settings, scopeIds(message.channel))) return;
    // Tracked from the start: an edit or delete arriving while a screenshot is read waits for the answer.
    const done = this.answer(message, settings).finally(() => this.inFlight.delete(message.id));
    this.inFlight.set(message.id, done);
    await done;
  }

  private async answer(message: Message<true>, settings: GuildSettings): Promise<void> {
    const userKey = `user:${message.guildId}:${message.author.id}`;
    let detection = await this.detect(message.content, message.guildId, settings);
    let screenshot: ScreenshotReading | undefined;
    // Images are read only when the text shows no error at all.
    if (detection.matches.length === 0 && !detection.ambiguous && this.readsScreenshots(message, settings)) {
      if (this.state.onCooldown(userKey)) return;
      ({ detection, reading: screenshot } = await this.readScreenshots(message, settings));
    }
    const fresh = this.freshEntries(detection, message.channelId);
    if (!fresh) return;
    if (this.state.onCooldown(userKey)) {
      this.ctx.logger.debug({ channel: message.channelId }, 'auto-reply skipped: member cooldown');
      return;
    }
    const payload = renderAutoReply(detection, fresh.entries, {
      authorId: message.author.id,
      compact: settings.compact,
      fromScreenshot: screenshot !== undefined,
    });
    if (!payload) return;
    // Reserved before sending, so a burst of messages cannot slip in while the reply is in flight.
    this.state.startCooldown(userKey, settings.userCooldownSeconds);
    for (const key of fresh.keys) this.state.startCooldown(key, settings.channelCooldownSeconds);
    const sent = await this.reply(message, payload);
    if (!sent) {
      for (const key of [userKey, ...fresh.keys]) this.state.endCooldown(key);
      return;
    }
    this.state.track(message.id, {
      replyId: sent.id,
      channelId: message.channelId,
      authorId: message.author.id,
      codes: fresh.codes,
      fromScreenshot: screenshot !== undefined,
    });
    this.ctx.counters.autoReplies += 1;
    this.ctx.logger.info({ guild: message.guildId, codes: fresh.codes, screenshot: screenshot !== undefined }, 'auto-reply sent');
    for (const entry of fresh.entries) this.ctx.stats.lookup(message.guildId, entry.code, screenshot ? 'screenshot' : 'auto');
  }

  private readsScreenshots(message: Message<true>, settings: GuildSettings): boolean {
    return (
      settings.screenshots &&
      this.ctx.screenshots !== undefined &&
      ScreenshotReader.hasReadable(message.attachments.values())
    );
  }

  private async readScreenshots(message: Message<true>, settings: GuildSettings): Promise<ScreenshotDetection> {
    const key = `${message.guildId}:${message.author.id}`;
    const used = this.imagesRead.get(key) ?? 0;
    const images = readableAttachments(message.attachments.values()).slice(0, IMAGES_PER_MEMBER_PER_MINUTE - used);
    if (images.length === 0) {
      this.ctx.logger.debug({ channel: message.channelId }, 'screenshots skipped: member image limit');
      return { detection: { matches: [] } };
    }
    this.imagesRead.set(key, used + images.length);
    const readings = await this.ctx.screenshots!.readAll(images);
    const phrases = await this.ctx.guildData.phrases(message.guildId);
    const found = detectInScreenshots(this.ctx.lookup.detector, readings, { phrases, symptomMode: settings.symptomMode });
    this.ctx.logger.debug(
      { channel: message.channelId, images: readings.map((r) => ({ status: r.status, ms: r.ms })), found: !!found.reading },
      'screenshots read',
    );
    return found;
  }

  /** The reply follows an edit of its source: updated, or removed when the error is gone. */
  async onEdit(message: AnyMessage): Promise<void> {
    await this.inFlight.get(message.id);
    const tracked = this.state.replyTo(message.id);
    if (!tracked || !message.inGuild() || message.content == null) return;
    if (tracked.fromScreenshot) return this.followScreenshotEdit(message, tracked);
    const settings = await this.ctx.guildData.get(message.guildId);
    const detection = await this.detect(message.content, message.guildId, settings);
    const entries = detection.matches.map((m) => m.entry);
    const codes = entries.length ? entries.map((e) => e.code) : (detection.ambiguous?.candidates.map((e) => e.code) ?? []);
    if (codes.length === 0) {
      this.state.forget(message.id);
      await this.deleteReply(message.channel, tracked.replyId);
      return;
    }
    if (codes.join('|') === tracked.codes.join('|')) return;
    const payload = renderAutoReply(detection, entries, { authorId: tracked.authorId, compact: settings.compact });
    if (!payload) return;
    const body = this.canEmbed(message.channel) ? payload : withoutEmbeds(payload);
    try {
      await message.channel.messages.edit(tracked.replyId, { ...body, content: body.content ?? null, allowedMentions: mentionsFor() });
      this.state.track(message.id, { ...tracked, codes });
    } catch (error) {
      this.state.forget(message.id);
      this.ctx.logger.warn({ err: error, channel: message.channelId }, 'could not update an auto-reply');
    }
  }

  /** A reply read from an image goes when the images do; text edits leave it alone. */
  private async followScreenshotEdit(message: Message<true> | PartialMessage, tracked: TrackedReply): Promise<void> {
    if (message.partial || !message.inGuild() || ScreenshotReader.hasReadable(message.attachments.values())) return;
    this.state.forget(message.id);
    await this.deleteReply(message.channel, tracked.replyId);
  }

  async onDelete(message: AnyMessage): Promise<void> {
    await this.inFlight.get(message.id);
    this.state.forgetReply(message.id);
    const tracked = this.state.replyTo(message.id);
    if (!tracked || !message.inGuild()) return;
    this.state.forget(message.id);
    const settings = await this.ctx.guildData.get(message.guildId);
    if (settings.deleteWithSource) await this.deleteReply(message.channel, tracked.replyId);
  }

  private isAnswerable(message: Message): boolean {
    return (
      !message.author.bot &&
      !message.webhookId &&
      !message.system &&
      ANSWERED_TYPES.has(message.type) &&
      message.author.id !== message.client.user.id
    );
  }

  /** A real @mention of the bot in the text, not the ping of a reply to one of its messages. */
  private mentionsBot(message: Message): boolean {
    const id = message.client.user.id;
    return message.content.includes(`<@${id}>`) || message.content.includes(`<@!${id}>`);
  }

  private async detect(text: string, guildId: string, settings: GuildSettings): Promise<Detection> {
    const phrases = await this.ctx.guildData.phrases(guildId);
    return this.ctx.lookup.detector.detect(text, { phrases, symptomMode: settings.symptomMode });
  }

  /** Entries not answered in this channel recently, with their cooldown keys; undefined if none. */
  private freshEntries(detection: Detection, channelId: string) {
    if (detection.ambiguous && detection.matches.length === 0) {
      const key = `channel:${channelId}:list:${detection.ambiguous.message}`;
      if (this.state.onCooldown(key)) return undefined;
      return { entries: [] as ErrorEntry[], keys: [key], codes: detection.ambiguous.candidates.map((e) => e.code) };
    }
    const entries = detection.matches
      .map((m) => m.entry)
      .filter((e) => !this.state.onCooldown(`channel:${channelId}:${e.code}`));
    if (entries.length === 0) return undefined;
    return { entries, keys: entries.map((e) => `channel:${channelId}:${e.code}`), codes: entries.map((e) => e.code) };
  }

  private async answerMention(message: Message<true>): Promise<void> {
    const key = `mention:${message.author.id}`;
    if (this.state.onCooldown(key)) return;
    this.state.startCooldown(key, MENTION_COOLDOWN_SECONDS);
    const id = message.client.user.id;
    const question = message.content.replaceAll(`<@${id}>`, ' ').replaceAll(`<@!${id}>`, ' ').trim();
    const phrases = await this.ctx.guildData.phrases(message.guildId);
    const fromImage = await this.mentionScreenshotAnswer(question, message, phrases);
    if (fromImage) {
      await this.reply(message, fromImage);
      return;
    }
    let payload: MessagePayload;
    if (!question) {
      payload = {
        content: 'Paste the Spotify error after the mention, like `@me Error code: auth:73`, or use `/spotify-error`.',
        embeds: [],
        components: [],
      };
    } else {
      payload = this.mentionAnswer(question, message, phrases);
    }
    await this.reply(message, payload);
  }

  /**
   * "@bot" with a screenshot: the error it shows, unless the text already names one. With no text,
   * an image that shows no error gets the polite "could not read" answer; otherwise undefined.
   */
  private async mentionScreenshotAnswer(
    question: string,
    message: Message<true>,
    phrases: readonly ExtraPhrase[],
  ): Promise<MessagePayload | undefined> {
    if (!this.ctx.screenshots || !ScreenshotReader.hasReadable(message.attachments.values())) return undefined;
    if (question && this.ctx.lookup.detector.detect(question, { phrases }).matches.length) return undefined;
    const readings = await this.ctx.screenshots.readAll(message.attachments.values());
    const { detection } = detectInScreenshots(this.ctx.lookup.detector, readings, { phrases });
    const entries = detection.matches.map((m) => m.entry);
    const payload = renderAutoReply(detection, entries, { authorId: message.author.id, compact: false, fromScreenshot: true });
    if (payload) {
      for (const entry of entries) this.ctx.stats.lookup(message.guildId, entry.code, 'screenshot');
      return payload;
    }
    return question ? undefined : { content: unreadableText(readings[0]!), embeds: [], components: [] };
  }

  private mentionAnswer(question: string, message: Message<true>, phrases: readonly ExtraPhrase[]): MessagePayload {
    const detection = this.ctx.lookup.detector.detect(question, { phrases });
    const detected = detection.matches.map((m) => m.entry);
    if (detected.length) {
      for (const entry of detected) this.ctx.stats.lookup(message.guildId, entry.code, 'mention');
      return renderAutoReply(detection, detected, { authorId: message.author.id, compact: false })!;
    }
    const decision = this.ctx.lookup.answer(question, phrases);
    if (decision.kind === 'confident') {
      this.ctx.stats.lookup(message.guildId, decision.entry.code, 'mention');
      return renderEntry(decision.entry, { related: this.ctx.lookup.relatedTo(decision.entry) });
    }
    if (decision.kind === 'ambiguous') {
      return {
        content: `Several errors match “${safeEcho(question)}”. Pick one to read it:`,
        embeds: [],
        components: [entrySelectRow(CUSTOM_ID.view, 'Did you mean…', decision.candidates.map((c) => c.entry))],
      };
    }
    this.ctx.stats.miss(message.guildId, question);
    return { content: noMatchText(question), embeds: [], components: [] };
  }

  private canEmbed(channel: GuildTextBasedChannel): boolean {
    return channel.permissionsFor(channel.client.user)?.has(PermissionFlagsBits.EmbedLinks) ?? false;
  }

  /** Replies without pinging anyone, after checking the bot may; a refusal is logged once an hour per channel. */
  private async reply(message: Message<true>, payload: MessagePayload): Promise<Message | undefined> {
    const channel = message.channel;
    const permissions = channel.permissionsFor(message.client.user);
    const send = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    const needed = [PermissionFlagsBits.ViewChannel, send, PermissionFlagsBits.ReadMessageHistory];
    if (!permissions || !needed.every((p) => permissions.has(p))) {
      this.warnOnce(channel.id, 'cannot answer here: the bot needs View Channel, Send Messages and Read Message History');
      return undefined;
    }
    const body = permissions.has(PermissionFlagsBits.EmbedLinks) ? payload : withoutEmbeds(payload);
    try {
      return await message.reply({ ...body, allowedMentions: mentionsFor(), failIfNotExists: false });
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess) {
        this.warnOnce(channel.id, 'Discord refused the reply: missing permissions in this channel');
      } else {
        this.ctx.logger.error({ err: error, channel: channel.id }, 'auto-reply failed');
      }
      return undefined;
    }
  }

  private async deleteReply(channel: GuildTextBasedChannel, replyId: string): Promise<void> {
    try {
      await channel.messages.delete(replyId);
    } catch (error) {
      if ((error as { code?: number }).code !== RESTJSONErrorCodes.UnknownMessage) {
        this.ctx.logger.warn({ err: error, channel: channel.id }, 'could not delete an auto-reply');
      }
    }
  }

  private warnOnce(channelId: string, message: string): void {
    if (this.warnedChannels.has(channelId)) return;
    this.warnedChannels.set(channelId, true);
    this.ctx.logger.warn({ channel: channelId }, message);
  }
}
