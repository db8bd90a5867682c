import type { AnyThreadChannel, Client, Message, PartialMessage } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Answerer } from '../../answers/answerer.js';
import type { AutoReplyGate } from '../../answers/auto-reply-gate.js';
import { HelperFixes } from '../../answers/helper-fixes.js';
import { unaskedAsk } from '../../answers/unasked.js';
import type { Clock } from '../../clock.js';
import type { ExtraPhrase } from '../../core/search.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import { withTurns } from '../../core/turns.js';
import type { WorkTracker } from '../../core/work-tracker.js';
import type { FirstReply, ForumPost, ForumPostStore } from '../../forums/posts.js';
import type { Logger } from '../../logger.js';
import { StorageUnavailableError } from '../../storage/errors.js';
import type { Metrics } from '../../metrics.js';
import { codeOfKey } from '../../render/custom-ids.js';
import { renderOnboarding } from '../../render/forum.js';
import type { GuildSettings, HelpForum } from '../../settings/schema.js';
import type { GuildData, StatsRecorder } from '../../storage/guild-data.js';
import { attachmentsOf, mentionsBot, postOf, scopeIds } from '../message-input.js';
import type { CannotPostNotices } from '../cannot-post-notice.js';
import type { ChannelPoster, PostResult } from '../poster.js';
import { PostCatchUp } from './catch-up.js';
import { PostClosing, type ForumEvent, type SolveResult } from './closing.js';
import { answeredWith, answersPost, bookkeep, firstReplyShown, followed, helpPostOf, isGoneMessage, openedAt, opensPost, replyTo, threadOf } from './threads.js';

export { helpPostOf, opensPost } from './threads.js';

/** Likely entries the greeting offers, above this search score. */
const CANDIDATE_SCORE = 0.3;
const MAX_CANDIDATES = 3;

export interface HelpForumDeps {
  answerer: Answerer;
  guildData: GuildData;
  stats: StatsRecorder;
  poster: ChannelPoster;
  store: ForumPostStore;
  /** The automatic replies' gate: a new post's screenshots count against the member's images per minute. */
  gate: AutoReplyGate;
  logger: Logger;
  clock: Clock;
  metrics?: Metrics;
  /** Counts a helpful vote for the entry on screen when a post is marked solved. */
  countSolved(guildId: string, userId: string, code: string): Promise<void>;
  /** Events a moderators' log may show. */
  onEvent?(event: ForumEvent): void;
  /** Sweeps run as work in flight: shutdown lets the post being closed be closed in Discord too. */
  work?: WorkTracker;
  /** Tells a member by DM when the bot may not post in the post whose opening message asked it. */
  notices?: CannotPostNotices;
  /** Helpers' fixes (Send Spotify fix), shared with automatic replies. */
  fixes?: HelperFixes;
}

/**
 * `failed`: Discord failed the first reply (a 5xx, a lost connection), or the post's screenshot could not be
 * downloaded or read for now and nothing else answered it; a later sweep sends it. `answered-by-helper`: a helper
 * sent a fix for the opening message (Send Spotify fix) before the first reply was ready: none is sent.
 */
export type ForumOutcome = 'answered' | 'onboarded' | 'already-handled' | 'quiet' | 'failed' | 'answered-by-helper';

/** What an edit or deletion of a post's opening message did to the bot's first reply there. */
export type StarterFollowOutcome = 'not-followed' | 'unchanged' | 'answered' | 'updated' | 'removed' | 'failed';

/** The bot's first reply in a post, with whom it answers, and since when (the post's opening on the bot's clock). */
interface FollowedReply extends FirstReply {
  ownerId: string;
  since: number;
  /**
   * The entries the reply shows since an edit the database did not take: the rest (codes, greeting, counted)
   * is still what the row says and the stats count, so that the count moves once, here or after a restart.
   */
  showing?: readonly string[];
}

/** How long the first reply follows edits of the opening message (after it was sent, or the post opened). */
const FOLLOW_MS = 24 * 60 * 60_000;
/**
 * A first reply taken to be sent longer ago than this and not known to be sent was lost with the process sending it:
 * far longer than sending takes (each request to Discord gives up within seconds), so a live process is not sent beside.
 */
const SENDING_MS = 2 * 60_000;

/**
 * Runs the help forums a server chose: answers or greets each new post once, follows edits of its
 * opening message, keeps the idle timer of each post in the database, and sweeps; closing posts
 * (gone quiet or marked solved) is PostClosing's (closing.ts), and reading posts opened while the bot was away
 * PostCatchUp's (catch-up.ts).
 */
export class HelpForums {
  /**
   * The first reply in each post lately answered or greeted, for a day: an edit of the opening
   * message updates it, or turns the greeting into the answer once the error is added. Kept in the
   * database too (for a restart, or another process); this is what a database not answering leaves.
   */
  private readonly firstReplies = new LRUCache<string, FollowedReply>({ max: 10_000, ttl: FOLLOW_MS });
  /** By post: its first reply, then edits and deletion of its opening message, in the order they came. */
  private readonly byPost = new KeyedQueue();
  /**
   * Opening messages edited before their post reached the forums (while the new message's settings
   * are read, the post is not queued yet): messages are not cached, so the post is answered from this.
   */
  private readonly editedEarly = new LRUCache<string, Message | PartialMessage>({ max: 1000, ttl: 60_000 });
  /** Opening messages deleted in that same window: their post gets no reply where the server keeps delete-with-source on. */
  private readonly deletedEarly = new LRUCache<string, true>({ max: 1000, ttl: 60_000 });
  /** New posts this process is answering or greeting now: claimed with their first reply still to send, which is theirs. */
  private readonly welcoming = new Set<string>();
  /** Opening messages a helper is sending a fix for, or sent one (Send Spotify fix): a first reply still on its way would be a second answer. */
  private readonly fixes: HelperFixes;
  /** Servers the bot was removed from whose open posts are still to end (the database did not answer then). */
  private readonly serversLeft = new Set<string>();
  /** Whether the servers left while the bot was stopped are still to look for (the database did not answer at start). */
  private lookForServersLeftWhileStopped = false;
  private readonly closing: PostClosing;
  /** Posts opened while the bot was away (catch-up.ts). */
  private readonly missed: PostCatchUp;
  /** The client the sweeps run on, once the bot is ready: a lost gateway connection catches up with it. */
  private client?: Client;
  private stopSweeping?: () => void;
  private stopped = false;

  constructor(private readonly deps: HelpForumDeps) {
    this.fixes = deps.fixes ?? new HelperFixes();
    this.closing = new PostClosing(deps);
    this.missed = new PostCatchUp(deps, {
      byPost: this.byPost,
      welcoming: this.welcoming,
      welcomeNew: (message, thread, forum, createdAt) => this.onNewPost(message, thread, forum, createdAt),
    });
  }

  /**
   * A message in a help-forum post (any author): a new post's starter (`opensPost`) is answered or greeted;
   * any other message restarts the timer (answered beside it, as a mention or an automatic reply).
   */
  async onMessage(message: Message<true>, thread: AnyThreadChannel, forum: HelpForum, fromMember: boolean): Promise<ForumOutcome | undefined> {
    const { store, clock } = this.deps;
    const now = clock.now();
    if (opensPost(message, thread, fromMember)) {
      this.welcoming.add(thread.id);
      return this.byPost.run(thread.id, () => this.onNewPost(message, thread, forum)).finally(() => this.welcoming.delete(thread.id));
    }
    // The post's timer is bookkeeping: a database that does not answer must not keep the message from being answered.
    await this.bookkeep('record forum activity', thread.id, async () => {
      const post = await store.getPost(thread.id);
      if (!post) {
        // A post opened while the bot was away (or before the forum was chosen): followed from a member's message, not greeted.
        // Not one being answered as new now (its claim on its way): that would keep it from being answered.
        const ownerId = thread.ownerId ?? message.author.id;
        if (fromMember && !this.welcoming.has(thread.id)) await store.claimPost(followed(thread, forum, ownerId, openedAt(thread, now), now, message.author.id !== ownerId));
        return;
      }
      const fromBot = message.author.id === message.client.user.id;
      // The bot's own closing line does not reopen what it closed; anyone else's message does, also when
      // a sweep closed the post since it was read here (the sweep then leaves it open in Discord too).
      if (fromBot && post.state !== 'open') return;
      // Answered by someone other than its owner: a member, or the bot with an entry later on (an automatic reply,
      // an @mention's answer, Send Spotify fix), not with a greeting, a menu or a closing line.
      const entry = fromBot ? answeredWith(message, (key) => codeOfKey(this.deps.answerer.lookup.entries, key)) : undefined;
      await store.recordActivity(thread.id, now, answersPost(message, post.ownerId, message.client.user.id), !fromBot);
      // Greeted, and answered since: the entry counted helpful if it is marked solved (the first reply's own answer wins).
      if (entry !== undefined) await store.recordLaterAnswer(thread.id, entry);
    });
    return undefined;
  }

  /** Runs a write of the posts' bookkeeping; a database that does not answer is logged (false), never thrown. */
  private bookkeep(what: string, threadId: string, work: () => Promise<unknown>): Promise<boolean> {
    return bookkeep(this.deps.logger, what, threadId, work);
  }

  /** `createdAt`: when the post opened, for one opened while the bot was away (else now). */
  private async onNewPost(message: Message<true>, thread: AnyThreadChannel, forum: HelpForum, createdAt?: number): Promise<ForumOutcome> {
    const { store, clock, guildData } = this.deps;
    const now = clock.now();
    // Claimed once, so that a post is answered once; where the database does not answer, it is answered anyway (without a timer).
    // Claimed with its first reply still to send: a process killed before it went out leaves it to the next sweep.
    let claimed = true;
    const recorded = await this.bookkeep('claim a new post', thread.id, async () => {
      claimed = await store.claimPost({
        guildId: message.guildId,
        threadId: thread.id,
        forumId: forum.forumId,
        ownerId: thread.ownerId ?? message.author.id,
        createdAt: createdAt ?? now,
        lastActivityAt: now,
        answered: false,
        onboarded: false,
        state: 'open',
        welcomePending: true,
      });
    });
    if (!claimed) return 'already-handled';
    const settings = await guildData.settings(message.guildId);
    const phrases = await guildData.phrases(message.guildId);
    const content = this.editedEarly.get(thread.id)?.content ?? message.content;
    this.editedEarly.delete(thread.id);
    // Taken just before it is sent, as a sweep takes it: another process's sweep may have sent it while this one read the post.
    const take = recorded ? () => this.takeWelcome(thread.id) : undefined;
    // Its reply would go with it at once (see onDelete): none is posted.
    const outcome = this.deletedEarly.has(thread.id) && settings.deleteWithSource ? 'quiet' : await this.welcome(message, content, thread, forum, settings, phrases, false, take);
    if (!recorded) return outcome;
    // Discord failing (a 5xx, a lost connection), or the screenshot not read for now: still to send, by a later sweep.
    // Sent, or not to be sent (a refusal would be refused again): done. Taken by another process: that one's to finish.
    if (outcome === 'failed') await this.bookkeep('record a failed reply', thread.id, () => store.welcomeFailed(thread.id));
    else if (outcome !== 'already-handled') await this.bookkeep('record the first reply', thread.id, () => store.welcomeSent(thread.id));
    return outcome;
  }

  /** Takes a new post's first reply to send it: false when a sweep took it first; a database that does not answer leaves it to this process. */
  private async takeWelcome(threadId: string): Promise<boolean> {
    let mine = true;
    await this.bookkeep('take the first reply', threadId, async () => {
      mine = await this.deps.store.takeWelcome(threadId, this.deps.clock.now());
    });
    return mine;
  }

  /**
   * Answers a post's opening message, or greets it: its first reply, recorded with the post. A screenshot not read
   * for now (its download failed, too many images waiting) leaves it to the next sweep, unless this is that (`lastTry`).
   * `take`, if given, is asked just before the reply is sent: false, and it is not (another sent it).
   */
  private async welcome(
    message: Message<true>,
    content: string,
    thread: AnyThreadChannel,
    forum: HelpForum,
    settings: GuildSettings,
    phrases: readonly ExtraPhrase[],
    lastTry: boolean,
    take?: () => Promise<boolean>,
  ): Promise<ForumOutcome> {
    const { store, answerer, poster, stats } = this.deps;
    const ask = unaskedAsk({
      settings,
      guildId: message.guildId,
      phrases,
      text: content,
      attachments: attachmentsOf(message),
      where: { way: 'forum', title: thread.name },
      admitImages: (images) => this.deps.gate.admitImagesInBudget(postOf(message), images),
    });
    const answer = await answerer.answer(ask);
    // Deleted while its screenshot was read: its reply would go with it at once (see onDelete), so none is posted.
    if (this.deletedEarly.has(thread.id) && settings.deleteWithSource) return 'quiet';
    if (await this.fixes.answered(thread.id)) return 'answered-by-helper';
    const reply = answerer.present(answer, ask, { askedBy: message.author.id, compact: settings.compact, helpForumPost: thread.id });
    if (!reply && !lastTry && answer.reading?.tryAgain) return 'failed';
    if (reply) {
      if (take && !(await take())) return 'already-handled';
      const sent = await poster.reply(thread, message.id, reply.payload);
      if (!sent.ok) return this.notSent(message, sent);
      const counted = stats.record(message.guildId, reply.stats);
      // The post shows that error now: the owner's "still Error code: …" is not answered with it again.
      this.deps.gate.shownByFirstReply(answer, postOf(message), settings, sent.message.id);
      // What it counted is kept with it, so that an edit after a restart moves the count too.
      const first = { replyId: sent.message.id, codes: reply.codes, greeting: false, counted };
      this.firstReplies.set(thread.id, { ...first, ownerId: message.author.id, since: this.deps.clock.now() });
      this.deps.metrics?.answered(reply);
      // The entry on screen, counted helpful if the post is marked solved (a shared-message list has none).
      await this.bookkeep('record the answer', thread.id, () => store.recordWelcome(thread.id, { answerCode: answer.kind === 'entries' ? (reply.codes[0] ?? '') : '' }, first));
      return 'answered';
    }
    // A forum that does not greet posts still answers one whose opening message asks the bot, as any channel would.
    if (!forum.onboarding && !mentionsBot(message)) return 'quiet';
    const candidates = answerer.likelyEntries(ask.text, phrases, CANDIDATE_SCORE, MAX_CANDIDATES);
    if (take && !(await take())) return 'already-handled';
    const sent = await poster.reply(thread, message.id, renderOnboarding(thread.id, candidates));
    if (!sent.ok) return this.notSent(message, sent);
    const first = { replyId: sent.message.id, codes: [], greeting: true };
    this.firstReplies.set(thread.id, { ...first, ownerId: message.author.id, since: this.deps.clock.now() });
    await this.bookkeep('record the greeting', thread.id, () => store.recordWelcome(thread.id, { onboarded: true }, first));
    this.deps.metrics?.answers.inc({ way: 'forum', outcome: candidates.length ? 'menu' : 'miss' });
    return 'onboarded';
  }

  /**
   * A first reply Discord failed is sent later; one the bot may not post is not. A member whose opening message
   * asked the bot then hears why by DM, as anywhere else; a post that did not ask stays silent, as automatic replies do.
   */
  private async notSent(message: Message<true>, sent: Extract<PostResult, { ok: false }>): Promise<ForumOutcome> {
    if (sent.failing) return 'failed';
    if (sent.denied && mentionsBot(message)) await this.deps.notices?.tell(message.author, message.channelId, sent.missing);
    return 'quiet';
  }

  /**
   * Sends the first replies Discord failed when their posts were new, once it answers again: answered (or greeted)
   * from the opening message as it is now. A post closed, deleted, archived, or whose opening message is gone, gets nothing.
   */
  private async sendFailedWelcomes(client: Client, guildIds: readonly string[]): Promise<void> {
    const { store, guildData } = this.deps;
    for await (const post of withTurns(await store.pendingWelcomes(guildIds))) {
      if (this.stopped) return;
      if (this.welcoming.has(post.threadId)) continue;
      // Being sent by another process now, perhaps: read back once that would be over.
      if (post.welcomeTakenAt !== undefined && this.deps.clock.now() - post.welcomeTakenAt < SENDING_MS) continue;
      const forum = (await guildData.settings(post.guildId)).forums.find((f) => f.forumId === post.forumId);
      // No longer a help forum (or settings not known for now): the idle sweep ends it, or the next sweep tries again.
      if (!forum) continue;
      await this.byPost.run(post.threadId, async () => {
        // Discord not answering yet: left for the next sweep.
        const thread = await threadOf(client, post.threadId);
        if (thread === undefined) return;
        // As it is now (edited meanwhile, perhaps), not as a cache remembers it.
        const starter = thread && (await thread.messages.fetch({ message: post.threadId, force: true }).catch((err: unknown) => (isGoneMessage(err) ? null : undefined)));
        if (starter === undefined) return;
        const replied = thread ? await replyTo(thread, client.user?.id) : null;
        if (replied === undefined) return;
        if (!thread || !starter || thread.archived || replied) {
          // Gone out all the same (the process sending it killed, the connection lost after Discord posted it): the
          // post's first reply, followed as one this process sent.
          if (replied) await this.recordReadBack(post, replied);
          await store.welcomeSent(post.threadId);
          return;
        }
        // Taken by a process killed while sending it (not in the post, read back above): to send, by one process.
        if (post.welcomeTakenAt !== undefined && !(await store.releaseWelcome(post.threadId))) return;
        // Taken just before it is sent, once: another process, or this one before a restart, does not send it too. Not
        // before reading its screenshots, which may take longer than a take is trusted for (`SENDING_MS`).
        const take = () => store.takeWelcome(post.threadId, this.deps.clock.now());
        const outcome = await this.welcome(starter, starter.content, thread, forum, await guildData.settings(post.guildId), await guildData.phrases(post.guildId), true, take);
        // Sent by another process meanwhile: that one records it.
        if (outcome === 'already-handled') return;
        if (outcome === 'failed') await this.bookkeep('record a failed reply', post.threadId, () => store.welcomeFailed(post.threadId));
        else await this.bookkeep('record the first reply', post.threadId, () => store.welcomeSent(post.threadId));
        this.deps.logger.debug({ thread: post.threadId, outcome }, 'help forum: a first reply Discord failed tried again');
      });
    }
  }

  /** A post's first reply found in the post by a sweep: kept with the post as `welcome` keeps one it sends (what it counted is not known). */
  private async recordReadBack(post: ForumPost, replied: Message): Promise<void> {
    const shown = firstReplyShown(replied, (key) => codeOfKey(this.deps.answerer.lookup.entries, key));
    if (!shown) return;
    const { how, reply } = shown;
    this.firstReplies.set(post.threadId, { ...reply, ownerId: post.ownerId, since: post.createdAt });
    await this.bookkeep('record the first reply read back', post.threadId, () => this.deps.store.recordWelcome(post.threadId, how, reply));
  }

  /**
   * An edited message: when it opens a post the bot answered or greeted, the reply follows what the
   * title and the text now show (a greeting becomes the answer once the error is added); any other
   * message is left to `others` (automatic replies). Text only: the post's screenshots were read when it was posted.
   */
  onEdit<T>(message: Message | PartialMessage, others: () => Promise<T>): Promise<StarterFollowOutcome | T> {
    if (message.id !== message.channelId) return others();
    // The latest edit, even behind an earlier one still queued: the new post is answered from the newest text.
    if (!this.firstReplies.has(message.id)) this.editedEarly.set(message.id, message);
    return this.byPost.run(message.id, async () => {
      const first = await this.firstReplyOf(message);
      return first === 'not-a-help-post' ? others() : this.followStarterEdit(message, first);
    });
  }

  /** A deleted message: when it opens a post the bot replied in, the reply goes too (if the server keeps that setting on). */
  onDelete<T>(message: Message | PartialMessage, others: () => Promise<T>): Promise<StarterFollowOutcome | T> {
    if (message.id !== message.channelId) return others();
    if (!this.firstReplies.has(message.id)) this.deletedEarly.set(message.id, true);
    return this.byPost.run(message.id, async () => {
      const first = await this.firstReplyOf(message);
      if (first === 'not-a-help-post') return others();
      if (!first || !message.inGuild() || !message.channel.isThread()) return 'not-followed';
      this.firstReplies.delete(message.id);
      if (!(await this.deps.guildData.settings(message.guildId)).deleteWithSource) return 'unchanged';
      // Discord failing: tried again in the background, as no later edit of a deleted message comes.
      return (await this.deps.poster.remove(message.channel, first.replyId)) === 'failing' ? 'failed' : 'removed';
    });
  }

  /**
   * The bot's first reply in the post a message opens (a post's opening message has the post's ID),
   * within a day: from memory, else from the database (after a restart). A database that does not
   * answer leaves it unfollowed. Posts outside the help forums are automatic replies' to follow.
   */
  private async firstReplyOf(message: Message | PartialMessage): Promise<FollowedReply | undefined | 'not-a-help-post'> {
    const known = this.firstReplies.get(message.id);
    if (known) return this.deps.clock.now() - known.since < FOLLOW_MS ? known : undefined;
    if (!message.inGuild() || !helpPostOf(message.channel, await this.deps.guildData.settings(message.guildId))) return 'not-a-help-post';
    let post: ForumPost | undefined;
    await this.bookkeep('follow the opening message', message.id, async () => {
      post = await this.deps.store.getPost(message.id);
    });
    if (!post?.firstReply || this.deps.clock.now() - post.createdAt >= FOLLOW_MS) return undefined;
    const followed = { ...post.firstReply, ownerId: post.ownerId, since: post.createdAt };
    this.firstReplies.set(message.id, followed);
    return followed;
  }

  private async followStarterEdit(message: Message | PartialMessage, first: FollowedReply | undefined): Promise<StarterFollowOutcome> {
    const { answerer, guildData, poster, stats, store } = this.deps;
    const thread = message.channel;
    if (!first || !message.inGuild() || !thread.isThread() || message.content == null) return 'not-followed';
    const settings = await guildData.settings(message.guildId);
    const ask = unaskedAsk({
      settings,
      guildId: message.guildId,
      phrases: await guildData.phrases(message.guildId),
      text: message.content,
      attachments: [],
      where: { way: 'forum', title: thread.name },
    });
    const answer = answerer.detectText(ask);
    const reply = answerer.present(answer, ask, { askedBy: first.ownerId, compact: settings.compact, helpForumPost: thread.id });
    // Showing nothing now, the reply stays: the title or a screenshot may still show the error, and a greeting still helps.
    const shows = first.showing ?? (first.greeting ? undefined : first.codes);
    if (!reply || (shows && reply.codes.join('|') === shows.join('|'))) return 'unchanged';
    // The text shows a message several errors share, one of them answered: the screenshot's code said which
    // (with no attachment, the text's own code did, and its edit took it out).
    if (answer.kind === 'group' && shows?.length === 1 && reply.codes.includes(shows[0]!) && message.attachments.size > 0) return 'unchanged';
    const edited = await poster.edit(thread, first.replyId, reply.payload);
    // Discord failing: still followed, and still what it was, so the next edit tries again.
    if (edited === 'failing') return 'failed';
    if (edited === 'refused') {
      // The reply is gone (dismissed, deleted) or may no longer be edited: not followed any more, after a restart either.
      this.firstReplies.delete(thread.id);
      await this.bookkeep('forget the reply', thread.id, () => store.forgetFirstReply(thread.id));
      return 'not-followed';
    }
    const post = { guildId: message.guildId, channelId: thread.id, authorId: first.ownerId, scopeIds: scopeIds(thread) };
    this.deps.gate.shownByFirstReply(answer, post, settings, first.replyId);
    // The stats count the answer under what it shows now. What a reply stored by an older version counted is
    // not known: that count stays where it is, rather than be counted twice.
    const counted = first.greeting || first.counted ? stats.counting(message.guildId, reply.stats) : undefined;
    const shown = { replyId: first.replyId, codes: reply.codes, greeting: false, counted };
    // The row is the record of what the reply counted: the count moves only once it says so. Not written (the
    // database not answering), the count stays under what the row says, and the next edit moves it.
    if (await this.bookkeep('record the answer', thread.id, () => store.recordWelcome(thread.id, { answerCode: answer.kind === 'entries' ? (reply.codes[0] ?? '') : '' }, shown))) {
      if (first.counted) stats.uncount(first.counted);
      if (counted) stats.count(counted);
      this.firstReplies.set(thread.id, { ...shown, ownerId: first.ownerId, since: first.since });
    } else {
      this.firstReplies.set(thread.id, { ...first, showing: reply.codes });
    }
    // Already an answer on screen since an edit the database did not take: updated, not answered again.
    if (!first.greeting || first.showing) return 'updated';
    this.deps.metrics?.answered(reply);
    return 'answered';
  }

  /**
   * Mark solved (button or /solved): the post's owner or a member with Manage Threads. Applies the
   * solved tag (keeping the others within five), posts one closing line, archives (and locks).
   */
  markSolved(thread: AnyThreadChannel, userId: string, canManageThreads: boolean): Promise<SolveResult> {
    return this.closing.markSolved(thread, userId, canManageThreads);
  }

  /**
   * Posts opened while the bot was away (stopped, or its gateway connection lost, when Discord sends no missed
   * messages): each active post of a help forum of these servers (the shard's, or all this process serves) that the
   * database does not know is answered or greeted as a new post would have been when it opened within a day, else
   * only followed (its idle timer from its last message). A server Discord or the database failed is read again by the next sweep.
   */
  catchUp(client: Client, shardId?: number): Promise<void> {
    return this.missed.catchUp(client, shardId);
  }

  /** After a lost gateway connection that could not be resumed (a new session): the shard's servers, once the bot is running (at start, ready does it). */
  async catchUpShard(shardId: number): Promise<void> {
    if (this.client && !this.stopped) await this.catchUp(this.client, shardId);
  }

  /**
   * The bot was removed from a server: its open posts end. Sweeps read only the servers the bot is in, so none would
   * close them, and retention deletes only posts that ended; a message there after the bot is added back reopens one.
   */
  async serverLeft(guildId: string): Promise<void> {
    this.serversLeft.add(guildId);
    // The others still to end too, but not one the bot was added back to since (this.client: once ready).
    await this.endPostsOfServersLeft(this.client);
  }

  /** The open posts of the servers left, those the database did not end then (it did not answer): by a later sweep. */
  private async endPostsOfServersLeft(client?: Client): Promise<void> {
    const { store, clock, logger } = this.deps;
    for (const guildId of [...this.serversLeft]) {
      // Added back meanwhile: its posts are followed again.
      if (client?.guilds.cache.has(guildId)) {
        this.serversLeft.delete(guildId);
        continue;
      }
      const done = await bookkeep(logger, 'end the posts of a server left', guildId, async () => {
        const ended = await store.endGuildPosts(guildId, clock.now());
        if (ended) logger.info({ guild: guildId, ended }, 'help forum: the bot left a server, its open posts ended');
      });
      if (done) this.serversLeft.delete(guildId);
    }
  }

  /**
   * At start, once this process's shards are ready: the open posts of servers they would serve but the bot is not in
   * (removed while it was not running: no guildDelete came) end, as `serverLeft` ends them. Discord lists every server
   * of a shard when it is ready, one in an outage too (unavailable, still in the cache): its posts are kept.
   */
  async endPostsOfServersLeftWhileStopped(client: Client): Promise<void> {
    const { store, logger } = this.deps;
    const { shards, shardCount } = client.options;
    const served = new Set(Array.isArray(shards) ? shards : [0]);
    let guildIds: string[];
    try {
      guildIds = await store.guildsWithOpenPosts();
    } catch (err) {
      if (!(err instanceof StorageUnavailableError)) throw err;
      // Looked for again by each sweep until the database answers: logged once.
      if (!this.lookForServersLeftWhileStopped) logger.warn({ operation: err.operation }, 'help forum: servers left while the bot was stopped not looked for, the database did not answer');
      this.lookForServersLeftWhileStopped = true;
      return;
    }
    this.lookForServersLeftWhileStopped = false;
    for (const guildId of guildIds) {
      if (!client.guilds.cache.has(guildId) && served.has(shardOf(guildId, shardCount ?? 1))) await this.serverLeft(guildId);
    }
  }

  /** Starts closing posts that went quiet, every `everyMs`, for the servers this process serves. */
  startSweeping(client: Client, everyMs: number): void {
    this.client = client;
    this.stopSweeping?.();
    this.stopSweeping = this.deps.clock.every(everyMs, () => {
      const sweep = () => this.sweep(client).catch((err: unknown) => this.deps.logger.warn({ err }, 'help-forum sweep failed'));
      if (this.deps.work) this.deps.work.run(sweep);
      else void sweep();
    });
  }

  /** No more sweeps; one in flight stops after the post it is closing. */
  stop(): void {
    this.stopped = true;
    this.closing.stop();
    this.missed.stop();
    this.stopSweeping?.();
  }

  /**
   * One sweep over this process's servers: finishes closes a killed process left half done, sends the first
   * replies Discord failed, and closes the posts that went quiet for their forum's idle time (how many).
   */
  async sweep(client: Client): Promise<number> {
    if (this.lookForServersLeftWhileStopped) await this.endPostsOfServersLeftWhileStopped(client);
    await this.endPostsOfServersLeft(client);
    // Only the shard that owns a guild acts on it: this process's guilds.
    const guildIds = [...client.guilds.cache.keys()];
    if (guildIds.length === 0) return 0;
    const now = this.deps.clock.now();
    await this.closing.finishCloses(client, guildIds);
    await this.missed.pending(client);
    await this.sendFailedWelcomes(client, guildIds);
    const closed = await this.closing.closeIdle(client, guildIds, now);
    // The clock's time, so an end-to-end test can tell a sweep that saw its clock moved.
    this.deps.logger.debug({ closed, now }, 'help-forum sweep done');
    return closed;
  }
}

/** The shard that serves a server: Discord's sharding formula. */
function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
