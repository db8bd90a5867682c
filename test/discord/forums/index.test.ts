import { DiscordAPIError, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Answerer } from '../../../src/answers/answerer.js';
import { AutoReplyGate, IMAGES_PER_MEMBER_PER_MINUTE } from '../../../src/answers/auto-reply-gate.js';
import { ErrorLookup } from '../../../src/core/lookup.js';
import { loadEntries } from '../../../src/data/index.js';
import type { AttachmentInfo } from '../../../src/images/image-check.js';
import type { MessagePayload } from '../../../src/render/entry.js';
import type { ForumPost } from '../../../src/forums/posts.js';
import { HelpForums, type HelpForumDeps } from '../../../src/discord/forums/index.js';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema.js';
import { fakeReader, image } from '../../answers/fakes.js';

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
      closePost: async (threadId: string) => {
        closed.push(threadId);
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
    expect(closed.sort()).toEqual(['deleted', 'hidden']);
  });
});

describe('posts of a forum that is no longer a help forum', () => {
  it('are closed in the database by the sweep, so that they are pruned like other ended posts (their owners\' IDs are not kept for ever)', async () => {
    const closed: string[] = [];
    const deps = {
      store: {
        idlePosts: async () => [post('of-a-deleted-forum')],
        closePost: async (threadId: string) => {
          closed.push(threadId);
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
    expect(closed).toEqual(['of-a-deleted-forum']);
  });

  it('are left alone while the settings last known are only the defaults and the database still names the forum', async () => {
    const closed: string[] = [];
    const deps = {
      store: { idlePosts: async () => [post('of-a-help-forum')], closePost: async (threadId: string) => Boolean(closed.push(threadId)) },
      guildData: { settings: async () => DEFAULT_SETTINGS, storedSettings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const client = { guilds: { cache: new Map([['guild-1', {}]]) }, channels: { cache: new Map(), fetch: async () => Promise.reject(new Error('not asked')) } } as unknown as Client;
    await new HelpForums(deps).sweep(client);
    expect(closed).toEqual([]);
  });
});

/** Help forums over the real answerer with a fake OCR reader, and the automatic replies' gate. */
async function forumsReadingImages() {
  const { reader, reads } = await fakeReader();
  const gate = new AutoReplyGate();
  const replies: Array<{ threadId: string; title: string | undefined }> = [];
  const deps = {
    answerer: new Answerer(new ErrorLookup(loadEntries()), reader),
    gate,
    store: { claimPost: async () => true, recordWelcome: async () => undefined },
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }), phrases: async () => [] },
    stats: { record: () => undefined },
    poster: {
      reply: async (thread: { id: string }, _to: string, payload: MessagePayload) => {
        replies.push({ threadId: thread.id, title: payload.embeds[0]?.title });
        return { ok: true, message: { id: `reply-${thread.id}` } };
      },
    },
    clock: { now: () => NOW },
    logger: pino({ level: 'silent' }),
  } as unknown as HelpForumDeps;
  return { forums: new HelpForums(deps), gate, reads, replies };
}

/** A new post's opening message (it has the post's ID), by `member`. */
function newPost(threadId: string, content: string, images: AttachmentInfo[] = [], member = 'member') {
  const thread = { id: threadId, name: 'spotify help', ownerId: member, parentId: forum.forumId, parent: { parentId: null }, isThread: () => true };
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
    expect(gate.admitImages(post, shots('x', 4))).toHaveLength(4);
    gate.state.startCooldown('user:guild-1:member', 60);
    // A help post is answered whatever that cooldown says: its screenshot is read, and counted.
    const first = newPost('p1', 'what is this?', shots('Error code: auth:3', 1));
    await forums.onMessage(first.message, first.thread, forum, true);
    expect(replies[0]!.title).toMatch(/^auth:3 /);
    gate.state.endCooldown('user:guild-1:member');
    expect(gate.admitImages(post, shots('z', 4))).toHaveLength(3);
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
    void forums.onEdit(edited);
    await forums.onMessage(message, thread, forum, true);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.title).toMatch(/^auth:3 /);
  });
});
