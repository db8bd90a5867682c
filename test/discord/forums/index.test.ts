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
    logger: { warn: () => undefined },
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
