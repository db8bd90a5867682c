import type { HelpForum } from '../settings/schema.js';
import type { Counted } from '../storage/guild-data.js';

/** What the bot keeps about a help-forum post (in the database, so restarts and shards agree). */
export interface ForumPost {
  guildId: string;
  threadId: string;
  forumId: string;
  ownerId: string;
  createdAt: number;
  /** The last message in the post, by anyone: the idle timer counts from here. */
  lastActivityAt: number;
  /** Someone other than its owner answered: the bot with an entry, or a member. */
  answered: boolean;
  /** The bot greeted it (no documented error showed). */
  onboarded: boolean;
  /** The entry the bot answered with, counted helpful when the post is marked solved. */
  answerCode?: string;
  /** The bot's first reply in the post, which follows edits of its opening message (after a restart too). */
  firstReply?: FirstReply;
  /** `ended`: no longer followed, without the bot closing it (its thread gone, its forum no longer a help forum, the bot removed from its server). */
  state: 'open' | 'solved' | 'closed' | 'ended';
  /** Who marked it solved. */
  solvedBy?: SolvedBy;
  /** Closed (or solved) in the database, and what is still to do in Discord. */
  discordClose?: DiscordClose;
  /**
   * Claimed, and its first reply not sent: Discord failed it (a 5xx, a lost connection), or the process answering it
   * was killed (a new post is claimed so, until its reply is sent or not to be sent), so a later sweep sends it.
   */
  welcomePending?: boolean;
  /**
   * When its first reply was taken to be sent, while it is not known to have gone out: the process sending it may
   * have been killed before Discord confirmed it, so a later sweep reads the post back and sends it only if no reply
   * of the bot's is there.
   */
  welcomeTakenAt?: number;
}

/** What closing a post still has to do in Discord: post the closing line (then archive), or archive (and lock) only. */
export type DiscordClose = 'line' | 'archive';

/** The bot's first reply in a post: its answer, or the greeting. */
export interface FirstReply {
  replyId: string;
  /** The entries it shows; none for the greeting. */
  codes: readonly string[];
  greeting: boolean;
  /** What it counted in the stats: an edit that changes the error moves it (after a restart too). Unknown for older rows. */
  counted?: Counted;
}

export type SolvedBy = 'owner' | 'helper';

/** How a post stops being open: marked solved, closed when quiet, or ended without the bot closing it. */
export type PostEnding = { state: 'solved'; by: SolvedBy } | { state: 'closed' } | { state: 'ended' };

/** The help-forum posts the bot follows: one row per post, claimed once, closed once. */
export interface ForumPostStore {
  /** Records a new post; false when it was already recorded (another process, or before a restart, handled it). */
  claimPost(post: ForumPost): Promise<boolean>;
  getPost(threadId: string): Promise<ForumPost | undefined>;
  /**
   * A message in the post: the idle timer restarts; `answered` when it was not its owner's (or the bot's greeting).
   * `reopen`: a closed or solved post is open again, in the same write; else only an open post's timer moves.
   */
  recordActivity(threadId: string, at: number, answered: boolean, reopen?: boolean): Promise<void>;
  /** How the bot met the post: an answer (with its entry) or the greeting, and its reply there (also when an edit changed it). */
  recordWelcome(threadId: string, how: { answerCode: string } | { onboarded: true }, reply: FirstReply): Promise<void>;
  /** The bot answered the post after its first reply (the greeting): the entry it was answered with, unless it has one (`''`: several). */
  recordLaterAnswer(threadId: string, answerCode: string): Promise<void>;
  /** Discord failed the first reply of an open post (a 5xx, a lost connection): a later sweep sends it. */
  welcomeFailed(threadId: string): Promise<void>;
  /**
   * Open posts of these servers whose first reply is still to send (Discord failed it, or the process was killed first),
   * or was taken and not known to be sent (`welcomeTakenAt`).
   */
  pendingWelcomes(guildIds: readonly string[]): Promise<ForumPost[]>;
  /** Takes an open post's first reply still to send, at `at`: true for one caller only, so that a post is answered once. */
  takeWelcome(threadId: string, at: number): Promise<boolean>;
  /** A first reply taken and not found in its post when read back: still to send (true for one caller only, who takes it then). */
  releaseWelcome(threadId: string): Promise<boolean>;
  /** The first reply went out, or is not to be sent (a refusal would be refused again, the post is gone): nothing left to send. */
  welcomeSent(threadId: string): Promise<void>;
  /** The bot's first reply is gone (dismissed, deleted): edits of the opening message are no longer followed. */
  forgetFirstReply(threadId: string): Promise<void>;
  /** Open posts of these servers whose last message is older than `before`. */
  idlePosts(guildIds: readonly string[], before: number): Promise<ForumPost[]>;
  /**
   * Closes (or ends) an open post once: true for the caller that closed it, false when it was no longer open
   * (or, given `quietSince`, when a message came after that time: the post is no longer quiet). A closed or
   * solved post is then still to close in Discord (`discordClose` is `line`).
   */
  closePost(threadId: string, how: PostEnding, at: number, quietSince?: number): Promise<boolean>;
  /** A closed or solved post got a new message: it is open again. */
  reopenPost(threadId: string, at: number): Promise<void>;
  /**
   * What closing the post still has to do in Discord now (`null`: nothing). False when the post is no
   * longer closed (a message reopened it meanwhile) or nothing was left to do (or, given `from`, when
   * that is no longer what was left: another sweep did a step since).
   */
  closingInDiscord(threadId: string, next: DiscordClose | null, from?: DiscordClose): Promise<boolean>;
  /** Closed or solved posts of these servers that closing has not finished in Discord (a process killed meanwhile). */
  unfinishedCloses(guildIds: readonly string[]): Promise<ForumPost[]>;
  /** Ends the open posts of a server the bot was removed from (no sweep closes them any more); how many. */
  endGuildPosts(guildId: string, at: number): Promise<number>;
  /** The servers that have open posts, each once. */
  guildsWithOpenPosts(): Promise<string[]>;
}

/** Whether a post has gone quiet for its forum's idle time. */
export function isIdle(post: ForumPost, forum: HelpForum, now: number): boolean {
  return post.state === 'open' && now - post.lastActivityAt >= forum.idleHours * 3_600_000;
}

/** Discord allows five tags on a post: the solved tag joins the others, the last of which gives way if need be. */
export const MAX_APPLIED_TAGS = 5;

export function tagsWithSolved(applied: readonly string[], solvedTagId: string): string[] {
  if (applied.includes(solvedTagId)) return [...applied];
  return [...applied.slice(0, MAX_APPLIED_TAGS - 1), solvedTagId];
}
