import { ChannelType, Collection, DiscordAPIError, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { Answerer } from '../../../src/answers/answerer.js';
import { AutoReplyGate, IMAGES_PER_MEMBER_PER_MINUTE } from '../../../src/answers/auto-reply-gate.js';
import { ErrorLookup } from '../../../src/core/lookup.js';
import { loadEntries } from '../../../src/data/index.js';
import type { AttachmentInfo } from '../../../src/images/image-check.js';
import type { MessagePayload } from '../../../src/render/entry.js';
import type { FirstReply, ForumPost } from '../../../src/forums/posts.js';
import { HelpForums, type HelpForumDeps } from '../../../src/discord/forums/index.js';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';
import type { Counted, StatsEvent } from '../../../src/storage/guild-data.js';
import { fakeReader, image } from '../../answers/fakes.js';
import { BACKENDS, openTestStorage } from '../../storage/helpers.js';

const HOUR = 3_600_000;
const NOW = 100 * HOUR;
const forum = { forumId: 'forum-1', idleHours: 24, onboarding: true, lock: false };
const post = (threadId: string): ForumPost => ({
  guildId: 'guild-1', threadId, forumId: 'forum-1', ownerId: 'owner', createdAt: 0, lastActivityAt: 0, answered: false, onboarded: false, state: 'open',
});

/** A sweep over three quiet posts whose threads Discord reports deleted, hidden from the bot, or fails to fetch. */
async function sweepWith(failures: Record<string, Error>) {
  const closed: string[] = [];
  const deps = {
    store: {
      idlePosts: async () => Object.keys(failures).map(post),
      unfinishedCloses: async () => [], pendingWelcomes: async () => [],
      closePost: async (threadId: string, how: { state: string }) => {
        closed.push(`${threadId}: ${how.state}`);
        return true;
      },
    },
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
    clock: { now: () => NOW },
    logger: { warn: () => undefined, debug: () => undefined },
  } as unknown as HelpForumDeps;
  const client = {
    guilds: { cache: new Map([['guild-1', {}]]) },
    channels: { cache: new Map(), fetch: async (id: string) => Promise.reject(failures[id]) },
  } as unknown as Client;
  await new HelpForums(deps).sweep(client);
  return closed;
}

const apiError = (code: number, status: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'GET', '/channels/1', {});

describe('closing help-forum posts that went quiet', () => {
  it('forgets posts whose thread is gone, and keeps those Discord did not answer for', async () => {
    const closed = await sweepWith({
      deleted: apiError(10003, 404),
      hidden: apiError(50001, 403),
      outage: apiError(0, 503),
      network: new Error('socket hang up'),
    });
    // Ended, not "closed when quiet" in the stats: the bot closed nothing there.
    expect(closed.sort()).toEqual(['deleted: ended', 'hidden: ended']);
  });
});

describe.each(BACKENDS)('a sweep on %s racing a new message in the post', (backend) => {
  // The sweep lists the quiet posts, then closes them one by one (each a Discord request or two): a member's
  // message meanwhile, handled here or by another shard process on the same database, keeps the post open.
  it('leaves open a post that got a message after the sweep found it quiet', async () => {
    const { url, storage: sweeping } = await openTestStorage(backend);
    const { storage: other } = await openTestStorage(backend, url);
    const guildId = '111111111111111111';
    await sweeping.forumPosts.claimPost({ ...post('5591'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR });
    const sent: unknown[] = [];
    const thread = {
      id: '5591', guildId, isThread: () => true, appliedTags: [], client: { user: {} },
      permissionsFor: () => ({ missing: () => [] }),
      send: async (message: unknown) => sent.push(message),
      edit: async () => undefined,
    };
    const deps = {
      store: sweeping.forumPosts,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const client = {
      guilds: { cache: new Map([[guildId, {}]]) },
      channels: {
        cache: new Map(),
        // While the thread is fetched, the owner writes in the post.
        fetch: async () => {
          await other.forumPosts.recordActivity('5591', NOW, false);
          return thread;
        },
      },
    } as unknown as Client;
    expect(await new HelpForums(deps).sweep(client)).toBe(0);
    expect(sent).toEqual([]);
    expect(await other.forumPosts.getPost('5591')).toMatchObject({ state: 'open', lastActivityAt: NOW });
    await sweeping.close();
    await other.close();
  });
});

describe('posts of a forum that is no longer a help forum', () => {
  it('are closed in the database by the sweep, so that they are pruned like other ended posts (their owners\' IDs are not kept for ever)', async () => {
    const closed: string[] = [];
    const deps = {
      store: {
        idlePosts: async () => [post('of-a-deleted-forum')],
        unfinishedCloses: async () => [], pendingWelcomes: async () => [],
        closePost: async (threadId: string, how: { state: string }) => {
          closed.push(`${threadId}: ${how.state}`);
          return true;
        },
      },
      // The forum was deleted (or removed with `forum remove`): the settings no longer name it.
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [] }), storedSettings: async () => ({ ...DEFAULT_SETTINGS, forums: [] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const client = {
      guilds: { cache: new Map([['guild-1', {}]]) },
      channels: { cache: new Map(), fetch: async () => Promise.reject(new Error('not asked')) },
    } as unknown as Client;
    await new HelpForums(deps).sweep(client);
    // Ended, not "closed when quiet" in the stats: it was neither closed nor, perhaps, quiet for its idle time.
    expect(closed).toEqual(['of-a-deleted-forum: ended']);
  });

  it('are left alone while the settings last known are only the defaults and the database still names the forum', async () => {
    const closed: string[] = [];
    const deps = {
      store: { idlePosts: async () => [post('of-a-help-forum')], unfinishedCloses: async () => [], pendingWelcomes: async () => [], closePost: async (threadId: string) => Boolean(closed.push(threadId)) },
      guildData: { settings: async () => DEFAULT_SETTINGS, storedSettings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const client = { guilds: { cache: new Map([['guild-1', {}]]) }, channels: { cache: new Map(), fetch: async () => Promise.reject(new Error('not asked')) } } as unknown as Client;
    await new HelpForums(deps).sweep(client);
    expect(closed).toEqual([]);
  });
});

/** The posts' store in memory; `down` makes it fail as a database that does not answer. */
function memoryStore() {
  const posts = new Map<string, ForumPost>();
  const store = {
    down: false,
    posts,
    async claimPost(post: ForumPost) {
      if (store.down) throw new StorageUnavailableError('claim forum post', new Error('timeout'));
      if (posts.has(post.threadId)) return false;
      posts.set(post.threadId, post);
      return true;
    },
    async getPost(threadId: string) {
      if (store.down) throw new StorageUnavailableError('read forum post', new Error('timeout'));
      return posts.get(threadId);
    },
    async forgetFirstReply(threadId: string) {
      if (store.down) throw new StorageUnavailableError('forget forum reply', new Error('timeout'));
      const post = posts.get(threadId);
      if (post) posts.set(threadId, { ...post, firstReply: undefined });
    },
    async closingInDiscord() {
      return true;
    },
    async unfinishedCloses() {
      return [];
    },
    async idlePosts() {
      return [];
    },
    async welcomeFailed(threadId: string) {
      const post = posts.get(threadId);
      if (post?.state === 'open') posts.set(threadId, { ...post, welcomePending: true });
    },
    async pendingWelcomes() {
      return [...posts.values()].filter((post) => post.state === 'open' && post.welcomePending);
    },
    async takeWelcome(threadId: string) {
      const post = posts.get(threadId);
      if (post?.state !== 'open' || !post.welcomePending) return false;
      posts.set(threadId, { ...post, welcomePending: false });
      return true;
    },
    async recordWelcome(threadId: string, how: { answerCode: string } | { onboarded: true }, firstReply: FirstReply) {
      if (store.down) throw new StorageUnavailableError('record forum welcome', new Error('timeout'));
      const post = posts.get(threadId);
      if (post) posts.set(threadId, { ...post, ...('answerCode' in how ? { answered: true, answerCode: how.answerCode } : { onboarded: true }), firstReply });
    },
  };
  return store;
}

/** Stats as the database would add them up across restarts: each entry's count, what was taken back subtracted. */
function countingStats() {
  const counts: Record<string, number> = {};
  const add = (counted: Counted, by: number) => {
    for (const event of counted.events) if (event.kind === 'lookup') counts[event.code] = (counts[event.code] ?? 0) + by;
    for (const [code, n] of Object.entries(counts)) if (n === 0) delete counts[code];
  };
  return {
    counts,
    record(guildId: string | null, events: readonly StatsEvent[]): Counted | undefined {
      if (!guildId) return undefined;
      const counted = { guildId, day: '2026-11-25', events };
      add(counted, 1);
      return counted;
    },
    counting: (guildId: string | null, events: readonly StatsEvent[]): Counted | undefined => (guildId ? { guildId, day: '2026-11-25', events } : undefined),
    count: (counted: Counted) => add(counted, 1),
    uncount: (counted: Counted) => add(counted, -1),
  };
}

/** Help forums over the real answerer with a fake OCR reader, and the automatic replies' gate. */
async function forumsReadingImages(
  options: {
    store?: ReturnType<typeof memoryStore>;
    gate?: AutoReplyGate;
    now?: () => number;
    repliesGone?: boolean;
    stats?: ReturnType<typeof countingStats>;
    /** What Discord does with the next replies (one each, then they go out): fails them (a 5xx), or refuses them. */
    replyFailures?: Array<'failing' | 'refused'>;
  } = {},
) {
  const { reader, reads } = await fakeReader();
  const gate = options.gate ?? new AutoReplyGate();
  const store = options.store ?? memoryStore();
  const replies: Array<{ threadId: string; title: string | undefined }> = [];
  const edits: Array<{ replyId: string; title: string | undefined }> = [];
  const deleted: string[] = [];
  const warnings: string[] = [];
  const deps = {
    answerer: new Answerer(new ErrorLookup(loadEntries()), reader),
    gate,
    store,
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }), phrases: async () => [] },
    stats: options.stats ?? { record: () => undefined, counting: () => undefined },
    poster: {
      reply: async (thread: { id: string }, _to: string, payload: MessagePayload) => {
        const failure = options.replyFailures?.shift();
        if (failure === 'failing') return { ok: false, missing: [], failing: true };
        if (failure === 'refused') return { ok: false, missing: ['SendMessagesInThreads'] };
        replies.push({ threadId: thread.id, title: payload.embeds[0]?.title });
        return { ok: true, message: { id: `reply-${thread.id}` } };
      },
      // A reply gone (dismissed, deleted by a moderator): Discord refuses the edit.
      edit: async (_thread: unknown, replyId: string, payload: MessagePayload) => (edits.push({ replyId, title: payload.embeds[0]?.title }), options.repliesGone ? 'refused' : 'edited'),
      remove: async (_thread: unknown, replyId: string) => (deleted.push(replyId), 'deleted'),
    },
    clock: { now: options.now ?? (() => NOW) },
    logger: { warn: (_fields: unknown, msg: string) => void warnings.push(msg), debug: () => undefined },
  } as unknown as HelpForumDeps;
  return { forums: new HelpForums(deps), gate, store, reads, replies, edits, deleted, warnings };
}

/** A new post's opening message (it has the post's ID), by `member`. */
function newPost(threadId: string, content: string, images: AttachmentInfo[] = [], member = 'member') {
  const thread = {
    id: threadId,
    name: 'spotify help',
    ownerId: member,
    parentId: forum.forumId,
    parent: { parentId: null, type: ChannelType.GuildForum },
    guildId: 'guild-1',
    archived: false,
    isThread: () => true,
    // The opening message as Discord has it now, and the bot's replies to it (none).
    messages: { fetch: async (query: { after?: string }) => (query.after ? new Collection() : message) },
  };
  const message = {
    id: threadId,
    content,
    guildId: 'guild-1',
    channelId: threadId,
    channel: thread,
    author: { id: member },
    attachments: new Map(images.map((img, i) => [String(i), img])),
    inGuild: () => true,
  };
  return { message: message as unknown as Message<true>, thread: thread as unknown as AnyThreadChannel };
}

const GREETING = 'Thanks for posting — a few things help us help you';

describe('screenshots of new help-forum posts', () => {
  it('count against the member\'s images per minute, the budget automatic replies use; over it the post is greeted from its text', async () => {
    const { forums, reads, replies } = await forumsReadingImages();
    const shots = (n: number) => Array.from({ length: n }, () => image('Error code: auth:3'));
    for (const id of ['p1', 'p2', 'p3']) {
      const { message, thread } = newPost(id, 'what is this?', shots(4));
      await forums.onMessage(message, thread, forum, true);
    }
    expect(reads).toHaveLength(IMAGES_PER_MEMBER_PER_MINUTE);
    expect(replies.map((r) => r.title?.startsWith('auth:3 ') ?? false)).toEqual([true, true, false]);
    expect(replies[2]!.title).toBe(GREETING);
    // Another member's budget is their own.
    const other = newPost('p4', 'this one?', shots(1), 'other-member');
    await forums.onMessage(other.message, other.thread, forum, true);
    expect(replies[3]!.title).toMatch(/^auth:3 /);
  });

  it('share the budget with automatic replies, without the member\'s automatic-reply cooldown', async () => {
    const { forums, gate, reads, replies } = await forumsReadingImages();
    const post = { guildId: 'guild-1', channelId: 'chat', authorId: 'member', scopeIds: ['chat'] };
    const shots = (text: string, n: number) => Array.from({ length: n }, () => image(text));
    // Automatic replies took four of the member's eight images this minute, and the member waits out their cooldown.
    expect(gate.admitImages(post, shots('x', 4), DEFAULT_SETTINGS)).toHaveLength(4);
    gate.state.startCooldown('user:guild-1:member', 60);
    // A help post is answered whatever that cooldown says: its screenshot is read, and counted.
    const first = newPost('p1', 'what is this?', shots('Error code: auth:3', 1));
    await forums.onMessage(first.message, first.thread, forum, true);
    expect(replies[0]!.title).toMatch(/^auth:3 /);
    gate.state.endCooldown('user:guild-1:member');
    expect(gate.admitImages(post, shots('z', 4), DEFAULT_SETTINGS)).toHaveLength(3);
    // Nothing left this minute: the next post's screenshot is not read, and the post is greeted.
    const over = newPost('p2', 'and this?', shots('Error code: auth:3', 1));
    await forums.onMessage(over.message, over.thread, forum, true);
    expect(replies[1]!.title).toBe(GREETING);
    expect(reads).toEqual(['Error code: auth:3']);
  });
});

describe('edits of a new post\'s opening message', () => {
  it('answer the newest text when the edit came before the bot began on the post', async () => {
    const { forums, replies } = await forumsReadingImages();
    const { message, thread } = newPost('p1', 'spotify will not let me log in');
    const edited = { ...message, content: 'spotify will not let me log in. Edit: it says Error code: auth:3' } as unknown as Message<true>;
    // Messages are not cached: the edit comes as a message of its own, while the new post's event
    // still reads the server's settings (before it reaches the forums).
    void forums.onEdit(edited, async () => 'automatic replies');
    await forums.onMessage(message, thread, forum, true);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.title).toMatch(/^auth:3 /);
  });
});

describe('edits and deletion that come before the bot began on a new post', () => {
  const others = async () => 'automatic replies' as const;

  it('answer the newest of several edits, not the first', async () => {
    const { forums, replies } = await forumsReadingImages();
    const { message, thread } = newPost('p1', 'spotify will not let me log in');
    const edit = (content: string) => ({ ...message, content }) as unknown as Message<true>;
    void forums.onEdit(edit('spotify will not let me log in, help'), others);
    void forums.onEdit(edit('spotify will not let me log in. Edit: it says Error code: auth:3'), others);
    await forums.onMessage(message, thread, forum, true);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.title).toMatch(/^auth:3 /);
  });

  it('leave no reply when the opening message was deleted first and the server keeps delete-with-source on', async () => {
    const { forums, replies, deleted } = await forumsReadingImages();
    const { message, thread } = newPost('p1', 'Error code: auth:3');
    void forums.onDelete(message, others);
    await forums.onMessage(message, thread, forum, true);
    expect(replies.filter((r) => !deleted.includes(`reply-${r.threadId}`))).toEqual([]);
  });
});

describe('following a post\'s opening message across a restart', () => {
  const edit = (message: Message<true>, content: string) => ({ ...message, content }) as unknown as Message<true>;
  const others = async () => 'automatic replies' as const;

  it('follows edits and the deletion from what the database keeps, for a day', async () => {
    const store = memoryStore();
    let now = NOW;
    const before = await forumsReadingImages({ store, now: () => now });
    const { message, thread } = newPost('p1', 'spotify will not open');
    expect(await before.forums.onMessage(message, thread, forum, true)).toBe('onboarded');
    // Restarted: nothing in memory.
    const after = await forumsReadingImages({ store, now: () => now });
    expect(await after.forums.onEdit(edit(message, 'spotify will not open. Error code: auth:3'), others)).toBe('answered');
    expect(after.edits).toEqual([{ replyId: 'reply-p1', title: expect.stringMatching(/^auth:3 /) }]);
    // The answer as it is now is kept: restarted again, the same error changes nothing, another one updates it.
    const again = await forumsReadingImages({ store, now: () => now });
    expect(await again.forums.onEdit(edit(message, 'Error code: auth:3 still'), others)).toBe('unchanged');
    expect(await again.forums.onEdit(edit(message, 'no wait, Error code: auth:1'), others)).toBe('updated');
    expect(await (await forumsReadingImages({ store, now: () => now })).forums.onDelete(message, others)).toBe('removed');
    // A day after the post opened, a restarted bot no longer follows it.
    const later = newPost('p2', 'spotify will not open either');
    await again.forums.onMessage(later.message, later.thread, forum, true);
    now += 24 * HOUR;
    const dayOn = await forumsReadingImages({ store, now: () => now });
    expect(await dayOn.forums.onEdit(edit(later.message, 'Error code: auth:3'), others)).toBe('not-followed');
    expect(await dayOn.forums.onDelete(later.message, others)).toBe('not-followed');
    expect(dayOn.edits).toEqual([]);
    expect(dayOn.deleted).toEqual([]);
  });

  it('stops following a day after the post opened, also where the reply was read back from the database late that day', async () => {
    const store = memoryStore();
    let now = NOW;
    const { message, thread } = newPost('p1', 'spotify will not open');
    await (await forumsReadingImages({ store, now: () => now })).forums.onMessage(message, thread, forum, true);
    now += 23 * HOUR;
    const restarted = await forumsReadingImages({ store, now: () => now });
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:3'), others)).toBe('answered');
    now += 2 * HOUR;
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:1'), others)).toBe('not-followed');
    expect(restarted.edits).toHaveLength(1);
  });

  it('moves the stats count of an answer followed from the database to the error an edit shows, counting it once', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'Error code: auth:3');
    expect(await (await forumsReadingImages({ store, stats })).forums.onMessage(message, thread, forum, true)).toBe('answered');
    expect(stats.counts).toEqual({ 'auth:3': 1 });
    // Restarted: what the answer counted comes from the database with it.
    const restarted = await forumsReadingImages({ store, stats });
    expect(await restarted.forums.onEdit(edit(message, 'no wait, Error code: auth:1'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:1': 1 });
    // Restarted again: the count the edit moved moves on, still once.
    const again = await forumsReadingImages({ store, stats });
    expect(await again.forums.onEdit(edit(message, 'sorry, it was Error code: auth:3'), others)).toBe('updated');
    expect(await again.forums.onEdit(edit(message, 'Error code: auth:3 still'), others)).toBe('unchanged');
    expect(stats.counts).toEqual({ 'auth:3': 1 });
  });

  it('takes an answer\'s count back once when an edit came while the database did not answer and the bot restarted since', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'Error code: auth:3');
    const before = await forumsReadingImages({ store, stats });
    expect(await before.forums.onMessage(message, thread, forum, true)).toBe('answered');
    expect(stats.counts).toEqual({ 'auth:3': 1 });
    // The database does not answer: the reply still shows the new error, the row still says what it counted.
    store.down = true;
    expect(await before.forums.onEdit(edit(message, 'no wait, Error code: auth:1'), others)).toBe('updated');
    expect(before.edits).toEqual([{ replyId: 'reply-p1', title: expect.stringMatching(/^auth:1 /) }]);
    store.down = false;
    const restarted = await forumsReadingImages({ store, stats });
    expect(await restarted.forums.onEdit(edit(message, 'sorry, Error code: auth:2'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:2': 1 });
  });

  it('counts a greeting turned into the answer while the database did not answer once, after a restart too', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'spotify will not open');
    const before = await forumsReadingImages({ store, stats });
    expect(await before.forums.onMessage(message, thread, forum, true)).toBe('onboarded');
    store.down = true;
    expect(await before.forums.onEdit(edit(message, 'spotify will not open. Error code: auth:3'), others)).toBe('answered');
    expect(before.edits).toEqual([{ replyId: 'reply-p1', title: expect.stringMatching(/^auth:3 /) }]);
    store.down = false;
    const restarted = await forumsReadingImages({ store, stats });
    await restarted.forums.onEdit(edit(message, 'spotify will not open. Error code: auth:1'), others);
    expect(restarted.edits).toEqual([{ replyId: 'reply-p1', title: expect.stringMatching(/^auth:1 /) }]);
    expect(stats.counts).toEqual({ 'auth:1': 1 });
  });

  it('keeps the reply on the error shown and the count taken once in the process that edited it while the database did not answer', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'Error code: auth:3');
    const { forums, edits } = await forumsReadingImages({ store, stats });
    await forums.onMessage(message, thread, forum, true);
    store.down = true;
    expect(await forums.onEdit(edit(message, 'no wait, Error code: auth:1'), others)).toBe('updated');
    // Back to the error the row still says: the reply, which shows auth:1, follows.
    expect(await forums.onEdit(edit(message, 'sorry, Error code: auth:3'), others)).toBe('updated');
    expect(edits.map((e) => e.title?.split(' ')[0])).toEqual(['auth:1', 'auth:3']);
    store.down = false;
    expect(await forums.onEdit(edit(message, 'Error code: auth:2'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:2': 1 });
    // What the row says now is what was counted: a restarted bot moves it once more, once.
    const restarted = await forumsReadingImages({ store, stats });
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:1'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:1': 1 });
  });

  it('counts a greeting turned into the answer while the database did not answer once in that process, when the next edit is recorded', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'spotify will not open');
    const { forums } = await forumsReadingImages({ store, stats });
    await forums.onMessage(message, thread, forum, true);
    store.down = true;
    expect(await forums.onEdit(edit(message, 'Error code: auth:3'), others)).toBe('answered');
    store.down = false;
    expect(await forums.onEdit(edit(message, 'Error code: auth:1'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:1': 1 });
    const restarted = await forumsReadingImages({ store, stats });
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:2'), others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:2': 1 });
  });

  it('leaves the count where it is for an answer stored before what it counted was kept', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const { message, thread } = newPost('p1', 'Error code: auth:3');
    await (await forumsReadingImages({ store, stats })).forums.onMessage(message, thread, forum, true);
    // A row from an older version: its reply, but not what it counted.
    const stored = store.posts.get('p1')!;
    store.posts.set('p1', { ...stored, firstReply: { replyId: stored.firstReply!.replyId, codes: stored.firstReply!.codes, greeting: false } });
    const restarted = await forumsReadingImages({ store, stats });
    expect(await restarted.forums.onEdit(edit(message, 'no wait, Error code: auth:1'), others)).toBe('updated');
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:2'), others)).toBe('updated');
    expect(restarted.edits).toHaveLength(2);
    expect(stats.counts).toEqual({ 'auth:3': 1 });
  });

  it('forgets a reply that is gone (dismissed, deleted), after a restart too', async () => {
    const store = memoryStore();
    const { message, thread } = newPost('p1', 'spotify will not open');
    const first = await forumsReadingImages({ store, repliesGone: true });
    await first.forums.onMessage(message, thread, forum, true);
    expect(await first.forums.onEdit(edit(message, 'Error code: auth:3'), others)).toBe('not-followed');
    expect(first.edits).toHaveLength(1);
    const restarted = await forumsReadingImages({ store, repliesGone: true });
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:1'), others)).toBe('not-followed');
    expect(restarted.edits).toEqual([]);
  });

  it('leaves a database that does not answer to memory, quietly, and still answers new posts', async () => {
    const store = memoryStore();
    const { forums, edits, replies, warnings } = await forumsReadingImages({ store });
    const { message, thread } = newPost('p1', 'spotify will not open');
    await forums.onMessage(message, thread, forum, true);
    store.down = true;
    // Memory still serves the bot that greeted it.
    expect(await forums.onEdit(edit(message, 'Error code: auth:3'), others)).toBe('answered');
    expect(edits).toHaveLength(1);
    // A restarted bot cannot know the reply: not followed, with one warning, nothing thrown.
    const restarted = await forumsReadingImages({ store });
    expect(await restarted.forums.onEdit(edit(message, 'Error code: auth:1'), others)).toBe('not-followed');
    expect(restarted.warnings).toEqual(['help forum: follow the opening message skipped, the database did not answer']);
    const fresh = newPost('p2', 'Error code: auth:3');
    expect(await restarted.forums.onMessage(fresh.message, fresh.thread, forum, true)).toBe('answered');
    expect(restarted.replies).toHaveLength(1);
    expect(replies).toHaveLength(1);
    expect(warnings).toEqual(['help forum: record the answer skipped, the database did not answer']);
  });

  it('leaves the opening messages of posts outside the help forums to automatic replies', async () => {
    const { forums } = await forumsReadingImages();
    const { message } = newPost('p1', 'Error code: auth:3');
    const outside = { ...message, channel: { ...message.channel, parentId: 'another-forum' } } as unknown as Message<true>;
    expect(await forums.onEdit(outside, others)).toBe('automatic replies');
    expect(await forums.onDelete(outside, others)).toBe('automatic replies');
    const reply = { ...message, id: 'm2' } as unknown as Message<true>;
    expect(await forums.onEdit(reply, others)).toBe('automatic replies');
  });
});

describe('a new help-forum post whose first reply Discord failed', () => {
  const others = async () => 'automatic replies' as const;
  /** The client a sweep sees: these posts' threads, any other one deleted. */
  const clientWith = (...threads: AnyThreadChannel[]) =>
    ({
      user: { id: 'bot' },
      guilds: { cache: new Map([['guild-1', {}]]) },
      channels: { cache: new Map(threads.map((t) => [t.id, t])), fetch: async () => Promise.reject(apiError(10003, 404)) },
    }) as unknown as Client;

  it('is answered once by the next sweep after Discord answers again, from its opening message as it is now, and counted once', async () => {
    const store = memoryStore();
    const stats = countingStats();
    // The post's reply fails (a 5xx), and so does the first sweep's; the next sweep's goes out.
    const { forums, replies } = await forumsReadingImages({ store, stats, replyFailures: ['failing', 'failing'] });
    const { message, thread } = newPost('p1', 'spotify will not open');
    await forums.onMessage(message, thread, forum, true);
    // Edited meanwhile: the answer shows the error now there, not the greeting the first text got.
    (message as { content: string }).content = 'spotify will not open. Error code: auth:3';
    await forums.sweep(clientWith(thread));
    expect(replies).toEqual([]);
    await forums.sweep(clientWith(thread));
    expect(replies).toEqual([{ threadId: 'p1', title: expect.stringMatching(/^auth:3 /) }]);
    expect(stats.counts).toEqual({ 'auth:3': 1 });
    // Answered once: neither the next sweep nor a restarted bot answers it again.
    await forums.sweep(clientWith(thread));
    const restarted = await forumsReadingImages({ store, stats });
    await restarted.forums.sweep(clientWith(thread));
    expect([...replies, ...restarted.replies]).toHaveLength(1);
    // It is the first reply: edits of the opening message are followed.
    expect(await restarted.forums.onEdit({ ...message, content: 'no wait, Error code: auth:1' } as unknown as Message<true>, others)).toBe('updated');
    expect(stats.counts).toEqual({ 'auth:1': 1 });
  });

  it('gets nothing once closed, deleted or archived meanwhile, or its opening message deleted, or the reply went out after all, and a refusal is not tried again', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store, replyFailures: ['failing', 'failing', 'failing', 'failing', 'failing', 'refused'] });
    const posts = ['closed', 'deleted', 'archived', 'starter-deleted', 'went-out', 'refused'].map((id) => newPost(id, 'Error code: auth:3'));
    for (const { message, thread } of posts) await forums.onMessage(message, thread, forum, true);
    store.posts.set('closed', { ...store.posts.get('closed')!, state: 'closed' });
    const [, , archived, starterDeleted, wentOut, refused] = posts.map((p) => p.thread);
    (archived as { archived: boolean }).archived = true;
    (starterDeleted as unknown as { messages: unknown }).messages = { fetch: async () => Promise.reject(apiError(10008, 404)) };
    // Discord failed the reply (the connection lost), yet it had posted it.
    const sent = { author: { id: 'bot' }, reference: { messageId: 'went-out' } };
    (wentOut as unknown as { messages: unknown }).messages = { fetch: async (query: { after?: string }) => (query.after ? new Collection([['r', sent]]) : posts[4]!.message) };
    await forums.sweep(clientWith(archived!, starterDeleted!, wentOut!, refused!));
    expect(replies).toEqual([]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });
});

describe('marking solved a post the bot was not following', () => {
  it('keeps when the post was opened, so the stats neither count it as opened now nor as solved in no time', async () => {
    const store = memoryStore();
    const closed: Array<{ threadId: string; at: number }> = [];
    const deps = {
      store: { ...store, closePost: async (threadId: string, _how: unknown, at: number) => Boolean(closed.push({ threadId, at })) },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
      countSolved: async () => undefined,
    } as unknown as HelpForumDeps;
    // Opened three days before the forum became a help forum (or while the database did not answer).
    const openedAt = NOW - 72 * HOUR;
    const thread = openPostInForum('older-post', openedAt);
    expect(await new HelpForums(deps).markSolved(thread, 'helper', true)).toEqual({ ok: true });
    expect(store.posts.get('older-post')).toMatchObject({ createdAt: openedAt, state: 'open' });
    expect(closed).toEqual([{ threadId: 'older-post', at: NOW }]);
  });
});

describe('closing a post in a forum that locks closed posts', () => {
  it('says the post is locked only when the bot may lock it: without Manage Threads it stays open, so members are not sent to a new post', async () => {
    const locking = { ...forum, lock: true };
    const sent: string[] = [];
    const edited: unknown[] = [];
    const thread = (missing: string[]) =>
      ({
        id: `post-${missing.length}`,
        guildId: 'guild-1',
        ownerId: 'owner',
        parentId: locking.forumId,
        parent: { parentId: null, type: ChannelType.GuildForum },
        createdTimestamp: NOW,
        client: { user: { id: 'bot' } },
        appliedTags: [],
        isThread: () => true,
        permissionsFor: () => ({ missing: () => missing }),
        send: async ({ content }: { content: string }) => void sent.push(content),
        edit: async (options: unknown) => void edited.push(options),
      }) as unknown as AnyThreadChannel;
    const deps = {
      store: { ...memoryStore(), closePost: async () => true },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [locking] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
      countSolved: async () => undefined,
    } as unknown as HelpForumDeps;
    const forums = new HelpForums(deps);
    expect(await forums.markSolved(thread([]), 'owner', false)).toEqual({ ok: true });
    expect(await forums.markSolved(thread(['ManageThreads']), 'owner', false)).toEqual({ ok: true });
    expect(edited).toEqual([{ archived: true, locked: true }]);
    expect(sent).toEqual([
      '✅ Marked solved by <@owner>. This post is now closed and locked; if the problem comes back, make a new post.',
      '✅ Marked solved by <@owner>. This post is now closed; post again here to reopen it.',
    ]);
  });
});

describe('marking solved while the database does not answer', () => {
  it('says the database is not answering, not that the post is in no help forum, where only the defaults are known (a restart during an outage)', async () => {
    const store = memoryStore();
    store.down = true;
    const deps = {
      store,
      // Settings never read since start: the defaults, which name no help forum; the database does not answer.
      guildData: {
        settings: async () => DEFAULT_SETTINGS,
        storedSettings: async () => Promise.reject(new StorageUnavailableError('read settings', new Error('timeout'))),
      },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
      countSolved: async () => undefined,
    } as unknown as HelpForumDeps;
    const thread = openPostInForum('a-post', NOW);
    // Rejected as the database not answering: /solved and Mark solved then say so and that the post is still open.
    await expect(new HelpForums(deps).markSolved(thread, 'owner', false)).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

/** A help-forum post in Discord: what the bot posted there, and whether it is archived and locked. */
function discordThread(id: string, guildId: string, onSend?: () => Promise<void>) {
  const state = { sent: [] as string[], deleted: [] as string[], archived: false, locked: false, appliedTags: [] as string[] };
  const thread = {
    id, guildId, ownerId: 'owner', isThread: () => true, client: { user: { id: 'bot' } },
    get appliedTags() {
      return state.appliedTags;
    },
    permissionsFor: () => ({ missing: () => [] }),
    send: async ({ content }: { content: string }) => {
      await onSend?.();
      state.sent.push(content);
      return { id: `line-${state.sent.length}` };
    },
    edit: async (options: { archived?: boolean; locked?: boolean; appliedTags?: string[] }) => {
      if (options.archived !== undefined) state.archived = options.archived;
      if (options.locked !== undefined) state.locked = options.locked;
      if (options.appliedTags) state.appliedTags = options.appliedTags;
    },
    messages: { delete: async (messageId: string) => void state.deleted.push(messageId) },
  };
  return { thread, state };
}

const sweepDeps = (store: HelpForumDeps['store'], forums = [forum]) =>
  ({
    store,
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums }), storedSettings: async () => ({ ...DEFAULT_SETTINGS, forums }) },
    clock: { now: () => NOW },
    logger: { warn: () => undefined, debug: () => undefined },
  }) as unknown as HelpForumDeps;

const clientWith = (guildId: string, thread: unknown) =>
  ({ guilds: { cache: new Map([[guildId, {}]]) }, channels: { cache: new Map(), fetch: async () => thread } }) as unknown as Client;

describe.each(BACKENDS)('a post on %s the database holds as closed but Discord still shows open', (backend) => {
  const guildId = '111111111111111111';

  it('is closed in Discord by the next sweep when the process closing it was killed in between, once', async () => {
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5601'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR, answered: true });
    // The process sweeping marked it closed in the database, then was killed (SIGKILL, out of memory) before Discord heard of it.
    expect(await storage.forumPosts.closePost('5601', { state: 'closed' }, NOW - HOUR, NOW - 30 * HOUR)).toBe(true);
    const { thread, state } = discordThread('5601', guildId);
    const forums = new HelpForums(sweepDeps(storage.forumPosts));
    await forums.sweep(clientWith(guildId, thread));
    expect(state.sent).toEqual([expect.stringMatching(/^This post was closed after 24 hours without new messages\. It was answered/)]);
    expect(state.archived).toBe(true);
    await forums.sweep(clientWith(guildId, thread));
    expect(state.sent).toHaveLength(1);
    expect(await storage.forumPosts.getPost('5601')).toMatchObject({ state: 'closed' });
    await storage.close();
  });

  it('is closed in Discord, solved and tagged, by the next sweep when the process marking it solved was killed in between', async () => {
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5602'), guildId, createdAt: NOW - 2 * HOUR, lastActivityAt: NOW - 2 * HOUR });
    expect(await storage.forumPosts.closePost('5602', { state: 'solved', by: 'owner' }, NOW - HOUR)).toBe(true);
    const { thread, state } = discordThread('5602', guildId);
    const tagged = { ...forum, solvedTagId: 'tag-solved', lock: true };
    await new HelpForums(sweepDeps(storage.forumPosts, [tagged])).sweep(clientWith(guildId, thread));
    expect(state.sent).toEqual(['✅ Marked solved by <@owner>. This post is now closed and locked; if the problem comes back, make a new post.']);
    expect(state).toMatchObject({ archived: true, locked: true, appliedTags: ['tag-solved'] });
    expect(await storage.forumPosts.getPost('5602')).toMatchObject({ state: 'solved' });
    await storage.close();
  });
});

describe.each(BACKENDS)('a member\'s message on %s racing the sweep that closes their post', (backend) => {
  const guildId = '111111111111111111';
  const memberMessage = (threadId: string) => {
    const thread = { id: threadId, guildId, ownerId: 'owner' } as unknown as AnyThreadChannel;
    const message = { id: `m-${threadId}`, guildId, author: { id: 'owner' }, client: { user: { id: 'bot' } } } as unknown as Message<true>;
    return { thread, message };
  };

  it('is recorded when the sweep closes the post in the database between the bot reading the post and recording the message', async () => {
    const { url, storage } = await openTestStorage(backend);
    const { storage: sweeping } = await openTestStorage(backend, url);
    await storage.forumPosts.claimPost({ ...post('5611'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR });
    const store = {
      ...storage.forumPosts,
      recordActivity: storage.forumPosts.recordActivity.bind(storage.forumPosts),
      reopenPost: storage.forumPosts.reopenPost.bind(storage.forumPosts),
      // The post read as open; the sweep (here, or on another shard) closes it before the message is recorded.
      getPost: async (threadId: string) => {
        const read = await storage.forumPosts.getPost(threadId);
        await sweeping.forumPosts.closePost(threadId, { state: 'closed' }, NOW, NOW - 30 * HOUR);
        return read;
      },
    } as unknown as HelpForumDeps['store'];
    const { thread, message } = memberMessage('5611');
    await new HelpForums(sweepDeps(store)).onMessage(message, thread, forum, true);
    expect(await storage.forumPosts.getPost('5611')).toMatchObject({ state: 'open', lastActivityAt: NOW });
    await storage.close();
    await sweeping.close();
  });

  it('leaves the post open in Discord too when it came while the sweep was posting its closing line', async () => {
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5612'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR });
    const forums = new HelpForums(sweepDeps(storage.forumPosts));
    const { thread: member, message } = memberMessage('5612');
    // The owner writes while the closing line is on its way; the bot handles their message before it archives the post.
    const { thread, state } = discordThread('5612', guildId, async () => void (await forums.onMessage(message, member, forum, true)));
    expect(await forums.sweep(clientWith(guildId, thread))).toBe(0);
    expect(await storage.forumPosts.getPost('5612')).toMatchObject({ state: 'open', lastActivityAt: NOW });
    expect(state.archived).toBe(false);
    // The closing line, which no longer says what happened, goes.
    expect(state.deleted).toEqual(['line-1']);
    await storage.close();
  });
});

describe.each(BACKENDS)('a quiet post on %s whose archiving Discord failed after the closing line went out', (backend) => {
  it('is archived by the next sweep, without a second closing line', async () => {
    const guildId = '111111111111111111';
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5621'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR });
    const { thread, state } = discordThread('5621', guildId);
    const edit = thread.edit;
    // Discord fails the archive (a 5xx past discord.js's retries, a lost connection) once.
    thread.edit = async () => Promise.reject(new Error('socket hang up'));
    const forums = new HelpForums(sweepDeps(storage.forumPosts));
    await forums.sweep(clientWith(guildId, thread));
    expect(state).toMatchObject({ sent: [expect.stringMatching(/^This post was closed/)], archived: false });
    thread.edit = edit;
    await forums.sweep(clientWith(guildId, thread));
    expect(state.archived).toBe(true);
    expect(state.sent).toHaveLength(1);
    await storage.close();
  });
});

describe('a post a moderator locked by hand, in a forum that does not lock closed posts', () => {
  it('is closed with a line that does not ask members to post there again, which they cannot', async () => {
    const guildId = '111111111111111111';
    const { thread, state } = discordThread('5631', guildId);
    Object.assign(thread, { locked: true });
    const store = {
      idlePosts: async () => [{ ...post('5631'), guildId }],
      unfinishedCloses: async () => [], pendingWelcomes: async () => [],
      closePost: async () => true,
      closingInDiscord: async () => true,
    };
    await new HelpForums(sweepDeps(store as unknown as HelpForumDeps['store'])).sweep(clientWith(guildId, thread));
    expect(state.sent).toEqual(['This post was closed after 24 hours without new messages. Nobody has answered it yet, sorry. Make a new post with the error code or a screenshot of the Spotify dialog.']);
  });
});

describe('Mark solved in a post the database holds as closed while Discord shows it open', () => {
  it('marks it solved, as a moderator reopened it by hand (unarchived it), rather than say it is already closed', async () => {
    const store = memoryStore();
    // Closed when quiet, then unarchived by a moderator: nobody has written since.
    store.posts.set('5641', { ...post('5641'), state: 'closed' });
    const { thread, state } = discordThread('5641', 'guild-1');
    Object.assign(thread, { archived: false, parentId: forum.forumId, parent: { parentId: null, type: ChannelType.GuildForum } });
    const deps = {
      store: { ...store, reopenPost: async (threadId: string) => void store.posts.set(threadId, { ...store.posts.get(threadId)!, state: 'open' }), closePost: async (threadId: string) => {
        const row = store.posts.get(threadId)!;
        if (row.state !== 'open') return false;
        store.posts.set(threadId, { ...row, state: 'solved' });
        return true;
      } },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
      countSolved: async () => undefined,
    } as unknown as HelpForumDeps;
    const forums = new HelpForums(deps);
    expect(await forums.markSolved(thread as unknown as AnyThreadChannel, 'owner', false)).toEqual({ ok: true });
    expect(state.sent).toEqual(['✅ Marked solved by <@owner>. This post is now closed; post again here to reopen it.']);
    expect(state.archived).toBe(true);
    expect(store.posts.get('5641')?.state).toBe('solved');
    // Archived now: pressed again, it is already closed.
    Object.assign(thread, { archived: true });
    expect(await forums.markSolved(thread as unknown as AnyThreadChannel, 'owner', false)).toEqual({ ok: false, why: 'This post is already closed.' });
  });
});

describe.each(BACKENDS)('a member\'s message on %s while Mark solved closes their post', (backend) => {
  it('leaves the post solved in the database as in Discord, so no sweep closes it a second time', async () => {
    const guildId = '111111111111111111';
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5651'), guildId, createdAt: NOW - 2 * HOUR, lastActivityAt: NOW - 2 * HOUR });
    let now = NOW;
    const deps = { ...sweepDeps(storage.forumPosts), clock: { now: () => now }, countSolved: async () => undefined } as unknown as HelpForumDeps;
    const forums = new HelpForums(deps);
    const message = { id: 'thanks', guildId, author: { id: 'owner' }, client: { user: { id: 'bot' } } } as unknown as Message<true>;
    // The owner thanks the helpers while the solved line is on its way; the bot archives the post all the same.
    const { thread, state } = discordThread('5651', guildId, async () => void (await forums.onMessage(message, thread as unknown as AnyThreadChannel, forum, true)));
    Object.assign(thread, { archived: false, parentId: forum.forumId, parent: { parentId: null, type: ChannelType.GuildForum } });
    expect(await forums.markSolved(thread as unknown as AnyThreadChannel, 'owner', false)).toEqual({ ok: true });
    expect(state.archived).toBe(true);
    expect(await storage.forumPosts.getPost('5651')).toMatchObject({ state: 'solved' });
    // A day later the sweep finds nothing quiet to close there: one closing line.
    now = NOW + 48 * HOUR;
    await forums.sweep(clientWith(guildId, thread));
    expect(state.sent).toHaveLength(1);
    await storage.close();
  });
});

describe.each(BACKENDS)('a close on %s another sweep was doing when this one listed the post', (backend) => {
  it('is not done again: one closing line, and the archive Discord failed there is done by a later sweep', async () => {
    const guildId = '111111111111111111';
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5661'), guildId, createdAt: NOW - 2 * HOUR, lastActivityAt: NOW - 2 * HOUR });
    expect(await storage.forumPosts.closePost('5661', { state: 'solved', by: 'owner' }, NOW)).toBe(true);
    const { thread, state } = discordThread('5661', guildId);
    const store = Object.assign(Object.create(storage.forumPosts) as HelpForumDeps['store'], {
      // Listed while Mark solved (or a sweep slower than the sweeps' interval, or another process) was closing it: its
      // line went out and Discord failed the archive since, which is all that is left to do.
      unfinishedCloses: async (guildIds: readonly string[]) => {
        const listed = await storage.forumPosts.unfinishedCloses(guildIds);
        state.sent.push('✅ Marked solved by <@owner>. This post is now closed; post again here to reopen it.');
        await storage.forumPosts.closingInDiscord('5661', 'archive');
        return listed;
      },
    });
    await new HelpForums(sweepDeps(store)).sweep(clientWith(guildId, thread));
    expect(state.sent).toHaveLength(1);
    await new HelpForums(sweepDeps(storage.forumPosts)).sweep(clientWith(guildId, thread));
    expect(state).toMatchObject({ sent: [expect.stringMatching(/^✅ Marked solved/)], archived: true });
    await storage.close();
  });
});

describe.each(BACKENDS)('sweeps on %s while Mark solved is still posting its line in a quiet post', (backend) => {
  it('leave the close to Mark solved: one closing line', async () => {
    const guildId = '111111111111111111';
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5671'), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR });
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    let sends = 0;
    // Discord is slow to take the solved line (the first message posted there).
    const { thread, state } = discordThread('5671', guildId, () => (sends++ === 0 ? slow : Promise.resolve()));
    Object.assign(thread, { archived: false, parentId: forum.forumId, parent: { parentId: null, type: ChannelType.GuildForum } });
    let solving: Promise<unknown> | undefined;
    // The post was quiet: a sweep lists it as idle, and its owner marks it solved at that moment.
    const store = Object.assign(Object.create(storage.forumPosts) as HelpForumDeps['store'], {
      idlePosts: async (guildIds: readonly string[], before: number) => {
        const listed = await storage.forumPosts.idlePosts(guildIds, before);
        if (!solving) {
          solving = forums.markSolved(thread as unknown as AnyThreadChannel, 'owner', false);
          await vi.waitFor(() => expect(sends).toBe(1));
        }
        return listed;
      },
    });
    const forums = new HelpForums({ ...sweepDeps(store), countSolved: async () => undefined } as unknown as HelpForumDeps);
    // That sweep then finds the post no longer open; the next one comes while Mark solved still waits for Discord.
    await forums.sweep(clientWith(guildId, thread));
    await forums.sweep(clientWith(guildId, thread));
    release();
    expect(await solving).toEqual({ ok: true });
    expect(state.sent).toEqual(['✅ Marked solved by <@owner>. This post is now closed; post again here to reopen it.']);
    await storage.close();
  });
});

/** An open post of the test's forum in Discord, opened at `createdTimestamp`, where the bot may do everything. */
function openPostInForum(id: string, createdTimestamp: number): AnyThreadChannel {
  return {
    id,
    guildId: 'guild-1',
    ownerId: 'owner',
    parentId: forum.forumId,
    parent: { parentId: null, type: ChannelType.GuildForum },
    createdTimestamp,
    client: { user: { id: 'bot' } },
    appliedTags: [],
    isThread: () => true,
    permissionsFor: () => ({ missing: () => [] }),
    send: async () => undefined,
    edit: async () => undefined,
  } as unknown as AnyThreadChannel;
}
