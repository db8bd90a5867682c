import { LRUCache } from 'lru-cache';
import type { Counted } from '../storage/guild-data.js';

/**
 * Bounded, expiring memory for automatic replies: cooldowns and which bot reply answers which
 * message (an automatic reply's, or an @mention's). Every map has a size cap and a time to live, so
 * busy servers cannot grow it.
 */

export interface TrackedReply {
  replyId: string;
  channelId: string;
  authorId: string;
  /** Codes the source showed when answered (the reply may show fewer), to tell whether an edit changed the answer. */
  codes: string[];
  /** Read from the source's images: edits of its text do not change the answer. */
  fromScreenshot?: boolean;
  /** What the reply counted in the stats: an edit that changes the error moves it. */
  counted?: Counted;
  /** An answer to an @mention: what it asked. An edit asks again (as a mention), and one that keeps the question changes nothing. */
  question?: string;
  /** An @mention's last edit as answered (null: never edited): an update that is no edit (a pin, a link preview) asks nothing new. */
  editedAt?: number | null;
  /** The channel cooldowns this reply started, with when: they end when an edit or a delete takes its error out of the channel. */
  cooldowns?: StartedCooldowns;
  /** Its source was deleted and the reply left in place (delete-with-source off): followed only until the reply goes. */
  sourceGone?: boolean;
  at: number;
}

/** Cooldown keys with the time each was started at (which tells whether it is still the same cooldown). */
export type StartedCooldowns = Readonly<Record<string, number>>;

interface Cooldown {
  /** Which cooldown it is: a reply keeps it to end the cooldown when it goes (`endCooldownsStarted`). */
  startedAt: number;
  /** When its error was last shown: it runs from then. */
  shownAt: number;
  /** The replies showing its error (an edit can bring it into a second one): it ends when the last goes. */
  holders: number;
}

export interface ReplyStateOptions {
  maxEntries?: number;
  /** How long a source message is followed for edits and deletes. */
  followMs?: number;
  now?: () => number;
}

export class ReplyState {
  private readonly now: () => number;
  private readonly followMs: number;
  /** Each running cooldown; its time to live is the cooldown it was last shown with. */
  private readonly cooldowns: LRUCache<string, Cooldown>;
  private readonly bySource: LRUCache<string, TrackedReply>;
  private readonly sourceOfReply: LRUCache<string, string>;
  /**
   * The channel cooldowns each reply holds, by reply: a cooldown may outlast the following (a server's longer
   * one, or one an edit showed again, also by another reply), and the reply going still ends it. Kept without a
   * time to live (bounded by size): one that ran out or started again since is told by its start and left alone.
   */
  private readonly heldByReply: LRUCache<string, StartedCooldowns>;

  constructor(options: ReplyStateOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    // Monotonic: a wall clock set back (an NTP step) would lengthen every running cooldown by the step.
    this.now = options.now ?? (() => performance.now());
    this.followMs = options.followMs ?? 10 * 60_000;
    // ttlResolution 0: read the clock on every check, so an injected clock in tests is exact.
    const perf = { now: this.now };
    const timing = { perf, ttlResolution: 0 };
    this.cooldowns = new LRUCache({ max, ...timing });
    this.bySource = new LRUCache({ max, ttl: this.followMs, ...timing });
    this.sourceOfReply = new LRUCache({ max, ttl: this.followMs, ...timing });
    this.heldByReply = new LRUCache({ max, ...timing });
  }

  /**
   * Whether a cooldown runs; with `seconds`, only one started less than that long ago, so a
   * cooldown a moderator shortened (or turned off) holds at once for the cooldowns already running.
   */
  onCooldown(key: string, seconds?: number): boolean {
    const cooldown = this.cooldowns.get(key);
    if (cooldown === undefined) return false;
    return seconds === undefined || this.now() - cooldown.shownAt < seconds * 1000;
  }

  startCooldown(key: string, seconds: number): void {
    const now = this.now();
    if (seconds > 0) this.cooldowns.set(key, { startedAt: now, shownAt: now, holders: 1 }, { ttl: seconds * 1000 });
  }

  /**
   * A running cooldown's error shown again (a reply edited to it): it runs again from now, and with
   * `byAnother`, ends only once that reply has gone too.
   */
  showAgain(key: string, seconds: number, byAnother: boolean): void {
    const cooldown = this.cooldowns.get(key);
    if (!cooldown || seconds <= 0) return this.startCooldown(key, seconds);
    const holders = cooldown.holders + (byAnother ? 1 : 0);
    this.cooldowns.set(key, { ...cooldown, shownAt: this.now(), holders }, { ttl: seconds * 1000 });
  }

  endCooldown(key: string): void {
    this.cooldowns.delete(key);
  }

  /** When a running cooldown started. */
  cooldownStartedAt(key: string): number | undefined {
    return this.cooldowns.get(key)?.startedAt;
  }

  /**
   * Ends those of `started` still running since then (not started again by another reply meanwhile) and not
   * in `keep`: a reply holding them went. One another reply shows too runs on until that one goes.
   */
  endCooldownsStarted(started: StartedCooldowns | undefined, keep: ReadonlySet<string> = new Set()): void {
    for (const [key, at] of Object.entries(started ?? {})) {
      const cooldown = this.cooldowns.get(key);
      if (keep.has(key) || cooldown?.startedAt !== at) continue;
      // Changed in place: the cooldown keeps its time to live.
      if (cooldown.holders > 1) cooldown.holders -= 1;
      else this.cooldowns.delete(key);
    }
  }

  /**
   * Follows a source's reply until `followMs` after `since` (when it was answered): a reply updated
   * by an edit keeps its first answer's time, so editing again and again does not follow it for ever.
   */
  track(sourceId: string, reply: Omit<TrackedReply, 'at'>, since = this.now()): void {
    const ttl = Math.max(1, this.followMs - (this.now() - since));
    this.bySource.set(sourceId, { ...reply, at: since }, { ttl });
    this.sourceOfReply.set(reply.replyId, sourceId, { ttl });
    const held = Object.keys(reply.cooldowns ?? {});
    if (held.length) this.heldByReply.set(reply.replyId, reply.cooldowns!);
  }

  /** A reply not followed here (a help post's first reply) holds these cooldowns: they end when it is dismissed. */
  hold(replyId: string, started: StartedCooldowns): void {
    if (Object.keys(started).length) this.heldByReply.set(replyId, started);
    else this.heldByReply.delete(replyId);
  }

  /** The cooldowns a reply holds. */
  heldBy(replyId: string): StartedCooldowns | undefined {
    return this.heldByReply.get(replyId);
  }

  /** The reply to a source message, while it is still followed (10 minutes by default). */
  replyTo(sourceId: string): TrackedReply | undefined {
    return this.bySource.get(sourceId);
  }

  /** The source message a bot reply answers, while it is followed. */
  sourceOf(replyId: string): string | undefined {
    return this.sourceOfReply.get(replyId);
  }

  forget(sourceId: string): void {
    const reply = this.bySource.get(sourceId);
    if (reply) {
      this.sourceOfReply.delete(reply.replyId);
      this.heldByReply.delete(reply.replyId);
    }
    this.bySource.delete(sourceId);
  }

  /**
   * A bot reply was deleted (dismissed or by a moderator): stop following its source. It no longer shows its
   * errors in the channel, so the channel cooldowns it holds end, as when it goes with its source.
   */
  forgetReply(replyId: string): void {
    const source = this.sourceOfReply.get(replyId);
    // No longer followed (past its ten minutes), it may still hold cooldowns.
    this.endCooldownsStarted(source ? this.bySource.get(source)?.cooldowns : this.heldByReply.get(replyId));
    if (source) this.bySource.delete(source);
    this.sourceOfReply.delete(replyId);
    this.heldByReply.delete(replyId);
  }

  get size(): { cooldowns: number; replies: number } {
    return { cooldowns: this.cooldowns.size, replies: this.bySource.size };
  }
}
