import { EventEmitter } from 'node:events';
import { Events, type Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { WorkTracker } from '../../src/core/work-tracker.js';
import type { BotContext } from '../../src/discord/context.js';
import { HelpForums, type HelpForumDeps } from '../../src/discord/forums/index.js';
import { registerEvents } from '../../src/events/index.js';
import { collectingLogger } from '../helpers.js';
import { openTestStorage } from '../storage/helpers.js';

const LEFT = '111111111111111111';
const KEPT = '222222222222222222';
const DAY = 86_400_000;

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
});
