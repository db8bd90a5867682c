import { Collection, ComponentType, MessageType, SnowflakeUtil, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { Answerer } from '../../../src/answers/answerer.js';
import { AutoReplyGate, IMAGES_PER_MEMBER_PER_MINUTE } from '../../../src/answers/auto-reply-gate.js';
import { ErrorLookup } from '../../../src/core/lookup.js';
import { loadEntries } from '../../../src/data/index.js';
import { feedbackButtons, type MessagePayload } from '../../../src/render/entry.js';
import { HelpForums, type HelpForumDeps } from '../../../src/discord/forums/index.js';
import { DEFAULT_SETTINGS, type HelpForum } from '../../../src/settings/schema.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';
import type { Counted, StatsEvent } from '../../../src/storage/guild-data.js';
import { fakeReader, image } from '../../answers/fakes.js';
import { apiError, forum, HOUR, memoryStore, newPost, NOW, post } from './helpers.js';

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
    /** Answers (the screenshots' reading) wait for this first: a slow read, or (never settled) a process killed while reading. */
    answersHeld?: Promise<unknown>;
    /** Replies wait for this before Discord has them (never settled: a process killed while sending its reply). */
    repliesHeld?: Promise<unknown>;
    /** The server's help forums, as the settings say now (a moderator may change them as a test runs). */
    forums?: HelpForum[];
  } = {},
) {
  const { reader, reads, cdn } = await fakeReader();
  const gate = options.gate ?? new AutoReplyGate();
  const store = options.store ?? memoryStore();
  const replies: Array<{ threadId: string; title: string | undefined }> = [];
  /** Posts whose reply is being sent (held, perhaps). */
  const sending: string[] = [];
  /** What each reply handed to Discord showed, by post (whether or not Discord confirmed it). */
  const payloads = new Map<string, MessagePayload>();
  const edits: Array<{ replyId: string; title: string | undefined }> = [];
  const deleted: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const answerer = new Answerer(new ErrorLookup(loadEntries()), reader);
  if (options.answersHeld) {
    const answer = answerer.answer.bind(answerer);
    answerer.answer = async (ask) => (await options.answersHeld, answer(ask));
  }
  const deps = {
    answerer,
    gate,
    store,
    guildData: {
      settings: async () => ({ ...DEFAULT_SETTINGS, forums: [...(options.forums ?? [forum])] }),
      storedSettings: async () => ({ ...DEFAULT_SETTINGS, forums: [...(options.forums ?? [forum])] }),
      phrases: async () => [],
    },
    stats: options.stats ?? { record: () => undefined, counting: () => undefined },
    poster: {
      reply: async (thread: { id: string }, _to: string, payload: MessagePayload) => {
        sending.push(thread.id);
        payloads.set(thread.id, payload);
        await options.repliesHeld;
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
    logger: { warn: (_fields: unknown, msg: string) => void warnings.push(msg), error: (_fields: unknown, msg: string) => void errors.push(msg), debug: () => undefined },
  } as unknown as HelpForumDeps;
  return { forums: new HelpForums(deps), gate, store, reads, replies, sending, payloads, edits, deleted, warnings, errors, cdn };
}

const GREETING = 'Thanks for posting — a few things help us help you';

/** Discord fails (a lost connection) the first fetch of a post's opening message, or of the messages after it. */
function failsOnce(thread: AnyThreadChannel, what: 'opening' | 'replies'): void {
  const messages = (thread as unknown as { messages: { fetch: (query: { after?: string }) => Promise<unknown> } }).messages;
  const { fetch } = messages;
  let failed = false;
  messages.fetch = async (query) => {
    if (!failed && (what === 'replies') === Boolean(query.after)) {
      failed = true;
      throw new Error('socket hang up');
    }
    return fetch(query);
  };
}

/** The bot's reply to a post as Discord gives it back when the post is read: its ID, and the components it was sent with. */
function postedReply(id: string, threadId: string, payload: MessagePayload | undefined) {
  const components = (payload?.components ?? []).map((row) => ({
    components: row.components.map((c) => ({ customId: 'custom_id' in c ? c.custom_id : undefined, options: 'options' in c ? c.options : undefined })),
  }));
  return { id, author: { id: 'bot' }, reference: { messageId: threadId }, components };
}

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

describe('a new post in a forum that does not greet posts', () => {
  it('is greeted all the same when its opening message asks the bot (an @mention), which it would answer in any channel', async () => {
    const { forums, replies } = await forumsReadingImages();
    const quiet = { ...forum, onboarding: false };
    const asked = newPost('asks', '<@bot> spotify will not log in for me');
    expect(await forums.onMessage(asked.message, asked.thread, quiet, true)).toBe('onboarded');
    const notAsked = newPost('tells', 'spotify will not log in for me');
    expect(await forums.onMessage(notAsked.message, notAsked.thread, quiet, true)).toBe('quiet');
    expect(replies).toEqual([{ threadId: 'asks', title: GREETING }]);
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

  it('is answered by the next sweep after a restart when the process was killed before its first reply went out, once', async () => {
    const store = memoryStore();
    const killed = await forumsReadingImages({ store, answersHeld: new Promise(() => undefined) });
    const { message, thread } = newPost('p-killed', 'spotify will not open. Error code: auth:3');
    // Claimed, then killed (out of memory, or stopped while a screenshot was read) before its reply was sent.
    void killed.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(store.posts.has('p-killed')).toBe(true));
    const restarted = await forumsReadingImages({ store });
    await restarted.forums.sweep(clientWith(thread));
    expect(restarted.replies).toEqual([{ threadId: 'p-killed', title: expect.stringMatching(/^auth:3 /) }]);
    await restarted.forums.sweep(clientWith(thread));
    expect(restarted.replies).toHaveLength(1);
    // A post answered as it came is not answered again by a sweep.
    const answered = newPost('p-answered', 'Error code: auth:1');
    await restarted.forums.onMessage(answered.message, answered.thread, forum, true);
    await restarted.forums.sweep(clientWith(answered.thread));
    expect(restarted.replies.map((r) => r.threadId)).toEqual(['p-killed', 'p-answered']);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('is answered by a sweep after a restart when the process was killed while sending it, once, unless it had gone out', async () => {
    const store = memoryStore();
    const killed = await forumsReadingImages({ store, repliesHeld: new Promise(() => undefined) });
    const lost = newPost('p-lost', 'spotify will not open. Error code: auth:3');
    const wentOut = newPost('p-went-out', 'Error code: auth:1');
    // Taken and handed to Discord, then killed before Discord confirmed either reply.
    void killed.forums.onMessage(lost.message, lost.thread, forum, true);
    void killed.forums.onMessage(wentOut.message, wentOut.thread, forum, true);
    await vi.waitFor(() => expect(killed.sending).toEqual(['p-lost', 'p-went-out']));
    // Discord had posted the second one: it is read back from the post.
    const sent = postedReply('r', 'p-went-out', killed.payloads.get('p-went-out'));
    (wentOut.thread as unknown as { messages: unknown }).messages = {
      fetch: async (query: { after?: string }) => (query.after ? new Collection([['r', sent]]) : wentOut.message),
    };
    // A process beside it (a deploy) sweeping while it may still be sending: nothing sent beside it.
    const beside = await forumsReadingImages({ store });
    await beside.forums.sweep(clientWith(lost.thread, wentOut.thread));
    expect(beside.replies).toEqual([]);
    const restarted = await forumsReadingImages({ store, now: () => NOW + HOUR });
    await restarted.forums.sweep(clientWith(lost.thread, wentOut.thread));
    // Before, neither was answered again: taken, the post counted as handled.
    expect(restarted.replies).toEqual([{ threadId: 'p-lost', title: expect.stringMatching(/^auth:3 /) }]);
    await restarted.forums.sweep(clientWith(lost.thread, wentOut.thread));
    expect(restarted.replies).toHaveLength(1);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('follows edits of the opening message with a first reply read back from the post, as with one it sent itself', async () => {
    const store = memoryStore();
    const stats = countingStats();
    const killed = await forumsReadingImages({ store, stats, repliesHeld: new Promise(() => undefined) });
    const answered = newPost('p-answered', 'Error code: auth:1');
    const greeted = newPost('p-greeted', 'spotify will not open');
    void killed.forums.onMessage(answered.message, answered.thread, forum, true);
    void killed.forums.onMessage(greeted.message, greeted.thread, forum, true);
    await vi.waitFor(() => expect(killed.sending).toEqual(['p-answered', 'p-greeted']));
    // Discord had posted both, then the process was killed: each is read back from its post.
    for (const { message, thread } of [answered, greeted]) {
      const sent = postedReply(`r-${thread.id}`, thread.id, killed.payloads.get(thread.id));
      (thread as unknown as { messages: unknown }).messages = {
        fetch: async (query: { after?: string }) => (query.after ? new Collection([[sent.id, sent]]) : message),
      };
    }
    const restarted = await forumsReadingImages({ store, stats, now: () => NOW + HOUR });
    await restarted.forums.sweep(clientWith(answered.thread, greeted.thread));
    expect(restarted.replies).toEqual([]);
    // Before, neither was followed: the reply read back was not recorded as the post's first reply.
    const edit = (message: Message<true>, content: string) => ({ ...message, content }) as unknown as Message<true>;
    expect(await restarted.forums.onEdit(edit(answered.message, 'Error code: auth:1 still'), others)).toBe('unchanged');
    expect(await restarted.forums.onEdit(edit(answered.message, 'no wait, Error code: auth:3'), others)).toBe('updated');
    expect(await restarted.forums.onEdit(edit(greeted.message, 'spotify will not open. Error code: auth:2'), others)).toBe('answered');
    expect(restarted.edits).toEqual([
      { replyId: 'r-p-answered', title: expect.stringMatching(/^auth:3 /) },
      { replyId: 'r-p-greeted', title: expect.stringMatching(/^auth:2 /) },
    ]);
    // What the killed process counted is not known: the edit moves no count, rather than take back one never made.
    expect(stats.counts).toEqual({ 'auth:2': 1 });
  });

  it('does not take a helper\'s fix read back from the post for its first reply: edits of the opening message leave the fix as sent', async () => {
    const store = memoryStore();
    const killed = await forumsReadingImages({ store, answersHeld: new Promise(() => undefined) });
    const { message, thread } = newPost('p-fixed', 'spotify will not open, see screenshot');
    void killed.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(store.posts.has('p-fixed')).toBe(true));
    // Killed while reading the screenshot; a helper answered the opening message with Send Spotify fix meanwhile.
    const fix = postedReply('r-fix', 'p-fixed', {
      embeds: [],
      components: [{ type: ComponentType.ActionRow, components: feedbackButtons(['auth:1']) }],
    });
    (thread as unknown as { messages: unknown }).messages = {
      fetch: async (query: { after?: string }) => (query.after ? new Collection([[fix.id, fix]]) : message),
    };
    const restarted = await forumsReadingImages({ store });
    await restarted.forums.sweep(clientWith(thread));
    expect(restarted.replies).toEqual([]);
    const edited = { ...message, content: 'spotify will not open. Error code: auth:3' } as unknown as Message<true>;
    expect(await restarted.forums.onEdit(edited, others)).toBe('not-followed');
    expect(restarted.edits).toEqual([]);
  });

  it('follows edits with the first reply read back from the post when a helper\'s fix for the opening message came after it', async () => {
    const store = memoryStore();
    const killed = await forumsReadingImages({ store, repliesHeld: new Promise(() => undefined) });
    const { message, thread } = newPost('p-greeted-then-fixed', 'spotify will not open');
    void killed.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(killed.sending).toEqual(['p-greeted-then-fixed']));
    // Discord had posted the greeting, then the process was killed; a helper then sent a fix for the opening message.
    const greeting = postedReply('r-greeting', thread.id, killed.payloads.get(thread.id));
    const fix = postedReply('r-fix', thread.id, {
      embeds: [],
      components: [{ type: ComponentType.ActionRow, components: feedbackButtons(['auth:1']) }],
    });
    // Discord lists a post's messages newest first.
    (thread as unknown as { messages: unknown }).messages = {
      fetch: async (query: { after?: string }) =>
        query.after
          ? new Collection([
              [fix.id, fix],
              [greeting.id, greeting],
            ])
          : message,
    };
    const restarted = await forumsReadingImages({ store, now: () => NOW + HOUR });
    await restarted.forums.sweep(clientWith(thread));
    expect(restarted.replies).toEqual([]);
    // Before, the newest of the bot's replies there (the fix) was read back: the greeting was not followed.
    const edited = { ...message, content: 'spotify will not open. Error code: auth:3' } as unknown as Message<true>;
    expect(await restarted.forums.onEdit(edited, others)).toBe('answered');
    expect(restarted.edits).toEqual([{ replyId: 'r-greeting', title: expect.stringMatching(/^auth:3 /) }]);
  });

  it('is answered once when another process sweeps while this one still reads the post (two processes beside each other during a deploy)', async () => {
    const store = memoryStore();
    let readDone!: () => void;
    const live = await forumsReadingImages({ store, answersHeld: new Promise<void>((resolve) => (readDone = resolve)) });
    const { message, thread } = newPost('p-both', 'spotify will not open. Error code: auth:3');
    const answering = live.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(store.posts.has('p-both')).toBe(true));
    // The other process's sweep finds the post claimed, its first reply still to send, and sends it.
    const other = await forumsReadingImages({ store });
    await other.forums.sweep(clientWith(thread));
    readDone();
    expect(await answering).toBe('already-handled');
    // Before, both sent it: the sweep, then the process that claimed the post once its answer was ready.
    expect([...live.replies, ...other.replies]).toEqual([{ threadId: 'p-both', title: expect.stringMatching(/^auth:3 /) }]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('is answered once when a sweep reads the post for longer than a lost send is waited for, and another process sweeps meanwhile', async () => {
    const store = memoryStore();
    const failed = await forumsReadingImages({ store, replyFailures: ['failing'] });
    const { message, thread } = newPost('p-slow', 'spotify will not open. Error code: auth:3');
    expect(await failed.forums.onMessage(message, thread, forum, true)).toBe('failed');
    // A sweep whose screenshot reading is slow (a long queue of images) ...
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    let reading = false;
    const answersHeld = { then: (done: () => void) => ((reading = true), read.then(done)) } as unknown as Promise<void>;
    const slow = await forumsReadingImages({ store, answersHeld });
    const slowSweep = slow.forums.sweep(clientWith(thread));
    await vi.waitFor(() => expect(reading).toBe(true));
    // ... and another process sweeping minutes later, when a reply taken then would count as lost with its process.
    const other = await forumsReadingImages({ store, now: () => NOW + 10 * 60_000 });
    await other.forums.sweep(clientWith(thread));
    readDone();
    await slowSweep;
    // Before, both sent it: the slow sweep had taken the reply before reading, and the other read that take as lost.
    expect([...slow.replies, ...other.replies]).toEqual([{ threadId: 'p-slow', title: expect.stringMatching(/^auth:3 /) }]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('is one whose screenshot could not be downloaded: read by the next sweep, and greeted there if it still cannot be', async () => {
    const store = memoryStore();
    const { forums, replies, cdn } = await forumsReadingImages({ store });
    cdn.fails = () => true;
    const shown = newPost('shown', 'what is this?', [image('Error code: auth:3')]);
    const stillFailing = newPost('still-failing', 'what is this?', [image('Error code: auth:1')]);
    // Not greeted as a post without an error: its screenshot may well show one.
    expect(await forums.onMessage(shown.message, shown.thread, forum, true)).toBe('failed');
    expect(await forums.onMessage(stillFailing.message, stillFailing.thread, forum, true)).toBe('failed');
    expect(replies).toEqual([]);
    // The sweep reads the screenshot that downloads now (from the opening message as Discord has it: fresh links);
    // one that still cannot be downloaded on the sweep's try is greeted: no post waits for ever.
    cdn.fails = (text) => text === 'Error code: auth:1';
    await forums.sweep(clientWith(shown.thread, stillFailing.thread));
    expect(replies).toEqual([
      { threadId: 'shown', title: expect.stringMatching(/^auth:3 /) },
      { threadId: 'still-failing', title: GREETING },
    ]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('gets nothing once closed, deleted or archived meanwhile, or its opening message deleted, or the reply went out after all, and a refusal is not tried again', async () => {
    const store = memoryStore();
    const { forums, replies, payloads } = await forumsReadingImages({ store, replyFailures: ['failing', 'failing', 'failing', 'failing', 'failing', 'refused'] });
    const posts = ['closed', 'deleted', 'archived', 'starter-deleted', 'went-out', 'refused'].map((id) => newPost(id, 'Error code: auth:3'));
    for (const { message, thread } of posts) await forums.onMessage(message, thread, forum, true);
    store.posts.set('closed', { ...store.posts.get('closed')!, state: 'closed' });
    const [, , archived, starterDeleted, wentOut, refused] = posts.map((p) => p.thread);
    (archived as { archived: boolean }).archived = true;
    (starterDeleted as unknown as { messages: unknown }).messages = { fetch: async () => Promise.reject(apiError(10008, 404)) };
    // Discord failed the reply (the connection lost), yet it had posted it.
    const sent = postedReply('r', 'went-out', payloads.get('went-out'));
    (wentOut as unknown as { messages: unknown }).messages = { fetch: async (query: { after?: string }) => (query.after ? new Collection([['r', sent]]) : posts[4]!.message) };
    await forums.sweep(clientWith(archived!, starterDeleted!, wentOut!, refused!));
    expect(replies).toEqual([]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });

  it('is tried again by a later sweep when Discord fails to give its opening message or the replies in the post', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store, replyFailures: ['failing', 'failing'] });
    const posts = [newPost('opening-failed', 'Error code: auth:3'), newPost('replies-failed', 'Error code: auth:1')];
    for (const { message, thread } of posts) await forums.onMessage(message, thread, forum, true);
    failsOnce(posts[0]!.thread, 'opening');
    failsOnce(posts[1]!.thread, 'replies');
    const client = clientWith(posts[0]!.thread, posts[1]!.thread);
    // Neither sent (a reply of the bot's may be there) nor given up (it would never be sent).
    await forums.sweep(client);
    expect(replies).toEqual([]);
    await forums.sweep(client);
    expect(replies.map((r) => r.threadId)).toEqual(['opening-failed', 'replies-failed']);
  });

  it('is sent once when two processes sweep at the same time', async () => {
    const store = memoryStore();
    const { forums } = await forumsReadingImages({ store, replyFailures: ['failing'] });
    const { message, thread } = newPost('p-swept', 'Error code: auth:3');
    await forums.onMessage(message, thread, forum, true);
    const [one, other] = await Promise.all([forumsReadingImages({ store }), forumsReadingImages({ store })]);
    await Promise.all([one.forums.sweep(clientWith(thread)), other.forums.sweep(clientWith(thread))]);
    expect([...one.replies, ...other.replies]).toEqual([{ threadId: 'p-swept', title: expect.stringMatching(/^auth:3 /) }]);
  });

  it('gets nothing once its forum is no longer a help forum, though another is', async () => {
    const store = memoryStore();
    const { forums } = await forumsReadingImages({ store, replyFailures: ['failing'] });
    const { message, thread } = newPost('p-moved', 'Error code: auth:3');
    await forums.onMessage(message, thread, forum, true);
    const after = await forumsReadingImages({ store, forums: [{ ...forum, forumId: 'forum-2' }] });
    await after.forums.sweep(clientWith(thread));
    expect(after.replies).toEqual([]);
  });

  it('is greeted once when another process sweeps while this one still reads the post', async () => {
    const store = memoryStore();
    let readDone!: () => void;
    const live = await forumsReadingImages({ store, answersHeld: new Promise<void>((resolve) => (readDone = resolve)) });
    const { message, thread } = newPost('p-greeted', 'spotify keeps stopping');
    const answering = live.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(store.posts.has('p-greeted')).toBe(true));
    const other = await forumsReadingImages({ store });
    await other.forums.sweep(clientWith(thread));
    readDone();
    expect(await answering).toBe('already-handled');
    expect([...live.replies, ...other.replies]).toEqual([{ threadId: 'p-greeted', title: GREETING }]);
  });

  it('is sent by a sweep after a restart when another process took it from this one and was killed while sending it', async () => {
    const store = memoryStore();
    let readDone!: () => void;
    const live = await forumsReadingImages({ store, answersHeld: new Promise<void>((resolve) => (readDone = resolve)) });
    const { message, thread } = newPost('p-other-killed', 'spotify will not open. Error code: auth:3');
    const answering = live.forums.onMessage(message, thread, forum, true);
    await vi.waitFor(() => expect(store.posts.has('p-other-killed')).toBe(true));
    const killed = await forumsReadingImages({ store, repliesHeld: new Promise(() => undefined) });
    void killed.forums.sweep(clientWith(thread));
    await vi.waitFor(() => expect(killed.sending).toEqual(['p-other-killed']));
    readDone();
    expect(await answering).toBe('already-handled');
    // Still the other process's to finish: not marked sent by this one.
    const restarted = await forumsReadingImages({ store, now: () => NOW + HOUR });
    await restarted.forums.sweep(clientWith(thread));
    expect([...live.replies, ...restarted.replies]).toEqual([{ threadId: 'p-other-killed', title: expect.stringMatching(/^auth:3 /) }]);
  });

  it('is sent as the post comes when the database stops answering after the post was claimed', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store });
    store.takeWelcome = async () => Promise.reject(new StorageUnavailableError('take a forum welcome', new Error('timeout')));
    const { message, thread } = newPost('p-db-gone', 'spotify will not open. Error code: auth:3');
    expect(await forums.onMessage(message, thread, forum, true)).toBe('answered');
    expect(replies).toEqual([{ threadId: 'p-db-gone', title: expect.stringMatching(/^auth:3 /) }]);
  });
});

describe('help-forum posts opened while the bot was away', () => {
  const TODAY = Date.UTC(2026, 10, 27, 12);
  const at = (ms: number) => SnowflakeUtil.generate({ timestamp: ms }).toString();
  /** A post opened at `openedAt`, whose last message came at `lastAt` (its opening, when not given), in `forumId`. */
  function postFrom(threadId: string, content: string, openedAt: number, options: { lastAt?: number; forumId?: string } = {}) {
    const made = newPost(threadId, content);
    Object.assign(made.thread, { createdTimestamp: openedAt, lastMessageId: at(options.lastAt ?? openedAt), parentId: options.forumId ?? forum.forumId });
    return made;
  }
  /** The client at start: the server's active threads as Discord lists them (`listing` may fail). */
  const clientListing = (threads: AnyThreadChannel[], listing = async () => ({ threads: new Collection(threads.map((t) => [t.id, t])) })) =>
    ({
      user: { id: 'bot' },
      guilds: { cache: new Map([['guild-1', { id: 'guild-1', shardId: 0, channels: { fetchActiveThreads: listing } }]]) },
      channels: { cache: new Map(threads.map((t) => [t.id, t])), fetch: async () => Promise.reject(apiError(10003, 404)) },
    }) as unknown as Client;

  it('answers or greets those opened within a day once, and only follows older ones from their last message', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store, now: () => TODAY });
    const answered = postFrom('answered', 'spotify will not open. Error code: auth:3', TODAY - 2 * HOUR);
    const greeted = postFrom('greeted', 'spotify keeps stopping', TODAY - 23 * HOUR);
    const old = postFrom('old', 'Error code: auth:1', TODAY - 30 * HOUR, { lastAt: TODAY - 5 * HOUR });
    const elsewhere = postFrom('elsewhere', 'Error code: auth:1', TODAY - HOUR, { forumId: 'not-a-help-forum' });
    const client = clientListing([answered.thread, greeted.thread, old.thread, elsewhere.thread]);
    await forums.catchUp(client);
    expect(replies).toEqual([
      { threadId: 'answered', title: expect.stringMatching(/^auth:3 /) },
      { threadId: 'greeted', title: GREETING },
    ]);
    expect(store.posts.get('answered')).toMatchObject({ createdAt: TODAY - 2 * HOUR, answerCode: 'auth:3', welcomePending: false });
    expect(store.posts.get('old')).toMatchObject({ createdAt: TODAY - 30 * HOUR, lastActivityAt: TODAY - 5 * HOUR, onboarded: false, state: 'open' });
    expect(store.posts.has('elsewhere')).toBe(false);
    // Once: neither a reconnect, a sweep, nor a restarted bot answers them again.
    await forums.catchUp(client);
    await forums.sweep(client);
    const restarted = await forumsReadingImages({ store, now: () => TODAY });
    await restarted.forums.catchUp(client);
    expect([...replies, ...restarted.replies]).toHaveLength(2);
  });

  it('answers a post once when its opening message comes in as the bot catches up', async () => {
    const { forums, replies } = await forumsReadingImages({ now: () => TODAY });
    const racing = postFrom('racing', 'Error code: auth:3', TODAY - 1000);
    await Promise.all([forums.catchUp(clientListing([racing.thread])), forums.onMessage(racing.message, racing.thread, forum, true)]);
    expect(replies).toEqual([{ threadId: 'racing', title: expect.stringMatching(/^auth:3 /) }]);
  });

  it('only follows a post the bot replied in before the database knew it, or whose opening message is gone', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store, now: () => TODAY });
    const replied = postFrom('replied', 'Error code: auth:3', TODAY - HOUR);
    const sent = { author: { id: 'bot' }, reference: { messageId: 'replied' }, components: [] };
    (replied.thread as unknown as { messages: unknown }).messages = { fetch: async (query: { after?: string }) => (query.after ? new Collection([['r', sent]]) : replied.message) };
    const starterGone = postFrom('starter-gone', 'Error code: auth:3', TODAY - HOUR);
    (starterGone.thread as unknown as { messages: unknown }).messages = { fetch: async () => Promise.reject(apiError(10008, 404)) };
    await forums.catchUp(clientListing([replied.thread, starterGone.thread]));
    expect(replies).toEqual([]);
    expect([...store.posts.keys()]).toEqual(['replied', 'starter-gone']);
  });

  it('reads a server again at the next sweep when Discord or the database failed the first time', async () => {
    const store = memoryStore();
    const { forums, replies, warnings } = await forumsReadingImages({ store, now: () => TODAY });
    const first = postFrom('first', 'Error code: auth:3', TODAY - HOUR);
    const second = postFrom('second', 'Error code: auth:1', TODAY - HOUR);
    let listed = 0;
    const client = clientListing([first.thread, second.thread], async () => {
      listed += 1;
      if (listed === 1) throw new Error('socket hang up');
      return { threads: new Collection([[first.thread.id, first.thread], [second.thread.id, second.thread]]) };
    });
    await forums.catchUp(client);
    expect(replies).toEqual([]);
    store.down = true;
    await forums.sweep(client);
    expect(replies).toEqual([]);
    expect(warnings).toContain('help forum: posts opened while away not read, the database did not answer');
    store.down = false;
    await forums.sweep(client);
    expect(replies.map((r) => r.threadId)).toEqual(['first', 'second']);
    await forums.sweep(client);
    expect(replies).toHaveLength(2);
  });

  it('only follows a post opened before its forum was chosen, which was not opened while the bot was away', async () => {
    const store = memoryStore();
    const chosen = { ...forum, chosenAt: TODAY - HOUR };
    const { forums, replies } = await forumsReadingImages({ store, now: () => TODAY, forums: [chosen] });
    const before = postFrom('before', 'Error code: auth:3', TODAY - 3 * HOUR);
    const after = postFrom('after', 'Error code: auth:1', TODAY - HOUR / 2);
    await forums.catchUp(clientListing([before.thread, after.thread]));
    expect(replies).toEqual([{ threadId: 'after', title: expect.stringMatching(/^auth:1 /) }]);
    expect(store.posts.get('before')).toMatchObject({ createdAt: TODAY - 3 * HOUR, onboarded: false, answered: false, state: 'open' });
    expect(store.posts.get('before')?.welcomePending).toBeFalsy();
  });

  it('reads a server again at the next sweep when its connection was lost again while the bot was still reading it', async () => {
    const { forums, replies } = await forumsReadingImages({ now: () => TODAY });
    const late = postFrom('late', 'Error code: auth:3', TODAY - 1000);
    let listed = 0;
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let listing = () => undefined as void;
    const started = new Promise<void>((resolve) => (listing = resolve));
    const client = clientListing([late.thread], async () => {
      listed += 1;
      if (listed > 1) return { threads: new Collection([[late.thread.id, late.thread]]) };
      // Listed before the post opened, then slow to come back: the connection is lost and a new session starts meanwhile.
      listing();
      await held;
      return { threads: new Collection() };
    });
    const reading = forums.catchUp(client);
    await started;
    await forums.catchUp(client);
    release();
    await reading;
    expect(replies).toEqual([]);
    await forums.sweep(client);
    expect(replies).toEqual([{ threadId: 'late', title: expect.stringMatching(/^auth:3 /) }]);
  });

  it('leaves the rest of a forum\'s posts alone once a moderator removes the forum while the bot catches up', async () => {
    const store = memoryStore();
    const chosen = [forum];
    const { forums, replies } = await forumsReadingImages({ store, now: () => TODAY, forums: chosen });
    const first = postFrom('first', 'Error code: auth:3', TODAY - HOUR);
    const second = postFrom('second', 'Error code: auth:1', TODAY - HOUR);
    const claim = store.claimPost;
    store.claimPost = async (post) => {
      const claimed = await claim(post);
      // `/spotify-error-admin forum remove` as the first post is answered.
      chosen.length = 0;
      return claimed;
    };
    await forums.catchUp(clientListing([first.thread, second.thread]));
    expect(replies.map((r) => r.threadId)).toEqual(['first']);
    expect([...store.posts.keys()]).toEqual(['first']);
  });

  it('reads a post again at the next sweep when Discord failed to give its opening message or the replies in it', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store, now: () => TODAY });
    const openingFailed = postFrom('opening-failed', 'Error code: auth:3', TODAY - HOUR);
    const repliesFailed = postFrom('replies-failed', 'Error code: auth:1', TODAY - HOUR);
    failsOnce(openingFailed.thread, 'opening');
    failsOnce(repliesFailed.thread, 'replies');
    const client = clientListing([openingFailed.thread, repliesFailed.thread]);
    await forums.catchUp(client);
    // Neither answered (a reply of the bot's may be there) nor only followed (it would never be answered).
    expect(replies).toEqual([]);
    expect(store.posts.size).toBe(0);
    await forums.sweep(client);
    expect(replies.map((r) => r.threadId)).toEqual(['opening-failed', 'replies-failed']);
  });

  it('does not read again a server whose posts Discord refused to list, nor one whose reading failed otherwise (logged once)', async () => {
    const store = memoryStore();
    const { forums, replies, errors } = await forumsReadingImages({ store, now: () => TODAY });
    let listings = 0;
    const refusing = clientListing([], async () => {
      listings += 1;
      throw apiError(50001, 403);
    });
    await forums.catchUp(refusing);
    await forums.sweep(refusing);
    expect(listings).toBe(1);
    const failing = postFrom('failing', 'Error code: auth:3', TODAY - HOUR);
    const client = clientListing([failing.thread]);
    store.getPost = async () => Promise.reject(new Error('a bug'));
    await forums.catchUp(client);
    await forums.sweep(client);
    expect(errors).toEqual(['help forum: posts opened while away not read']);
    expect(replies).toEqual([]);
  });

  it('reads only the servers of the shard whose connection was lost, and none once stopped', async () => {
    const { forums, replies } = await forumsReadingImages({ now: () => TODAY });
    const post = postFrom('p', 'Error code: auth:3', TODAY - HOUR);
    let listings = 0;
    const client = clientListing([post.thread], async () => ((listings += 1), { threads: new Collection([[post.thread.id, post.thread]]) }));
    // The server is on shard 0.
    await forums.catchUp(client, 1);
    expect(listings).toBe(0);
    forums.stop();
    await forums.catchUp(client, 0);
    expect(listings).toBe(0);
    expect(replies).toEqual([]);
  });

  it('leaves alone a post a bot opened while the bot was away, as it would have as it came', async () => {
    const { forums, replies } = await forumsReadingImages({ now: () => TODAY });
    const byBot = postFrom('by-bot', 'Error code: auth:3', TODAY - HOUR);
    (byBot.message as unknown as { author: { bot: boolean } }).author.bot = true;
    await forums.catchUp(clientListing([byBot.thread]));
    expect(replies).toEqual([]);
  });
});

describe('a member\'s message in a help-forum post the bot does not know', () => {
  it('starts following the post (its idle timer), without greeting it', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store });
    const { thread } = newPost('unknown', 'spotify keeps stopping', [], 'owner');
    Object.assign(thread, { createdTimestamp: NOW - 30 * HOUR });
    const said = (id: string, author: string) =>
      ({ id, content: 'anyone?', guildId: 'guild-1', channelId: 'unknown', channel: thread, author: { id: author }, client: { user: { id: 'bot' } } }) as unknown as Message<true>;
    // The bot's own message there (an automatic reply) does not.
    await forums.onMessage(said('m0', 'bot'), thread, forum, false);
    expect(store.posts.has('unknown')).toBe(false);
    await forums.onMessage(said('m1', 'helper'), thread, forum, true);
    expect(store.posts.get('unknown')).toMatchObject({ ownerId: 'owner', createdAt: NOW - 30 * HOUR, lastActivityAt: NOW, answered: true, onboarded: false, state: 'open' });
    expect(replies).toEqual([]);
  });

  it('leaves a new post whose claim is on its way to be answered, when its owner\'s next message comes first', async () => {
    const store = memoryStore();
    const { forums, replies } = await forumsReadingImages({ store });
    const { message, thread } = newPost('quick', 'Error code: auth:3', [], 'owner');
    // The database is slow to take the new post's claim.
    let release = () => undefined as void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const claim = store.claimPost;
    store.claimPost = async (post) => (post.threadId === 'quick' && post.welcomePending ? slow.then(() => claim(post)) : claim(post));
    const answering = forums.onMessage(message, thread, forum, true);
    const next = { id: 'm1', content: 'also on Windows', guildId: 'guild-1', channelId: 'quick', channel: thread, author: { id: 'owner' }, client: { user: { id: 'bot' } } };
    await forums.onMessage(next as unknown as Message<true>, thread, forum, true);
    release();
    expect(await answering).toBe('answered');
    expect(replies).toEqual([{ threadId: 'quick', title: expect.stringMatching(/^auth:3 /) }]);
  });
});

describe('Discord\'s notices in a help-forum post (system messages)', () => {
  it('keep the post\'s timer but are no answer: a moderator renaming the post, pinning a message, a poll\'s result', async () => {
    const base = memoryStore();
    const answered: boolean[] = [];
    const store = Object.assign(base, { recordActivity: async (_threadId: string, _at: number, by: boolean) => void answered.push(by) });
    const { forums } = await forumsReadingImages({ store });
    const { thread } = newPost('renamed', 'spotify keeps stopping', [], 'owner');
    base.posts.set('renamed', post('renamed'));
    const from = (id: string, type: MessageType, author: string) =>
      ({ id, type, system: type !== MessageType.Default, content: '', guildId: 'guild-1', channelId: 'renamed', channel: thread, author: { id: author, bot: false }, client: { user: { id: 'bot' } }, components: [] }) as unknown as Message<true>;
    // "moderator changed the post title: …", "moderator pinned a message to this channel", "The poll … has closed".
    await forums.onMessage(from('m1', MessageType.ChannelNameChange, 'moderator'), thread, forum, false);
    await forums.onMessage(from('m2', MessageType.ChannelPinnedMessage, 'moderator'), thread, forum, false);
    await forums.onMessage(from('m3', MessageType.PollResult, 'helper'), thread, forum, false);
    expect(answered).toEqual([false, false, false]);
    // A helper's words do.
    await forums.onMessage(from('m4', MessageType.Default, 'helper'), thread, forum, true);
    expect(answered).toEqual([false, false, false, true]);
  });
});

describe('another app\'s reply to a command in a help-forum post', () => {
  it('is the message of whoever ran the command: no answer when its owner ran it, an answer when a helper did', async () => {
    const base = memoryStore();
    const answered: boolean[] = [];
    const store = Object.assign(base, { recordActivity: async (_threadId: string, _at: number, by: boolean) => void answered.push(by) });
    const { forums } = await forumsReadingImages({ store });
    const { thread } = newPost('commanded', 'spotify keeps stopping', [], 'owner');
    base.posts.set('commanded', post('commanded'));
    // As Discord sends an interaction's response: by the app, with the app's ID as its webhook's, and who ran it.
    const reply = (id: string, ranBy: string) =>
      ({
        id, type: MessageType.ChatInputCommand, system: false, content: 'Your rank: 12', guildId: 'guild-1', channelId: 'commanded', channel: thread,
        author: { id: 'other-app', bot: true }, webhookId: 'other-app', interactionMetadata: { user: { id: ranBy } },
        client: { user: { id: 'bot' } }, components: [],
      }) as unknown as Message<true>;
    await forums.onMessage(reply('m1', 'owner'), thread, forum, false);
    await forums.onMessage(reply('m2', 'helper'), thread, forum, false);
    expect(answered).toEqual([false, true]);
  });
});
