import { DiscordAPIError, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import type { KeyedQueue } from '../../core/keyed-queue.js';
import { withTurns } from '../../core/turns.js';
import type { HelpForum } from '../../settings/schema.js';
import { StorageUnavailableError } from '../../storage/errors.js';
import { isMemberMessage } from '../auto-replies/index.js';
import { followed, helpPostOf, isGoneMessage, lastMessageAt, openedAt, opensPost, repliedTo } from './threads.js';
import type { ForumOutcome, HelpForumDeps } from './index.js';

/** A post opened while the bot was away is answered or greeted as new within this long of its opening; an older one is only followed. */
const CATCH_UP_MS = 24 * 60 * 60_000;

/** What catching up shares with the help forums: a new post is answered there, once. */
export interface CatchUpForums {
  /** By post: its first reply, then edits and deletion of its opening message, in the order they came. */
  byPost: KeyedQueue;
  /** New posts the forums are answering or greeting now: a post caught up is one of them while it is read. */
  welcoming: Set<string>;
  /** Answers or greets a post's opening message as a new post opened at `createdAt`. */
  welcomeNew(message: Message<true>, thread: AnyThreadChannel, forum: HelpForum, createdAt: number): Promise<ForumOutcome>;
}

/**
 * Posts opened while the bot was away (stopped, or its gateway connection lost, when Discord sends no missed
 * messages): each active post of a help forum of these servers that the database does not know is answered or
 * greeted as a new post would have been when it opened within a day, else only followed (its idle timer from its
 * last message). A server Discord or the database failed is read again by the next sweep (`pending`).
 */
export class PostCatchUp {
  /** Servers whose help forums' posts opened while the bot was away are still to be read (Discord or the database failed it). */
  private readonly toCatchUp = new Set<string>();
  /** Servers being read for such posts now: a reconnect and a sweep do not read one twice at once. */
  private readonly catchingUp = new Set<string>();
  /** Servers asked for again while being read (the connection lost once more): what they list now may be newer. */
  private readonly catchUpAgain = new Set<string>();
  private stopped = false;

  constructor(
    private readonly deps: Pick<HelpForumDeps, 'store' | 'guildData' | 'clock' | 'logger'>,
    private readonly forums: CatchUpForums,
  ) {}

  /** No more reading; a post being answered now is answered. */
  stop(): void {
    this.stopped = true;
  }

  /** These servers' posts opened while the bot was away (the shard's, or all this process serves). */
  async catchUp(client: Client, shardId?: number): Promise<void> {
    for (const guild of client.guilds.cache.values()) {
      if (shardId !== undefined && guild.shardId !== shardId) continue;
      this.toCatchUp.add(guild.id);
      if (this.catchingUp.has(guild.id)) this.catchUpAgain.add(guild.id);
    }
    await this.pending(client);
  }

  /** Reads the servers still to catch up, one by one with a turn for the event loop between them. */
  async pending(client: Client): Promise<void> {
    for await (const guildId of withTurns([...this.toCatchUp], 1)) {
      if (this.stopped) return;
      if (this.catchingUp.has(guildId)) continue;
      this.catchingUp.add(guildId);
      try {
        const done = await this.catchUpGuild(client, guildId).catch((err: unknown) => {
          if (err instanceof StorageUnavailableError) {
            this.deps.logger.warn({ guild: guildId, operation: err.operation }, 'help forum: posts opened while away not read, the database did not answer');
            return false;
          }
          // Not tried again: a server that fails so would fail every sweep, and keep it from closing quiet posts.
          this.deps.logger.error({ err, guild: guildId }, 'help forum: posts opened while away not read');
          return true;
        });
        // Asked for again meanwhile: left for the next sweep, which reads what the server lists then.
        if (!this.catchUpAgain.delete(guildId) && done) this.toCatchUp.delete(guildId);
      } finally {
        this.catchingUp.delete(guildId);
      }
    }
  }

  /** One server's help-forum posts opened while the bot was away; false when Discord failed (tried again by the next sweep). */
  private async catchUpGuild(client: Client, guildId: string): Promise<boolean> {
    const guild = client.guilds.cache.get(guildId);
    if (!guild) return true;
    // As stored: while the database is slow or down since start, the settings last known are only the defaults.
    const settings = await this.deps.guildData.storedSettings(guildId);
    if (settings.forums.length === 0) return true;
    let active;
    try {
      active = await guild.channels.fetchActiveThreads();
    } catch (err) {
      // Refused: nothing to read there. Failing (a 5xx, a lost connection): read by the next sweep.
      if (err instanceof DiscordAPIError) return true;
      this.deps.logger.debug({ guild: guildId }, 'help forum: active posts not read, Discord did not answer');
      return false;
    }
    let done = true;
    for await (const thread of withTurns(active.threads.values())) {
      if (this.stopped) return false;
      const help = helpPostOf(thread, settings);
      if (help && !(await this.forums.byPost.run(thread.id, () => this.catchUpPost(client, help.thread)))) done = false;
    }
    return done;
  }

  /** A post the bot may have missed: answered or greeted as new (opened within a day), or followed; false when Discord failed. */
  private async catchUpPost(client: Client, thread: AnyThreadChannel): Promise<boolean> {
    const { welcoming } = this.forums;
    // One being answered as new now is that one's; while this one is read, a member's message there does not claim it first.
    if (welcoming.has(thread.id)) return true;
    welcoming.add(thread.id);
    try {
      // Its forum as the settings are now: a moderator may have removed or changed it while earlier posts were read.
      const forum = helpPostOf(thread, await this.deps.guildData.settings(thread.guildId))?.forum;
      return forum ? await this.catchUpUnknown(client, thread, forum) : true;
    } finally {
      welcoming.delete(thread.id);
    }
  }

  private async catchUpUnknown(client: Client, thread: AnyThreadChannel, forum: HelpForum): Promise<boolean> {
    const { store, clock } = this.deps;
    if (await store.getPost(thread.id)) return true;
    const now = clock.now();
    const createdAt = openedAt(thread, now);
    const follow = async () => {
      await store.claimPost(followed(thread, forum, thread.ownerId ?? '', createdAt, lastMessageAt(thread, now), false));
      return true;
    };
    // Opened over a day ago, or before its forum was chosen (while the bot was there): not a post it missed.
    if (now - createdAt > CATCH_UP_MS || createdAt < (forum.chosenAt ?? 0)) return follow();
    const starter = await thread.messages.fetch({ message: thread.id, force: true }).catch((err: unknown) => (isGoneMessage(err) ? null : undefined));
    if (starter === undefined) return false;
    // Answered before the database knew the post (it did not answer then): not answered twice.
    const replied = await repliedTo(thread, client.user?.id);
    if (replied === undefined) return false;
    if (!starter || replied) return follow();
    // Opened by a bot or a webhook: left alone, as it would have been as it came.
    if (!opensPost(starter, thread, isMemberMessage(starter))) return true;
    const outcome = await this.forums.welcomeNew(starter, thread, forum, createdAt);
    this.deps.logger.debug({ thread: thread.id, outcome }, 'help forum: a post opened while away handled');
    return true;
  }
}
