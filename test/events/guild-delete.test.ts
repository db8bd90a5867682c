import { EventEmitter } from 'node:events';
import { Collection, Events, type Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { WorkTracker } from '../../src/core/work-tracker.js';
import type { BotContext } from '../../src/discord/context.js';
import { HelpForums, type HelpForumDeps } from '../../src/discord/forums/index.js';
import { registerEvents } from '../../src/events/index.js';
import { StorageUnavailableError } from '../../src/storage/errors.js';
import { collectingLogger } from '../helpers.js';
import { openTestStorage } from '../storage/helpers.js';

const LEFT = '111111111111111111';
const KEPT = '222222222222222222';
const DAY = 86_400_000;

/** Help forums on a fresh database whose `failing` operation does not answer until `database.answers()`. */
async function forumsOnADatabaseDown(failing: 'endGuildPosts' | 'guildsWithOpenPosts' = 'endGuildPosts') {
  const { storage } = await openTestStorage('sqlite');
  const now = Date.parse('2026-11-25T12:00:00Z');
  const { logger } = collectingLogger();
  const posts = storage.forumPosts;
  let down = true;
  const store = Object.assign(Object.create(posts) as typeof posts, {
    [failing]: (...args: unknown[]) =>
      down ? Promise.reject(new StorageUnavailableError(failing, new Error('timeout'))) : (posts[failing] as (...a: unknown[]) => Promise<unknown>).apply(posts, args),
  });
  const forums = new HelpForums({ store, clock: { now: () => now, every: () => () => undefined }, logger } as unknown as HelpForumDeps);
  return { storage, posts, forums, now, database: { answers: () => (down = false) } };
}

describe('a server the bot is removed from', () => {
  it('has its open help-forum posts ended, so that retention deletes them (with their owners\' IDs) as it does other ended posts', async () => {
    const { storage } = await openTestStorage('sqlite');
    const now = Date.parse('2026-11-25T12:00:00Z');
    const { logger } = collectingLogger();
    const forums = new HelpForums({ store: storage.forumPosts, clock: { now: () => now, every: () => () => undefined }, logger } as unknown as HelpForumDeps);
    const ctx = { forums, logger, work: new WorkTracker(), counters: { errors: 0 } } as unknown as BotContext;
    const client = new EventEmitter();
    registerEvents(client as unknown as Client, ctx);
    const post = (guildId: string, threadId: string) =>
      storage.forumPosts.claimPost({ guildId, threadId, forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    await post(LEFT, '5001');
    await post(KEPT, '5002');
    // The bot kicked (discord.js emits guildDelete only for a server left, an outage is guildUnavailable).
    client.emit(Events.GuildDelete, { id: LEFT, available: true });
    expect(await ctx.work.drain(5_000)).toBe(true);
    await storage.prune(90, new Date(now + 91 * DAY));
    expect(await storage.forumPosts.getPost('5001')).toBeUndefined();
    // A server the bot is still in keeps its open posts, however old.
    expect(await storage.forumPosts.getPost('5002')).toMatchObject({ state: 'open' });
    expect(ctx.counters.errors).toBe(0);
    await storage.close();
  });

  it('has them ended by a later sweep when the database did not answer as the bot was removed', async () => {
    const { storage, posts, forums, now, database } = await forumsOnADatabaseDown();
    await posts.claimPost({ guildId: LEFT, threadId: '5101', forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    await forums.serverLeft(LEFT);
    expect(await posts.getPost('5101')).toMatchObject({ state: 'open' });
    // The database answers again: the next sweep (the bot now in no server at all) ends them.
    database.answers();
    await forums.sweep({ guilds: { cache: new Map() } } as unknown as Client);
    expect(await posts.getPost('5101')).toMatchObject({ state: 'ended' });
    await storage.prune(90, new Date(now + 91 * DAY));
    expect(await posts.getPost('5101')).toBeUndefined();
    await storage.close();
  });

  it('is work shutdown waits for: the posts are ended before the database closes', async () => {
    let ended = false;
    const forums = {
      serverLeft: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        ended = true;
      },
    };
    const ctx = { forums, logger: collectingLogger().logger, work: new WorkTracker(), counters: { errors: 0 } } as unknown as BotContext;
    const client = new EventEmitter();
    registerEvents(client as unknown as Client, ctx);
    client.emit(Events.GuildDelete, { id: LEFT, available: true });
    expect(await ctx.work.drain(5_000)).toBe(true);
    expect(ended).toBe(true);
  });

  it('keeps the posts of a server left while the database did not answer, then added back, when another server is left later', async () => {
    const { storage, posts, forums, now, database } = await forumsOnADatabaseDown();
    const guilds = new Map<string, unknown>([[KEPT, {}]]);
    forums.startSweeping({ guilds: { cache: guilds } } as unknown as Client, 60_000);
    await posts.claimPost({ guildId: LEFT, threadId: '5201', forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    await posts.claimPost({ guildId: KEPT, threadId: '5202', forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    await forums.serverLeft(LEFT);
    // Added back before any sweep ran; the database answers again; then the bot is removed from another server.
    guilds.set(LEFT, {});
    guilds.delete(KEPT);
    database.answers();
    await forums.serverLeft(KEPT);
    expect(await posts.getPost('5202')).toMatchObject({ state: 'ended' });
    expect(await posts.getPost('5201')).toMatchObject({ state: 'open' });
    await storage.close();
  });
});

describe('a server the bot was removed from while it was not running', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  /** Help forums on a fresh database with one open post in each of these servers (post `5<i>` of the i-th). */
  async function postsIn(guildIds: readonly string[]) {
    const { storage } = await openTestStorage('sqlite');
    const { logger } = collectingLogger();
    const forums = new HelpForums({ store: storage.forumPosts, clock: { now: () => now, every: () => () => undefined }, logger } as unknown as HelpForumDeps);
    for (const [i, guildId] of guildIds.entries()) {
      await storage.forumPosts.claimPost({ guildId, threadId: `5${i}`, forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    }
    const stateOf = async (i: number) => (await storage.forumPosts.getPost(`5${i}`))?.state;
    return { storage, forums, stateOf };
  }
  /** A client once its shards are ready: the servers Discord listed (an outage's unavailable), and which shards it runs of how many. */
  const readyClient = (guilds: Record<string, boolean>, shards = [0], shardCount = 1) =>
    ({
      options: { shards, shardCount },
      guilds: { cache: new Collection(Object.entries(guilds).map(([id, available]) => [id, { id, available }])) },
    }) as unknown as Client;

  it('has its open posts ended at start, but not a server the bot is in, nor one in an outage', async () => {
    const OUTAGE = '333333333333333333';
    const { storage, forums, stateOf } = await postsIn([LEFT, KEPT, OUTAGE]);
    await forums.endPostsOfServersLeftWhileStopped(readyClient({ [KEPT]: true, [OUTAGE]: false }));
    expect(await stateOf(0)).toBe('ended');
    expect(await stateOf(1)).toBe('open');
    expect(await stateOf(2)).toBe('open');
    await storage.close();
  });

  it('has its open posts ended by a later sweep when the database did not answer at start', async () => {
    const { storage, posts, forums, database } = await forumsOnADatabaseDown('guildsWithOpenPosts');
    await posts.claimPost({ guildId: LEFT, threadId: '5301', forumId: '3333', ownerId: '4444', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    const client = readyClient({});
    await forums.endPostsOfServersLeftWhileStopped(client);
    expect(await posts.getPost('5301')).toMatchObject({ state: 'open' });
    database.answers();
    await forums.sweep(client);
    expect(await posts.getPost('5301')).toMatchObject({ state: 'ended' });
    await storage.close();
  });

  it('is ended by the shard that would serve it only: another shard\'s servers are not this one\'s to tell', async () => {
    // Discord's sharding: (guild ID >> 22) % shard count.
    const [onShard0, onShard1] = ['444444444444444444', '555555555555555555'];
    const { storage, forums, stateOf } = await postsIn([onShard0, onShard1]);
    await forums.endPostsOfServersLeftWhileStopped(readyClient({}, [0], 2));
    expect(await stateOf(0)).toBe('ended');
    expect(await stateOf(1)).toBe('open');
    await storage.close();
  });
});
