import { ChannelType, Collection, MessageType, SnowflakeUtil, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { loadEntries } from '../../../src/data/index.js';
import { HelpForums, type HelpForumDeps } from '../../../src/discord/forums/index.js';
import { feedbackButtons } from '../../../src/render/entry.js';
import { solvedId, viewId, voteId } from '../../../src/render/custom-ids.js';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';
import { BACKENDS, openTestStorage } from '../../storage/helpers.js';
import { apiError, clientWith, forum, HOUR, memoryStore, NOW, post } from './helpers.js';

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

describe('a sweep over many quiet posts', () => {
  it('closes each of them once, and leaves the rest open', async () => {
    const closed: string[] = [];
    const quiet = Array.from({ length: 250 }, (_, i) => post(`quiet-${i}`));
    const recent = Array.from({ length: 250 }, (_, i) => ({ ...post(`recent-${i}`), lastActivityAt: NOW - HOUR }));
    const thread = (id: string) => ({
      id, guildId: 'guild-1', isThread: () => true, appliedTags: [], client: { user: {} },
      permissionsFor: () => ({ missing: () => [] }), send: async () => ({ id: `line-${id}` }), edit: async () => undefined,
    });
    const deps = {
      store: {
        idlePosts: async () => [...quiet, ...recent].sort((a, b) => a.threadId.localeCompare(b.threadId)),
        unfinishedCloses: async () => [], pendingWelcomes: async () => [],
        closePost: async (threadId: string) => Boolean(closed.push(threadId)),
        closingInDiscord: async () => true,
      },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const client = { guilds: { cache: new Map([['guild-1', {}]]) }, channels: { cache: new Map(), fetch: async (id: string) => thread(id) } } as unknown as Client;
    expect(await new HelpForums(deps).sweep(client)).toBe(250);
    expect(closed.sort()).toEqual(quiet.map((p) => p.threadId).sort());
  });
});

describe('a sweep after the bot was away (restarted, or its connection lost: Discord sends no missed messages)', () => {
  const now = Date.UTC(2026, 10, 27, 12);
  async function sweepPost(lastMessageAgo: number) {
    const sent: unknown[] = [];
    const closed: string[] = [];
    // The database saw the post's last message 30 hours ago; Discord's post has a message since.
    const known = { ...post('active'), createdAt: now - 48 * HOUR, lastActivityAt: now - 30 * HOUR };
    const thread = {
      id: 'active', guildId: 'guild-1', isThread: () => true, appliedTags: [], client: { user: {} },
      lastMessageId: SnowflakeUtil.generate({ timestamp: now - lastMessageAgo }).toString(),
      permissionsFor: () => ({ missing: () => [] }),
      send: async (message: unknown) => sent.push(message),
      edit: async () => undefined,
      messages: { fetch: async () => new Collection() },
    };
    const deps = {
      store: {
        idlePosts: async () => [known],
        unfinishedCloses: async () => [], pendingWelcomes: async () => [],
        closePost: async (threadId: string) => Boolean(closed.push(threadId)),
        closingInDiscord: async () => true,
      },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => now },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    const count = await new HelpForums(deps).sweep(clientWith('guild-1', thread));
    return { count, sent, closed };
  }

  it('leaves open a post a member wrote in while the bot was away, within its idle time', async () => {
    expect(await sweepPost(HOUR)).toEqual({ count: 0, sent: [], closed: [] });
  });

  it('closes one whose last message, the one it missed too, is older than its idle time', async () => {
    expect(await sweepPost(25 * HOUR)).toMatchObject({ count: 1, closed: ['active'] });
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
    expect(await forums.markSolved(thread(['ManageThreads']), 'owner', false)).toEqual({ ok: true, missing: ['ManageThreads'] });
    expect(edited).toEqual([{ archived: true, locked: true }]);
    expect(sent).toEqual([
      '✅ Marked solved by <@owner>. This post is now closed and locked; if the problem comes back, make a new post.',
      // It stays open: not said to be closed.
      '✅ Marked solved by <@owner>.',
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

describe('a quiet post the bot followed without its history (opened while it was away)', () => {
  const guildId = '111111111111111111';
  const message = (id: string, authorId: string) => ({ id, author: { id: authorId }, components: [] });
  async function closingLine(fetch: () => Promise<unknown>) {
    const { thread, state } = discordThread('5641', guildId);
    Object.assign(thread, { messages: { ...thread.messages, fetch } });
    const store = {
      idlePosts: async () => [{ ...post('5641'), guildId, answered: false }],
      unfinishedCloses: async () => [], pendingWelcomes: async () => [],
      closePost: async () => true,
      closingInDiscord: async () => true,
    };
    const events: unknown[] = [];
    const deps = { ...sweepDeps(store as unknown as HelpForumDeps['store']), onEvent: (event: unknown) => events.push(event) };
    await new HelpForums(deps as HelpForumDeps).sweep(clientWith(guildId, thread));
    return { sent: state.sent, events };
  }

  it('is closed as answered when its messages show a helper answered it while the bot was away', async () => {
    const { sent, events } = await closingLine(async () => new Collection([['5641', message('5641', 'owner')], ['m2', message('m2', 'helper')]]));
    // A webhook's message (a bridge carrying a helper's answer) answers it too.
    const bridged = { ...message('m3', 'bridge'), author: { id: 'bridge', bot: true }, webhookId: 'bridge' };
    expect((await closingLine(async () => new Collection([['5641', message('5641', 'owner')], ['m3', bridged]]))).sent).toEqual([expect.stringMatching(/It was answered/)]);
    expect(sent).toEqual([expect.stringMatching(/It was answered/)]);
    expect(events).toEqual([expect.objectContaining({ kind: 'closed', answered: true })]);
  });

  it('is closed as unanswered when only its owner, the bot\'s greeting and another bot wrote there, or Discord does not say', async () => {
    const anotherBot = { ...message('m4', 'greeter-bot'), author: { id: 'greeter-bot', bot: true } };
    const onlyOwner = await closingLine(async () => new Collection([['5641', message('5641', 'owner')], ['m2', message('m2', 'bot')], ['m3', message('m3', 'owner')], ['m4', anotherBot]]));
    expect(onlyOwner.sent).toEqual([expect.stringMatching(/Nobody has answered it yet/)]);
    const failing = await closingLine(async () => Promise.reject(new Error('socket hang up')));
    expect(failing.sent).toEqual([expect.stringMatching(/Nobody has answered it yet/)]);
    expect(failing.events).toEqual([expect.objectContaining({ kind: 'closed', answered: false })]);
  });

  it('is closed as unanswered when others only left Discord\'s notices there (a moderator renamed it, pinned a message)', async () => {
    const notice = (id: string, type: MessageType) => ({ ...message(id, 'moderator'), type, system: true });
    const renamed = await closingLine(async () => new Collection([['5641', message('5641', 'owner')], ['m2', notice('m2', MessageType.ChannelNameChange)], ['m3', notice('m3', MessageType.ChannelPinnedMessage)]]));
    expect(renamed.sent).toEqual([expect.stringMatching(/Nobody has answered it yet/)]);
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

  it('says a post solved where the bot may not archive it is already marked solved, not closed (it is open in Discord)', async () => {
    const store = memoryStore();
    store.posts.set('5642', { ...post('5642'), state: 'solved' });
    const { thread } = discordThread('5642', 'guild-1');
    Object.assign(thread, { archived: false, parentId: forum.forumId, parent: { parentId: null, type: ChannelType.GuildForum }, permissionsFor: () => ({ missing: () => ['ManageThreads'] }) });
    const deps = {
      store,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
    } as unknown as HelpForumDeps;
    expect(await new HelpForums(deps).markSolved(thread as unknown as AnyThreadChannel, 'owner', false)).toEqual({ ok: false, why: 'This post is already marked solved.' });
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

describe('Mark solved in a forum whose solved tag a moderator deleted since choosing it', () => {
  it('archives the post without the tag, which Discord would refuse with the archive; a tag the forum has is applied', async () => {
    const edits: unknown[] = [];
    const postWithTags = (id: string, available: string[]) =>
      Object.assign(openPostInForum(id, NOW), {
        appliedTags: ['question'],
        parent: { parentId: null, type: ChannelType.GuildForum, availableTags: available.map((tagId) => ({ id: tagId, name: tagId })) },
        edit: async (options: unknown) => void edits.push(options),
      });
    const tagging = { ...forum, solvedTagId: 'solved' };
    const deps = {
      store: { ...memoryStore(), closePost: async () => true },
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [tagging] }) },
      clock: { now: () => NOW },
      logger: { warn: () => undefined, debug: () => undefined },
      countSolved: async () => undefined,
    } as unknown as HelpForumDeps;
    const forums = new HelpForums(deps);
    expect(await forums.markSolved(postWithTags('tag-deleted', ['question']), 'owner', false)).toEqual({ ok: true });
    expect(await forums.markSolved(postWithTags('tag-kept', ['question', 'solved']), 'owner', false)).toEqual({ ok: true });
    expect(edits).toEqual([{ archived: true }, { appliedTags: ['question', 'solved'], archived: true }]);
  });
});

describe.each(BACKENDS)('a greeted post on %s that the bot answered later, in the thread', (backend) => {
  it('is closed when quiet as answered; a menu of errors is no answer', async () => {
    const guildId = '111111111111111111';
    const { storage } = await openTestStorage(backend);
    for (const id of ['5681', '5682']) await storage.forumPosts.claimPost({ ...post(id), guildId, createdAt: NOW - 30 * HOUR, lastActivityAt: NOW - 30 * HOUR, onboarded: true });
    let now = NOW - 29 * HOUR;
    const forums = new HelpForums({ ...sweepDeps(storage.forumPosts), clock: { now: () => now } } as unknown as HelpForumDeps);
    const botMessage = (threadId: string, customIds: string[]) => {
      const thread = { id: threadId, guildId, ownerId: 'owner' } as unknown as AnyThreadChannel;
      const components = [{ components: customIds.map((customId) => ({ customId })) }];
      const message = { id: `bot-${threadId}`, guildId, author: { id: 'bot' }, client: { user: { id: 'bot' } }, components } as unknown as Message<true>;
      return forums.onMessage(message, thread, forum, false);
    };
    // The owner's next message showed the error: the bot's automatic reply there shows its entry, with Helped / Didn't help.
    await botMessage('5681', [solvedId.encode({ threadId: '5681' }), voteId.encode({ helped: true, code: 'auth:3' }), voteId.encode({ helped: false, code: 'auth:3' })]);
    // An @mention that found no one error: a menu of close ones.
    await botMessage('5682', [viewId.encode(null)]);
    now = NOW;
    const threads = { '5681': discordThread('5681', guildId), '5682': discordThread('5682', guildId) };
    const client = {
      guilds: { cache: new Map([[guildId, {}]]) },
      channels: { cache: new Map(), fetch: async (id: '5681' | '5682') => threads[id].thread },
    } as unknown as Client;
    expect(await forums.sweep(client)).toBe(2);
    expect(threads['5681'].state.sent).toEqual([expect.stringMatching(/^This post was closed after 24 hours without new messages\. It was answered;/)]);
    expect(threads['5682'].state.sent).toEqual([expect.stringMatching(/Nobody has answered it yet/)]);
    await storage.close();
  });
});

describe.each(BACKENDS)('Mark solved on %s in a greeted post that the bot answered later, in the thread', (backend) => {
  it('counts the entry it was answered with as helpful', async () => {
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5691'), createdAt: NOW - 2 * HOUR, lastActivityAt: NOW - 2 * HOUR, onboarded: true });
    const helpful: string[] = [];
    const forums = new HelpForums({ ...sweepDeps(storage.forumPosts), countSolved: async (_guildId: string, _userId: string, code: string) => void helpful.push(code) } as unknown as HelpForumDeps);
    const thread = openPostInForum('5691', NOW - 2 * HOUR);
    // The owner's next message showed the error: the bot's automatic reply there shows its entry.
    const votes = [{ components: [solvedId.encode({ threadId: '5691' }), voteId.encode({ helped: true, code: 'auth:3' })].map((customId) => ({ customId })) }];
    const answer = { id: 'auto-reply', guildId: 'guild-1', author: { id: 'bot' }, client: { user: { id: 'bot' } }, reference: { messageId: 'next' }, components: votes } as unknown as Message<true>;
    await forums.onMessage(answer, thread, forum, false);
    expect(await forums.markSolved(thread, 'owner', false)).toEqual({ ok: true });
    expect(helpful).toEqual(['auth:3']);
    await storage.close();
  });
});

describe.each(BACKENDS)('Mark solved on %s in a greeted post the bot answered later with an entry whose code is long', (backend) => {
  it('counts that entry as helpful (its buttons name it by key)', async () => {
    const { storage } = await openTestStorage(backend);
    await storage.forumPosts.claimPost({ ...post('5692'), createdAt: NOW - 2 * HOUR, lastActivityAt: NOW - 2 * HOUR, onboarded: true });
    const code = 'ONE_TRACK_UNPLAYABLE (playback dispatcher, offline cache, protected content and region lock)';
    const entries = [...loadEntries(), { ...loadEntries()[0]!, code }];
    const helpful: string[] = [];
    const forums = new HelpForums({
      ...sweepDeps(storage.forumPosts),
      answerer: { lookup: { entries } },
      countSolved: async (_guildId: string, _userId: string, solved: string) => void helpful.push(solved),
    } as unknown as HelpForumDeps);
    const thread = openPostInForum('5692', NOW - 2 * HOUR);
    // The bot's automatic reply there shows the entry, its feedback buttons named by key (the code does not fit in a custom ID).
    const customIds = [solvedId.encode({ threadId: '5692' }), ...feedbackButtons([code]).map((button) => button.custom_id)];
    expect(customIds[1]).toMatch(/^se:votes:/);
    const components = [{ components: customIds.map((customId) => ({ customId })) }];
    const answer = { id: 'auto-reply', guildId: 'guild-1', author: { id: 'bot' }, client: { user: { id: 'bot' } }, reference: { messageId: 'next' }, components } as unknown as Message<true>;
    await forums.onMessage(answer, thread, forum, false);
    expect(await forums.markSolved(thread, 'owner', false)).toEqual({ ok: true });
    expect(helpful).toEqual([code]);
    await storage.close();
  });
});
