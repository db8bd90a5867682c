import { DiscordAPIError, type Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ForumPost } from '../../../src/forums/posts.js';
import { HelpForums, type HelpForumDeps } from '../../../src/discord/forums/index.js';
import { DEFAULT_SETTINGS } from '../../../src/settings/schema.js';

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
