import { setImmediate } from 'node:timers/promises';
import { sql, type Kysely, type Migration, type SelectQueryBuilder } from 'kysely';
import { deleteBatch, deleteInBatches } from './batches.js';
import type { DiscordClose, FirstReply, ForumPost, PostEnding, ForumPostStore, SolvedBy } from '../forums/posts.js';
import type { Counted, StatsEvent } from './guild-data.js';

/** The help-forum posts the bot follows (times in milliseconds since the epoch). */
export interface ForumPostsTable {
  forum_posts: {
    thread_id: string;
    guild_id: string;
    forum_id: string;
    owner_id: string;
    created_at: number | string;
    last_activity_at: number | string;
    answered: number;
    onboarded: number;
    answer_code: string | null;
    state: string;
    solved_by: string | null;
    closed_at: number | string | null;
    /** The bot's first reply in the post (0005). */
    first_reply_id: string | null;
    /** The entries that reply shows, one a line; null for the greeting. */
    first_reply_codes: string | null;
    /** What that reply counted in the stats, as JSON `{ day, events }` (0006); null for the greeting and older rows. */
    first_reply_counted: string | null;
    /** What closing the post still has to do in Discord (0007): `line`, then `archive`; null when nothing (or an older row). */
    discord_close: string | null;
    /**
     * 1 while the post's first reply is still to send, Discord having failed it (0008); 2 once it is taken to be sent,
     * until it is known to have gone out (or not to be sent); null or 0 otherwise.
     */
    welcome_pending: number | null;
    /** When the first reply was taken to be sent (0010), while `welcome_pending` is 2. */
    welcome_taken_at: number | string | null;
  };
}

export const forumPostsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('forum_posts')
      .addColumn('thread_id', 'text', (c) => c.primaryKey())
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('forum_id', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
      .addColumn('answered', 'integer', (c) => c.notNull())
      .addColumn('onboarded', 'integer', (c) => c.notNull())
      .addColumn('answer_code', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('solved_by', 'text')
      .addColumn('closed_at', 'bigint')
      .execute();
    await db.schema.createIndex('forum_posts_open').on('forum_posts').columns(['state', 'guild_id', 'last_activity_at']).execute();
    await db.schema.createIndex('forum_posts_guild_created').on('forum_posts').columns(['guild_id', 'created_at']).execute();
  },
};

/** The bot's first reply in each post, so that it follows edits of the opening message after a restart too. */
export const forumFirstReplyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // One column a statement: SQLite adds no more.
    await db.schema.alterTable('forum_posts').addColumn('first_reply_id', 'text').execute();
    await db.schema.alterTable('forum_posts').addColumn('first_reply_codes', 'text').execute();
  },
};

/** What the first reply counted in the stats, so that an edit after a restart moves the count rather than leave it. */
export const forumFirstReplyCountedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('forum_posts').addColumn('first_reply_counted', 'text').execute();
  },
};

/**
 * What closing each post still has to do in Discord: the row is closed first, so that one process closes it,
 * and a process killed before Discord heard of it leaves the rest to the next sweep.
 */
export const forumDiscordCloseMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('forum_posts').addColumn('discord_close', 'text').execute();
  },
};

/** Whether each post's first reply is still to send: a post whose reply Discord failed is answered once it answers again. */
export const forumWelcomePendingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('forum_posts').addColumn('welcome_pending', 'integer').execute();
  },
};

/** When each post's first reply was taken to be sent: one a process killed while sending it is read back and sent later. */
export const forumWelcomeTakenAtMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('forum_posts').addColumn('welcome_taken_at', 'bigint').execute();
  },
};

export interface ForumStats {
  opened: number;
  answeredByBot: number;
  /** Greeted, and not answered since (an edit that adds the error turns the greeting into the answer). */
  onboarded: number;
  solvedByOwner: number;
  solvedByHelper: number;
  closedIdle: number;
  /** Median minutes from a post to it being marked solved; null with none solved. */
  medianMinutesToSolved: number | null;
}

const GUILDS_PER_QUERY = 50;
/** `welcome_pending` of a first reply taken to be sent and not known to be sent. */
const WELCOME_TAKEN = 2;
const DAY_MS = 86_400_000;

function toPost(row: ForumPostsTable['forum_posts']): ForumPost {
  return {
    guildId: row.guild_id,
    threadId: row.thread_id,
    forumId: row.forum_id,
    ownerId: row.owner_id,
    createdAt: Number(row.created_at),
    lastActivityAt: Number(row.last_activity_at),
    answered: Number(row.answered) === 1,
    onboarded: Number(row.onboarded) === 1,
    ...(row.answer_code ? { answerCode: row.answer_code } : {}),
    ...(row.first_reply_id ? { firstReply: firstReplyOf(row.first_reply_id, row.first_reply_codes, countedOf(row.guild_id, row.first_reply_counted)) } : {}),
    state: row.state as ForumPost['state'],
    ...(row.solved_by ? { solvedBy: row.solved_by as SolvedBy } : {}),
    ...(row.discord_close === 'line' || row.discord_close === 'archive' ? { discordClose: row.discord_close } : {}),
    ...(Number(row.welcome_pending) === 1 ? { welcomePending: true } : {}),
    ...(Number(row.welcome_pending) === WELCOME_TAKEN ? { welcomeTakenAt: Number(row.welcome_taken_at ?? 0) } : {}),
  };
}

/** Codes are stored one a line (the reference's codes hold no line break). */
function firstReplyOf(replyId: string, codes: string | null, counted: Counted | undefined): FirstReply {
  if (codes === null) return { replyId, codes: [], greeting: true };
  return { replyId, codes: codes === '' ? [] : codes.split('\n'), greeting: false, ...(counted ? { counted } : {}) };
}

/** What a reply counted, as stored; unknown (its count then stays where it is) when absent or unreadable. */
function countedOf(guildId: string, stored: string | null): Counted | undefined {
  if (stored === null) return undefined;
  try {
    const { day, events } = JSON.parse(stored) as { day?: unknown; events?: unknown };
    if (typeof day !== 'string' || !Array.isArray(events)) return undefined;
    return { guildId, day, events: events as StatsEvent[] };
  } catch {
    return undefined;
  }
}

/** How the storage runs an operation: its deadline, SQLite's busy retries, outages counted (KyselyStorage.op). */
export type RunOperation = <T>(name: string, kind: 'read' | 'write' | 'report' | 'maintenance' | 'scan', work: () => Promise<T>) => Promise<T>;

/**
 * Help-forum posts in the bot's database (SQLite or PostgreSQL): timers survive restarts and shards
 * agree. Every operation runs as the storage's others do, so a locked or unreachable database fails
 * it within its deadline, as a StorageUnavailableError.
 */
export class KyselyForumPosts implements ForumPostStore {
  constructor(
    private readonly db: Kysely<ForumPostsTable>,
    private readonly kind: 'sqlite' | 'postgres',
    private readonly run: RunOperation = (_name, _kind, work) => work(),
  ) {}

  claimPost(post: ForumPost): Promise<boolean> {
    return this.run('claim forum post', 'write', async () => {
      const result = await this.db
        .insertInto('forum_posts')
        .values({
          thread_id: post.threadId,
          guild_id: post.guildId,
          forum_id: post.forumId,
          owner_id: post.ownerId,
          created_at: post.createdAt,
          last_activity_at: post.lastActivityAt,
          answered: post.answered ? 1 : 0,
          onboarded: post.onboarded ? 1 : 0,
          answer_code: post.answerCode ?? null,
          state: post.state,
          solved_by: null,
          closed_at: null,
          first_reply_id: null,
          first_reply_codes: null,
          first_reply_counted: null,
          discord_close: null,
          welcome_pending: post.welcomePending ? 1 : null,
          welcome_taken_at: null,
        })
        .onConflict((oc) => oc.column('thread_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    });
  }

  getPost(threadId: string): Promise<ForumPost | undefined> {
    return this.run('read forum post', 'read', async () => {
      const row = await this.db.selectFrom('forum_posts').selectAll().where('thread_id', '=', threadId).executeTakeFirst();
      return row ? toPost(row) : undefined;
    });
  }

  recordActivity(threadId: string, at: number, answered: boolean, reopen = false): Promise<void> {
    return this.run('record forum activity', 'write', async () => {
      // Reopening and the timer in one write: a sweep closing the post in between cannot make the message lost.
      const open = reopen ? { state: 'open', solved_by: null, closed_at: null, discord_close: null } : {};
      await this.db
        .updateTable('forum_posts')
        .set({ last_activity_at: at, ...(answered ? { answered: 1 } : {}), ...open })
        .where('thread_id', '=', threadId)
        .$if(!reopen, (q) => q.where('state', '=', 'open'))
        .execute();
    });
  }

  forgetFirstReply(threadId: string): Promise<void> {
    return this.run('forget forum reply', 'write', async () => {
      await this.db.updateTable('forum_posts').set({ first_reply_id: null, first_reply_codes: null, first_reply_counted: null }).where('thread_id', '=', threadId).execute();
    });
  }

  welcomeFailed(threadId: string): Promise<void> {
    return this.run('record a failed forum welcome', 'write', async () => {
      await this.db.updateTable('forum_posts').set({ welcome_pending: 1 }).where('thread_id', '=', threadId).where('state', '=', 'open').execute();
    });
  }

  pendingWelcomes(guildIds: readonly string[]): Promise<ForumPost[]> {
    return this.postsOf('find forum welcomes to send', guildIds, (q) => q.where('state', '=', 'open').where('welcome_pending', 'in', [1, WELCOME_TAKEN]));
  }

  takeWelcome(threadId: string, at: number): Promise<boolean> {
    return this.moveWelcome('take a forum welcome', threadId, 1, WELCOME_TAKEN, at);
  }

  releaseWelcome(threadId: string): Promise<boolean> {
    return this.moveWelcome('release a forum welcome', threadId, WELCOME_TAKEN, 1);
  }

  welcomeSent(threadId: string): Promise<void> {
    return this.run('record a forum welcome sent', 'write', async () => {
      await this.db.updateTable('forum_posts').set({ welcome_pending: 0 }).where('thread_id', '=', threadId).execute();
    });
  }

  /** An open post's first reply from one state to the next: true for one caller only. */
  private moveWelcome(name: string, threadId: string, from: number, to: number, at?: number): Promise<boolean> {
    return this.run(name, 'write', async () => {
      const result = await this.db
        .updateTable('forum_posts')
        .set({ welcome_pending: to, ...(at === undefined ? {} : { welcome_taken_at: at }) })
        .where('thread_id', '=', threadId)
        .where('state', '=', 'open')
        .where('welcome_pending', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  recordWelcome(threadId: string, how: { answerCode: string } | { onboarded: true }, reply: FirstReply): Promise<void> {
    return this.run('record forum welcome', 'write', async () => {
      // An answer without one entry (a shared-message list) is stored as an empty code: answered, nothing to count.
      const set = 'answerCode' in how ? { answered: 1, answer_code: how.answerCode } : { onboarded: 1 };
      const first = {
        first_reply_id: reply.replyId,
        first_reply_codes: reply.greeting ? null : reply.codes.join('\n'),
        first_reply_counted: reply.counted ? JSON.stringify({ day: reply.counted.day, events: reply.counted.events }) : null,
      };
      await this.db.updateTable('forum_posts').set({ ...set, ...first }).where('thread_id', '=', threadId).execute();
    });
  }

  recordLaterAnswer(threadId: string, answerCode: string): Promise<void> {
    return this.run('record a later forum answer', 'write', async () => {
      await this.db.updateTable('forum_posts').set({ answered: 1, answer_code: answerCode }).where('thread_id', '=', threadId).where('answer_code', 'is', null).execute();
    });
  }

  idlePosts(guildIds: readonly string[], before: number): Promise<ForumPost[]> {
    return this.postsOf('find idle forum posts', guildIds, (q) => q.where('state', '=', 'open').where('last_activity_at', '<=', before));
  }

  closePost(threadId: string, how: PostEnding, at: number, quietSince?: number): Promise<boolean> {
    return this.run('close forum post', 'write', async () => {
      const result = await this.db
        .updateTable('forum_posts')
        // A first reply still to send goes with it: a post reopened later is not answered then.
        .set({ state: how.state, solved_by: how.state === 'solved' ? how.by : null, closed_at: at, discord_close: how.state === 'ended' ? null : 'line', welcome_pending: null })
        .where('thread_id', '=', threadId)
        .where('state', '=', 'open')
        .$if(quietSince !== undefined, (q) => q.where('last_activity_at', '=', quietSince!))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  closingInDiscord(threadId: string, next: DiscordClose | null, from?: DiscordClose): Promise<boolean> {
    return this.run('close forum post in discord', 'write', async () => {
      const result = await this.db
        .updateTable('forum_posts')
        .set({ discord_close: next })
        .where('thread_id', '=', threadId)
        .where('state', '!=', 'open')
        .where('discord_close', 'is not', null)
        .$if(from !== undefined, (q) => q.where('discord_close', '=', from!))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  endGuildPosts(guildId: string, at: number): Promise<number> {
    return this.run('end forum posts of a server', 'maintenance', async () => {
      const result = await this.db
        .updateTable('forum_posts')
        .set({ state: 'ended', solved_by: null, closed_at: at, discord_close: null, welcome_pending: null })
        .where('guild_id', '=', guildId)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }

  guildsWithOpenPosts(): Promise<string[]> {
    return this.run('find servers with open forum posts', 'scan', async () => {
      const rows = await this.db.selectFrom('forum_posts').select('guild_id').distinct().where('state', '=', 'open').execute();
      return rows.map((row) => row.guild_id);
    });
  }

  unfinishedCloses(guildIds: readonly string[]): Promise<ForumPost[]> {
    return this.postsOf('find forum posts to close in discord', guildIds, (q) => q.where('state', 'in', ['closed', 'solved']).where('discord_close', 'is not', null));
  }

  /**
   * The posts of these servers that `which` selects, read GUILDS_PER_QUERY servers at a time with a turn for the
   * event loop between reads: SQLite's driver reads on the event loop, and a shard's thousands of open posts read
   * in a few queries, one after the other, held every server's messages for hundreds of milliseconds.
   */
  private postsOf(
    operation: string,
    guildIds: readonly string[],
    which: (query: SelectQueryBuilder<ForumPostsTable, 'forum_posts', ForumPostsTable['forum_posts']>) => SelectQueryBuilder<ForumPostsTable, 'forum_posts', ForumPostsTable['forum_posts']>,
  ): Promise<ForumPost[]> {
    return this.run(operation, 'scan', async () => {
      const posts: ForumPost[] = [];
      for (let i = 0; i < guildIds.length; i += GUILDS_PER_QUERY) {
        if (i > 0) await setImmediate();
        const rows = await which(this.db.selectFrom('forum_posts').selectAll().where('guild_id', 'in', guildIds.slice(i, i + GUILDS_PER_QUERY))).execute();
        posts.push(...rows.map(toPost));
      }
      return posts;
    });
  }

  /** Deletes the posts solved or closed before `before` (open ones stay, however old); how many. Stops between batches once `signal` aborts. */
  pruneEnded(before: number, signal?: AbortSignal): Promise<number> {
    return deleteInBatches(
      () =>
        this.run('prune forum posts', 'maintenance', () =>
          deleteBatch(this.db, this.kind, 'forum_posts', sql`state <> 'open' AND closed_at < ${before}`),
        ),
      signal,
    );
  }

  reopenPost(threadId: string, at: number): Promise<void> {
    return this.run('reopen forum post', 'write', async () => {
      await this.db
        .updateTable('forum_posts')
        .set({ state: 'open', solved_by: null, closed_at: null, discord_close: null, last_activity_at: at })
        .where('thread_id', '=', threadId)
        .where('state', '!=', 'open')
        .execute();
    });
  }

  /**
   * Posts opened in the last `days` days and what became of them: UTC days counting today, as the
   * other stats are counted (and pruned), not the last days × 24 hours.
   */
  stats(guildId: string, days: number, now = Date.now()): Promise<ForumStats> {
    const since = (Math.floor(now / DAY_MS) - (days - 1)) * DAY_MS;
    return this.run('forum stats', 'report', async () => {
      const rows = await this.db
        .selectFrom('forum_posts')
        .select(['answered', 'answer_code', 'onboarded', 'state', 'solved_by', 'created_at', 'closed_at'])
        .where('guild_id', '=', guildId)
        .where('created_at', '>=', since)
        .execute();
      const solved = rows.filter((r) => r.state === 'solved');
      const minutes = solved.map((r) => (Number(r.closed_at) - Number(r.created_at)) / 60_000).sort((a, b) => a - b);
      const middle = Math.floor(minutes.length / 2);
      const median = minutes.length === 0 ? null : minutes.length % 2 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
      return {
        opened: rows.length,
        answeredByBot: rows.filter((r) => r.answer_code !== null).length,
        // A greeting an edit turned into the answer counts once, as answered.
        onboarded: rows.filter((r) => Number(r.onboarded) === 1 && r.answer_code === null).length,
        solvedByOwner: solved.filter((r) => r.solved_by === 'owner').length,
        solvedByHelper: solved.filter((r) => r.solved_by === 'helper').length,
        closedIdle: rows.filter((r) => r.state === 'closed').length,
        medianMinutesToSolved: median === null ? null : Math.round(median),
      };
    });
  }
}
