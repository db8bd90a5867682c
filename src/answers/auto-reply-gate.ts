import { LRUCache } from 'lru-cache';
import { readableAttachments, type AttachmentInfo } from '../images/image-check.js';
import { MAX_AUTO_REPLY_ENTRIES } from '../render/auto-reply.js';
import { autoRepliesEnabledIn, helpForumOf, type GuildSettings } from '../settings/schema.js';
import { ReplyState, type StartedCooldowns } from './reply-state.js';
import type { Answer } from './types.js';

/** Images one member may have read unasked per minute, so one person posting memes cannot fill the queue. */
export const IMAGES_PER_MEMBER_PER_MINUTE = 8;
/**
 * Automatic replies being worked on at once (answered, sent, waiting behind Discord's rate limit),
 * in all and per server: past these a flood is dropped, not queued, and slash commands still answer.
 */
export const MAX_WORKING = 100;
export const MAX_WORKING_PER_GUILD = 20;

/** Where a message was posted and by whom: all the gate needs. */
export interface Post {
  guildId: string;
  channelId: string;
  authorId: string;
  /** The channel, its parent (category, or the forum of a post) and the parent's parent. */
  scopeIds: readonly string[];
}

/** An answer the gate let through, with its cooldowns already reserved. */
export interface Admitted {
  answer: Answer;
  /** The channel cooldowns it started, to keep with the reply (see `shownByEdit`). */
  cooldowns: StartedCooldowns;
  /** Sending failed: give the cooldowns back. */
  release(): void;
}

/**
 * Whether and what an automatic reply may say: only where the server turned them on, not the same
 * error twice in a channel within its cooldown, and one reply a minute per member. Plain data in
 * and out; the clock can be injected.
 */
export class AutoReplyGate {
  readonly state: ReplyState;
  /** Images read per member in the current minute (the count's lifetime starts with its first image). */
  private readonly imagesRead: LRUCache<string, number>;
  private readonly working = new Map<string, number>();
  private workingTotal = 0;
  private readonly limits: { total: number; perGuild: number };

  constructor(options: { now?: () => number; maxEntries?: number; maxWorking?: number; maxWorkingPerGuild?: number } = {}) {
    this.state = new ReplyState(options);
    this.limits = { total: options.maxWorking ?? MAX_WORKING, perGuild: options.maxWorkingPerGuild ?? MAX_WORKING_PER_GUILD };
    // Monotonic, as the cooldowns' clock (see ReplyState).
    const perf = { now: options.now ?? (() => performance.now()) };
    this.imagesRead = new LRUCache({ max: 10_000, ttl: 60_000, noUpdateTTL: true, perf, ttlResolution: 0 });
  }

  /** Takes a place for one automatic reply's work; false when the bot is at its bound (drop it). `endWork` gives it back. */
  startWork(post: Post): boolean {
    const inGuild = this.working.get(post.guildId) ?? 0;
    if (this.workingTotal >= this.limits.total || inGuild >= this.limits.perGuild) return false;
    this.working.set(post.guildId, inGuild + 1);
    this.workingTotal += 1;
    return true;
  }

  endWork(post: Post): void {
    const inGuild = (this.working.get(post.guildId) ?? 1) - 1;
    if (inGuild > 0) this.working.set(post.guildId, inGuild);
    else this.working.delete(post.guildId);
    this.workingTotal -= 1;
  }

  /** Automatic replies being worked on now. */
  get workingCount(): number {
    return this.workingTotal;
  }

  inScope(settings: GuildSettings, post: Post): boolean {
    return autoRepliesEnabledIn(settings, post.scopeIds);
  }

  /**
   * Whether the server chose this place for Spotify help (it is on the allow list, not merely not
   * denied): there the channel is the context, and wording any app could show is Spotify's.
   */
  chosenForHelp(settings: GuildSettings, post: Post): boolean {
    return settings.allowIds.some((id) => post.scopeIds.includes(id)) || helpForumOf(settings, post.scopeIds) !== undefined;
  }

  /**
   * The images of this post the member may still have read this minute (none while they wait for a
   * reply); counts them. Only what the reader would read counts: other files, and images past a message's four, are not.
   */
  admitImages(post: Post, attachments: readonly AttachmentInfo[], settings: GuildSettings): AttachmentInfo[] {
    if (this.onMemberCooldown(post, settings)) return [];
    return this.admitImagesInBudget(post, attachments);
  }

  /**
   * The images the member may still have read this minute, whatever their cooldown (a help-forum
   * post is answered anyway); counts them, against the same budget as automatic replies.
   */
  admitImagesInBudget(post: Post, attachments: readonly AttachmentInfo[]): AttachmentInfo[] {
    const key = `${post.guildId}:${post.authorId}`;
    const used = this.imagesRead.get(key) ?? 0;
    const admitted = readableAttachments(attachments).slice(0, Math.max(0, IMAGES_PER_MEMBER_PER_MINUTE - used));
    if (admitted.length) this.imagesRead.set(key, used + admitted.length);
    return admitted;
  }

  /**
   * A reply was edited to show this answer (its source was edited): the channel has been told of it
   * now, and no longer of what the reply showed before. The cooldowns the reply started for that end,
   * so one member editing a message through many errors cannot silence them all in the channel.
   * Returns the cooldowns the reply holds now, those of the errors it shows: one another reply started
   * runs again from now, and ends once neither reply shows its error.
   */
  shownByEdit(answer: Answer, post: Post, settings: GuildSettings, before: StartedCooldowns | undefined): StartedCooldowns {
    const keys = channelKeysOf(answer, post);
    const held = new Set(keys.filter((key) => before?.[key] !== undefined && before[key] === this.state.cooldownStartedAt(key)));
    const running = new Set(keys.filter((key) => this.onChannelCooldown(key, settings)));
    this.state.endCooldownsStarted(before, new Set(keys));
    for (const key of keys) {
      if (running.has(key)) this.state.showAgain(key, settings.channelCooldownSeconds, !held.has(key));
      else this.state.startCooldown(key, settings.channelCooldownSeconds);
    }
    return this.startedAt(keys);
  }

  /**
   * A help post's first reply shows this answer in the post (sent, or edited to it): an automatic reply there does not
   * say it again within the channel's cooldown, as after an automatic reply. The reply holds those cooldowns: its
   * dismissal, or an edit to another error, ends them.
   */
  shownByFirstReply(answer: Answer, post: Post, settings: GuildSettings, replyId: string): void {
    this.state.hold(replyId, this.shownByEdit(answer, post, settings, this.state.heldBy(replyId)));
  }

  /**
   * What of an answer may be said now: the entries not answered in this channel lately (or a
   * shared message not listed lately), if the member is not waiting out their cooldown. The
   * cooldowns are reserved at once, so a burst of messages cannot slip in while the reply is sent.
   */
  admit(answer: Answer, post: Post, settings: GuildSettings): Admitted | undefined {
    let admitted: Answer;
    if (answer.kind === 'entries') {
      admitted = { ...answer, entries: answer.entries.filter((e) => !this.onChannelCooldown(channelKey(post, e.code), settings)) };
    } else if (answer.kind === 'group') {
      admitted = answer;
    } else {
      return undefined;
    }
    const channelKeys = channelKeysOf(admitted, post).filter((k) => !this.onChannelCooldown(k, settings));
    if (channelKeys.length === 0) return undefined;
    const member = memberKey(post);
    if (this.onMemberCooldown(post, settings)) return undefined;
    this.state.startCooldown(member, settings.userCooldownSeconds);
    for (const key of channelKeys) this.state.startCooldown(key, settings.channelCooldownSeconds);
    return {
      answer: admitted,
      cooldowns: this.startedAt(channelKeys),
      release: () => {
        for (const key of [member, ...channelKeys]) this.state.endCooldown(key);
      },
    };
  }

  /**
   * Which cooldown keeps an answer back, if one does: the channel's (everything in it was answered
   * there lately) before the member's (they had an automatic reply within their cooldown).
   */
  cooldownOf(answer: Answer, post: Post, settings: GuildSettings): 'channel' | 'member' | undefined {
    const keys = channelKeysOf(answer, post);
    if (keys.length && keys.every((key) => this.onChannelCooldown(key, settings))) return 'channel';
    return this.onMemberCooldown(post, settings) ? 'member' : undefined;
  }

  private startedAt(keys: readonly string[]): StartedCooldowns {
    const started: Record<string, number> = {};
    for (const key of keys) {
      const at = this.state.cooldownStartedAt(key);
      if (at !== undefined) started[key] = at;
    }
    return started;
  }

  /** Cooldowns are held to the server's settings as they are now, not as they were when each started. */
  private onChannelCooldown(key: string, settings: GuildSettings): boolean {
    return this.state.onCooldown(key, settings.channelCooldownSeconds);
  }

  private onMemberCooldown(post: Post, settings: GuildSettings): boolean {
    return this.state.onCooldown(memberKey(post), settings.userCooldownSeconds);
  }
}

/**
 * The channel cooldowns an answer starts: one per entry the reply shows (the rest are only counted
 * in a hint, and a later message may still answer them), or one for a shared message listed whole.
 */
function channelKeysOf(answer: Answer, post: Post): string[] {
  if (answer.kind === 'entries') return answer.entries.slice(0, MAX_AUTO_REPLY_ENTRIES).map((e) => channelKey(post, e.code));
  if (answer.kind === 'group') return [channelKey(post, `list:${answer.message}`)];
  return [];
}

function memberKey(post: Post): string {
  return `user:${post.guildId}:${post.authorId}`;
}

function channelKey(post: Post, what: string): string {
  return `channel:${post.channelId}:${what}`;
}
