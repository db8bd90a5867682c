import { PermissionFlagsBits, DiscordAPIError, type AnyThreadChannel, type Client, type PermissionsString } from 'discord.js';
import { LRUCache } from 'lru-cache';
import { withTurns } from '../../core/turns.js';
import { isIdle, tagsWithSolved, type DiscordClose, type PostEnding, type SolvedBy } from '../../forums/posts.js';
import { closingText, solvedText, type ClosedAs } from '../../render/forum.js';
import { helpForumOf, type HelpForum } from '../../settings/schema.js';
import { scopeIds } from '../message-input.js';
import { mentionsFor } from '../respond.js';
import { answeredInThread, bookkeep, lastMessageAt, threadOf } from './threads.js';
import type { HelpForumDeps } from './index.js';

/** What the bot needs in a help forum, beyond posting: tags, archiving and locking others' posts. */
export const FORUM_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.ManageThreads,
] as const;


export type ForumEvent =
  | { kind: 'solved'; guildId: string; threadId: string; by: string; solvedBy: SolvedBy }
  | { kind: 'closed'; guildId: string; threadId: string; answered: boolean }
  | { kind: 'missing-permissions'; guildId: string; forumId: string; missing: PermissionsString[] };

export const DISCORD_FAILING = 'Discord is not answering right now, so the post is still open. Try again in a minute.';

/** What became of Mark solved or /solved; `missing`: what the bot lacks to tag and close the post, which stays open. */
export type SolveResult = { ok: true; missing?: PermissionsString[] } | { ok: false; why: string };

/**
 * Closes help-forum posts: marked solved (the button or /solved), gone quiet for their forum's idle time,
 * or left half closed in Discord by a process killed in between. Each step is recorded in the post's row,
 * so that a message racing a close, another process, or a restart neither loses it nor closes twice.
 */
export class PostClosing {
  private readonly warned = new LRUCache<string, true>({ max: 1000, ttl: 60 * 60_000 });
  /** Posts this process is closing in Discord right now: a sweep finishing others' closes leaves them be. */
  private readonly closing = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: Pick<HelpForumDeps, 'store' | 'guildData' | 'clock' | 'logger' | 'countSolved' | 'onEvent'>) {}

  /** No more closing of posts that went quiet; one in flight stops after the post it is closing. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Mark solved (button or /solved): the post's owner or a member with Manage Threads. Applies the
   * solved tag (keeping the others within five), posts one closing line, archives (and locks).
   */
  async markSolved(thread: AnyThreadChannel, userId: string, canManageThreads: boolean): Promise<SolveResult> {
    const { store, guildData, clock } = this.deps;
    // The settings last known are only the defaults while the database is slow or down since start: the
    // database says whether this is a help post (one that does not answer is said so, and the post stays open).
    const forum =
      helpForumOf(await guildData.settings(thread.guildId), scopeIds(thread)) ??
      helpForumOf(await guildData.storedSettings(thread.guildId), scopeIds(thread));
    if (!forum) return { ok: false, why: 'This is not a post in one of the server\'s help forums.' };
    const isOwner = thread.ownerId === userId;
    if (!isOwner && !canManageThreads) {
      return { ok: false, why: 'Only the person who opened this post, or a helper who can manage threads, can mark it solved.' };
    }
    const post = await store.getPost(thread.id);
    if (post && post.state !== 'open') {
      // Closed in the database and still open in Discord, with nothing left to close there (a moderator unarchived it by
      // hand, or a message reopened it while the database did not answer): open again, to be marked solved. Where the
      // bot may not archive, every post it closed stays open.
      const openInDiscord = thread.archived === false && !post.discordClose && !this.closing.has(thread.id) && this.mayClose(thread);
      // Solved where the bot may not archive: open in Discord, and not to be called closed.
      if (!openInDiscord) return { ok: false, why: post.state === 'solved' && thread.archived === false ? 'This post is already marked solved.' : 'This post is already closed.' };
      await store.reopenPost(thread.id, post.lastActivityAt);
    }
    const solvedBy: SolvedBy = isOwner ? 'owner' : 'helper';
    if (!post) {
      // A post from before the forum was chosen: follow it from here. Opened when Discord says, not now:
      // the stats would count it as opened in their window and solved in no time.
      const now = clock.now();
      const createdAt = Math.min(thread.createdTimestamp ?? now, now);
      await store.claimPost({ guildId: thread.guildId, threadId: thread.id, forumId: forum.forumId, ownerId: thread.ownerId ?? userId, createdAt, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    }
    // Being closed here already (a sweep, a click a moment ago): its marker is not this call's to remove.
    if (this.closing.has(thread.id)) return { ok: false, why: 'This post is already closed.' };
    this.closing.add(thread.id);
    try {
      if (!(await store.closePost(thread.id, { state: 'solved', by: solvedBy }, clock.now()))) {
        return { ok: false, why: 'This post is already closed.' };
      }
      // Marked solved by hand: a message at the same moment does not undo it.
      if ((await this.close(thread, forum, 'line', (closedAs) => solvedText(userId, closedAs), { solved: true, keep: { state: 'solved', by: solvedBy } })) === 'failed') {
        await store.reopenPost(thread.id, post?.lastActivityAt ?? clock.now());
        return { ok: false, why: DISCORD_FAILING };
      }
    } finally {
      this.closing.delete(thread.id);
    }
    if (post?.answerCode) await this.deps.countSolved(thread.guildId, userId, post.answerCode);
    this.deps.onEvent?.({ kind: 'solved', guildId: thread.guildId, threadId: thread.id, by: userId, solvedBy });
    const missing = lacking(thread);
    return missing.length ? { ok: true, missing } : { ok: true };
  }

  /** Closes the open posts of these servers that went quiet for their forum's idle time; how many it closed. */
  async closeIdle(client: Client, guildIds: readonly string[], now: number): Promise<number> {
    const { store, guildData } = this.deps;
    let closed = 0;
    for await (const post of withTurns(await store.idlePosts(guildIds, now - 3_600_000))) {
      if (this.stopped) break;
      const settings = await guildData.settings(post.guildId);
      const forum = settings.forums.find((f) => f.forumId === post.forumId);
      if (!forum) {
        // No longer a help forum (deleted or removed): the post ended, and is pruned as ended ones are
        // (not counted as closed when quiet). The database says so, not settings last known (the defaults, while it is slow).
        const stored = await guildData.storedSettings(post.guildId);
        if (!stored.forums.some((f) => f.forumId === post.forumId)) await store.closePost(post.threadId, { state: 'ended' }, now);
        continue;
      }
      if (!isIdle(post, forum, now)) continue;
      // Deleted or out of the bot's sight: ended in the database. Discord not answering: next sweep.
      const thread = await threadOf(client, post.threadId);
      if (thread === undefined) continue;
      if (!thread) {
        await store.closePost(post.threadId, { state: 'ended' }, now);
        continue;
      }
      // Written in while the bot was away (restarted, or its connection lost: Discord sends no missed messages).
      if (thread.lastMessageId && !isIdle({ ...post, lastActivityAt: Math.max(post.lastActivityAt, lastMessageAt(thread, now)) }, forum, now)) continue;
      // Being closed here already (Mark solved since it was listed): left to that, which alone removes the marker.
      if (this.closing.has(post.threadId)) continue;
      this.closing.add(post.threadId);
      let answered = post.answered;
      try {
        // Only if still as quiet as when it was listed: a message since (here or on another shard) keeps it open.
        if (!(await store.closePost(post.threadId, { state: 'closed' }, now, post.lastActivityAt))) continue;
        // A post followed without its history (opened while the bot was away) may have been answered all the same.
        answered ||= (await answeredInThread(thread, post.ownerId)) === true;
        const done = await this.close(thread, forum, 'line', (closedAs) => closingText(answered, forum.idleHours, closedAs), { solved: false });
        if (done === 'failed') {
          // Still open in Discord: open, and as quiet as it was, for the next sweep.
          await bookkeep(this.deps.logger, 'reopen a post Discord did not close', post.threadId, () => store.reopenPost(post.threadId, post.lastActivityAt));
        }
        if (done !== 'closed') continue;
      } finally {
        this.closing.delete(post.threadId);
      }
      this.deps.onEvent?.({ kind: 'closed', guildId: post.guildId, threadId: post.threadId, answered });
      closed += 1;
    }
    return closed;
  }

  /**
   * Finishes in Discord closing the posts the database holds as closed or solved that no process is closing:
   * one killed (SIGKILL, out of memory) between the two left them open there, until someone wrote in them.
   */
  async finishCloses(client: Client, guildIds: readonly string[]): Promise<void> {
    const { store, guildData } = this.deps;
    for await (const post of withTurns(await store.unfinishedCloses(guildIds))) {
      if (this.stopped) return;
      if (this.closing.has(post.threadId) || !post.discordClose) continue;
      // No longer a help forum (or settings not known for now): left as it is in Discord.
      const forum = (await guildData.settings(post.guildId)).forums.find((f) => f.forumId === post.forumId);
      if (!forum) continue;
      const thread = await threadOf(client, post.threadId);
      if (thread === undefined) continue;
      this.closing.add(post.threadId);
      try {
        // Gone from Discord: nothing left to close. A message reopened it since it was listed: not closed. Taken a step
        // further since by whoever was closing it (Mark solved, an earlier sweep, another process): not done again.
        if (!(await store.closingInDiscord(post.threadId, thread ? post.discordClose : null, post.discordClose)) || !thread) continue;
        const line = post.state === 'solved'
          ? (closedAs: ClosedAs) => solvedText(post.solvedBy === 'owner' ? post.ownerId : undefined, closedAs)
          : (closedAs: ClosedAs) => closingText(post.answered, forum.idleHours, closedAs);
        const keep: PostEnding | undefined = post.state === 'solved' ? { state: 'solved', by: post.solvedBy ?? 'owner' } : undefined;
        await this.close(thread, forum, post.discordClose, line, { solved: post.state === 'solved', keep });
      } finally {
        this.closing.delete(post.threadId);
      }
    }
  }

  /**
   * Posts the closing line first (an archived post takes no messages), then tags, archives and locks,
   * each step recorded in the post's row (`from`: the step to begin with). `failed` when Discord failed
   * (a 5xx, a lost connection) before the line went out: nothing changed there, and trying again may
   * work. A refusal (an error code) would be refused again. Discord failing the archive leaves it to
   * the next sweep. `reopened`: a message reopened the post meanwhile, so it is left open in Discord
   * too; with `keep` (marked solved) the post is closed all the same, and its row closed again as
   * `keep`. `line` says whether the post is locked: only when the bot may lock it (else members can
   * still post there), or a moderator already did.
   */
  private async close(
    thread: AnyThreadChannel,
    forum: HelpForum,
    from: DiscordClose,
    line: (closedAs: ClosedAs) => string,
    how: { solved: boolean; keep?: PostEnding },
  ): Promise<'closed' | 'failed' | 'reopened'> {
    const missing = this.missing(thread, forum);
    let sent: { id: string } | undefined;
    if (from === 'line') {
      try {
        // Locked by a moderator by hand, it stays locked whatever the forum says: members cannot post there again.
        // Where the bot may not archive it, it stays open, and the line does not say it is closed.
        const closedAs: ClosedAs = (forum.lock && missing.length === 0) || thread.locked === true ? 'locked' : missing.length ? 'open' : 'archived';
        sent = await thread.send({ content: line(closedAs), allowedMentions: mentionsFor() });
      } catch (err) {
        this.deps.logger.warn({ err, thread: thread.id }, 'could not close a help-forum post');
        if (!(err instanceof DiscordAPIError)) return 'failed';
      }
      if (!(await this.closeStep(thread.id, missing.length ? null : 'archive', how.keep)) && !how.keep) return this.undoClose(thread, forum, sent, false);
    }
    if (missing.length) return 'closed';
    try {
      const tags = how.solved && forum.solvedTagId && tagExists(thread, forum.solvedTagId) ? tagsWithSolved(thread.appliedTags, forum.solvedTagId) : undefined;
      await thread.edit({ ...(tags ? { appliedTags: tags } : {}), archived: true, ...(forum.lock ? { locked: true } : {}) });
    } catch (err) {
      this.deps.logger.warn({ err, thread: thread.id }, 'could not close a help-forum post');
      if (!(err instanceof DiscordAPIError)) return 'closed';
    }
    if (!(await this.closeStep(thread.id, null, how.keep)) && !how.keep) return this.undoClose(thread, forum, sent, true);
    return 'closed';
  }

  /**
   * Records the next step of closing a post in Discord; false when a message reopened it meanwhile. With `keep`, the
   * post is closed in Discord all the same, so its row is closed again (else a sweep would close it a second time).
   * A database not answering: carried on.
   */
  private async closeStep(threadId: string, next: DiscordClose | null, keep?: PostEnding): Promise<boolean> {
    const { store, clock } = this.deps;
    let closing = true;
    await bookkeep(this.deps.logger, 'record closing a post', threadId, async () => {
      closing = await store.closingInDiscord(threadId, next);
      if (!closing && keep && (await store.closePost(threadId, keep, clock.now()))) closing = await store.closingInDiscord(threadId, next);
    });
    return closing;
  }

  /** A message came while the post was being closed: its closing line goes, and it is open in Discord again. */
  private async undoClose(thread: AnyThreadChannel, forum: HelpForum, sent: { id: string } | undefined, archived: boolean): Promise<'reopened'> {
    try {
      if (archived) await thread.edit({ archived: false, ...(forum.lock ? { locked: false } : {}) });
      if (sent) await thread.messages.delete(sent.id);
    } catch (err) {
      this.deps.logger.warn({ err, thread: thread.id }, 'could not reopen a help-forum post');
    }
    return 'reopened';
  }

  /** Whether the bot may tag, archive and lock the post. */
  private mayClose(thread: AnyThreadChannel): boolean {
    return thread.permissionsFor(thread.client.user)?.missing([...FORUM_PERMISSIONS]).length === 0;
  }

  /** What the bot lacks in a help forum to close posts; said once an hour per forum. */
  private missing(thread: AnyThreadChannel, forum: HelpForum): PermissionsString[] {
    const missing = lacking(thread);
    if (missing.length && !this.warned.has(forum.forumId)) {
      this.warned.set(forum.forumId, true);
      this.deps.logger.warn({ forum: forum.forumId, missing }, 'help forum: the bot lacks permissions to tag, archive or lock posts');
      this.deps.onEvent?.({ kind: 'missing-permissions', guildId: thread.guildId, forumId: forum.forumId, missing });
    }
    return missing;
  }
}

/** What the bot lacks in a help-forum post to tag, archive and lock it. */
function lacking(thread: AnyThreadChannel): PermissionsString[] {
  return thread.permissionsFor(thread.client.user)?.missing([...FORUM_PERMISSIONS]) ?? ['ManageThreads'];
}

/**
 * Whether the forum still has the tag: a moderator may delete it after choosing it, and Discord refuses an edit
 * that applies a tag the forum no longer has (the archive with it). A forum not in the cache is taken to have it.
 */
function tagExists(thread: AnyThreadChannel, tagId: string): boolean {
  const parent = thread.parent;
  return !parent || !('availableTags' in parent) || parent.availableTags.some((tag) => tag.id === tagId);
}
