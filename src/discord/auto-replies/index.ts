import { MessageType, type Message, type PartialMessage } from 'discord.js';
import { LRUCache } from 'lru-cache';
import { AutoReplyGate, type Post } from '../../answers/auto-reply-gate.js';
import type { Answerer } from '../../answers/answerer.js';
import { HelperFixes } from '../../answers/helper-fixes.js';
import { unaskedAsk } from '../../answers/unasked.js';
import { DropCounter } from '../../core/drop-counter.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import type { Metrics } from '../../metrics.js';
import type { Logger } from '../../logger.js';
import { helpForumOf, type GuildSettings } from '../../settings/schema.js';
import type { GuildData, StatsRecorder } from '../../storage/guild-data.js';
import { postOf, shownBy } from '../message-input.js';
import type { MentionAnswers } from '../mentions.js';
import type { ChannelPoster } from '../poster.js';
import { followDelete, followEdit, type FollowOutcome } from './follow.js';

const ANSWERED_TYPES = new Set([MessageType.Default, MessageType.Reply]);

/**
 * What became of a message, logged at debug level (IDs only): tests wait for it instead of
 * sleeping, and the interactive demo says why the bot stayed quiet.
 */
export type AutoReplyOutcome =
  | 'replied'
  | 'not-enabled'
  | 'nothing-found'
  /** Its images could not be read (refused, damaged, the queue full), and its text shows nothing. */
  | 'image-unreadable'
  /** The member had more images read this minute than are read unasked. */
  | 'image-limit'
  /** Everything found was answered in this channel within its cooldown. */
  | 'channel-cooldown'
  /** The member had an automatic reply within their cooldown (their images are not read meanwhile). */
  | 'member-cooldown'
  /** Too many automatic replies being worked on (a flood): dropped, counted, logged once per burst. */
  | 'overloaded'
  /** The bot may not post here (a permission missing, or Discord refused it). */
  | 'send-failed'
  /** Discord did not take the answer (a 5xx after retries, a lost connection): nothing the server can change. */
  | 'discord-failed'
  /** The message was deleted before its answer was ready: nothing is posted. */
  | 'source-deleted'
  /** A helper sent a fix for the message (Send Spotify fix) before its answer was ready: the member was answered. */
  | 'answered-by-helper';

export interface AutoReplyDeps {
  answerer: Answerer;
  guildData: GuildData;
  stats: StatsRecorder;
  poster: ChannelPoster;
  logger: Logger;
  counters: { autoReplies: number; autoRepliesDropped: number };
  metrics?: Metrics;
  gate?: AutoReplyGate;
  /** Helpers' fixes (Send Spotify fix), shared with the help forums. */
  fixes?: HelperFixes;
  /** Answers to @mentions: followed here as automatic replies are, in the same per-message order. */
  mentions: MentionAnswers;
}

/** Whether a message is one a member wrote (not a bot, a webhook or a system message). */
export function isMemberMessage(message: Message): boolean {
  return (
    !message.author.bot &&
    !message.webhookId &&
    !message.system &&
    ANSWERED_TYPES.has(message.type) &&
    message.author.id !== message.client.user.id
  );
}

/**
 * Answers pasted Spotify errors and screenshots without being asked, in the channels a server
 * chose: the gate decides whether and what, the answering module what the message shows, and the
 * reply follows its source's edits and deletion.
 */
export class AutoReplies {
  readonly gate: AutoReplyGate;
  /** By source message: its answer, then its edits and deletion, one after another in the order they came. */
  private readonly bySource = new KeyedQueue();
  /**
   * Sources deleted lately: a delete can arrive before the message is tracked (while the message's
   * settings are read, or the help-forum bookkeeping runs); its answer is then not posted, or taken back.
   */
  private readonly deleted = new LRUCache<string, true>({ max: 10_000, ttl: 10 * 60_000 });
  /**
   * Edits that arrived in that same window, latest first: messages are not cached, so the message
   * being answered keeps its first text, and its reply follows the edit once it is sent.
   */
  private readonly editedEarly = new LRUCache<string, Message | PartialMessage>({ max: 1000, ttl: 60_000 });
  /**
   * Edits that arrived while the message was being answered (its screenshot being read), latest first: an answer
   * that found nothing in the text it started from reads the text as it is now.
   */
  private readonly editedMeanwhile = new LRUCache<string, Message | PartialMessage>({ max: 1000, ttl: 60_000 });
  /** Messages a helper sent a fix for, or is sending one (Send Spotify fix): an automatic reply still on its way would be a second answer. */
  private readonly fixes: HelperFixes;
  private readonly drops: DropCounter;

  constructor(private readonly deps: AutoReplyDeps) {
    this.gate = deps.gate ?? new AutoReplyGate();
    this.fixes = deps.fixes ?? new HelperFixes();
    this.drops = new DropCounter((dropped) =>
      deps.logger.warn({ dropped, working: this.gate.workingCount }, 'flood: automatic replies dropped (too many waiting to be sent)'),
    );
  }

  onMessage(message: Message<true>): Promise<AutoReplyOutcome> {
    // Queued from the start: an edit or delete arriving while the settings are read or a screenshot
    // is read waits for the answer.
    return this.bySource.run(message.id, () => this.handle(message));
  }

  private async handle(message: Message<true>): Promise<AutoReplyOutcome> {
    const settings = await this.deps.guildData.settings(message.guildId);
    const post = postOf(message);
    if (!this.gate.inScope(settings, post)) return 'not-enabled';
    if (!this.startWork(post)) return 'overloaded';
    try {
      return await this.answer(message, settings);
    } finally {
      this.gate.endWork(post);
    }
  }

  private async answer(message: Message<true>, settings: GuildSettings): Promise<AutoReplyOutcome> {
    const { answerer, guildData, logger } = this.deps;
    const post = postOf(message);
    // A help forum's posts get automatic replies whatever the scope says (screenshots as the server set them).
    const inHelpForum = helpForumOf(settings, post.scopeIds) !== undefined;
    let imagesAdmitted: number | undefined;
    // Edited before it reached its turn: answered as it reads now (chat corrected into an error is answered too).
    const edited = this.editedEarly.get(message.id);
    // A forward (no text or attachments of its own) is read as the message it forwards: a member brought it here.
    const shown = shownBy(edited && !edited.partial ? edited : message);
    let ask = unaskedAsk({
      settings,
      guildId: message.guildId,
      phrases: await guildData.phrases(message.guildId),
      text: shown.text,
      attachments: shown.attachments,
      where: { way: 'auto', helpChannel: this.gate.chosenForHelp(settings, post) },
      admitImages: (images) => {
        const admitted = this.gate.admitImages(post, images, settings);
        imagesAdmitted = admitted.length;
        return admitted;
      },
    });
    let answer = await answerer.answer(ask);
    // Edited while its screenshot was read (chat corrected into an error): answered as it reads now, as it is
    // when the edit comes a moment earlier. Its text alone: the images were just read.
    const meanwhile = this.editedMeanwhile.get(message.id);
    if (answer.kind === 'none' && meanwhile && !meanwhile.partial) {
      const now = answerer.detectText({ ...ask, text: meanwhile.content });
      if (now.kind !== 'none') [ask, answer] = [{ ...ask, text: meanwhile.content }, now];
    }
    const admitted = this.gate.admit(answer, post, settings);
    if (!admitted) {
      if (answer.kind !== 'none' || imagesAdmitted === 0) {
        const cooldown = this.gate.cooldownOf(answer, post, settings);
        if (cooldown) return `${cooldown}-cooldown`;
      }
      if (imagesAdmitted === 0) return 'image-limit';
      if (answer.source === 'screenshot' && answer.reading && answer.reading.status !== 'read') return 'image-unreadable';
      return 'nothing-found';
    }
    const reply = answerer.present(admitted.answer, ask, {
      askedBy: message.author.id,
      compact: settings.compact,
      ...(inHelpForum ? { helpForumPost: message.channelId } : {}),
    });
    if (!reply) {
      admitted.release();
      return 'nothing-found';
    }
    if (this.deleted.has(message.id)) {
      admitted.release();
      return 'source-deleted';
    }
    if (await this.fixes.answered(message.id)) {
      admitted.release();
      return 'answered-by-helper';
    }
    const sent = await this.deps.poster.reply(message.channel, message.id, reply.payload);
    if (!sent.ok) {
      admitted.release();
      return sent.failing ? 'discord-failed' : 'send-failed';
    }
    const fromScreenshot = answer.source === 'screenshot';
    // Counted before an edit that came meanwhile is followed: the edit moves the count.
    const counted = this.deps.stats.record(message.guildId, reply.stats);
    this.gate.state.track(message.id, {
      replyId: sent.message.id,
      channelId: message.channelId,
      authorId: message.author.id,
      // What the source shows, not only what the reply says (the channel's cooldown may leave some out):
      // an update that keeps them (a pin, a link preview) changes nothing.
      codes: answer.kind === 'entries' || answer.kind === 'group' ? answer.entries.map((e) => e.code) : reply.codes,
      fromScreenshot,
      counted,
      cooldowns: admitted.cooldowns,
    });
    await this.catchUp(message);
    this.deps.counters.autoReplies += 1;
    logger.info({ guild: message.guildId, codes: reply.codes, screenshot: fromScreenshot }, 'auto-reply sent');
    this.deps.metrics?.answered(reply);
    return 'replied';
  }

  /**
   * An @mention of the bot, answered in its message's turn as an automatic reply is: its answer
   * then follows the mention's edits and deletion, those that came while it was on its way too.
   */
  onMention(message: Message<true>): Promise<Awaited<ReturnType<MentionAnswers['onMention']>> | 'overloaded'> {
    return this.bySource.run(message.id, async () => {
      // A raid of mentions waits behind the same rate limit as automatic replies: held to the same bound.
      const post = postOf(message);
      if (!this.startWork(post)) return 'overloaded';
      try {
        const outcome = await this.deps.mentions.onMention(message, () => this.deleted.has(message.id));
        if (outcome === 'replied') await this.catchUp(message);
        return outcome;
      } finally {
        this.gate.endWork(post);
      }
    });
  }

  /** A place for one reply's work, or false (counted, logged once per burst) when the bot is at its bound. */
  private startWork(post: Post): boolean {
    if (this.gate.startWork(post)) return true;
    this.deps.counters.autoRepliesDropped += 1;
    this.drops.drop();
    return false;
  }

  /** A reply just sent follows what became of its source meanwhile. */
  private async catchUp(message: Message<true>): Promise<void> {
    // Deleted while the reply was on its way: it goes as the source's reply would.
    if (this.deleted.has(message.id)) await followDelete(this.deps, this.gate.state, message);
    const edited = this.editedEarly.get(message.id);
    if (edited) await followEdit(this.deps, this.gate, edited);
  }

  /** The reply follows an edit of its source: updated, or removed when the error is gone. */
  onEdit(message: Message | PartialMessage): Promise<FollowOutcome> {
    if (!this.gate.state.replyTo(message.id)) {
      if (this.bySource.busy(message.id)) this.editedMeanwhile.set(message.id, message);
      else {
        this.editedEarly.set(message.id, message);
        this.editedMeanwhile.delete(message.id);
      }
    }
    // Each edit carries the whole new text: edits that come while one is being applied give way to the latest.
    return this.bySource.runLatest(message.id, () => followEdit(this.deps, this.gate, message));
  }

  onDelete(message: Message | PartialMessage): Promise<FollowOutcome> {
    this.deleted.set(message.id, true);
    return this.bySource.run(message.id, () => followDelete(this.deps, this.gate.state, message, (id) => this.deleted.has(id)));
  }

  /** A reply was dismissed (deleted by its Dismiss button): stop following its source. */
  dismissed(replyId: string): void {
    this.gate.state.forgetReply(replyId);
  }
}
