import type { Guild } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { guildAvailable, guildCreate } from '../../src/events/guild-available.js';
import { defaultSettings } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';

describe('servers arriving at start', () => {
  it('have their settings read a few at a time, however many arrive at once (the answers share the database connections)', async () => {
    let reading = 0;
    let most = 0;
    let read = 0;
    const waiting: Array<() => void> = [];
    const ctx = {
      config: { autoReplyChannelIds: [] },
      logger: collectingLogger().logger,
      modLog: { post: vi.fn() },
      guildData: {
        storedSettings: async () => {
          reading += 1;
          most = Math.max(most, reading);
          await new Promise<void>((resolve) => waiting.push(resolve));
          reading -= 1;
          read += 1;
          return { ...defaultSettings([]), autoReplies: true, allowIds: ['1'] };
        },
        updateSettings: vi.fn(),
      },
    } as unknown as BotContext;
    const client = { channels: { cache: new Map() } };
    const guilds = Array.from({ length: 40 }, (_, i) => ({ id: String(100 + i), client, channels: { cache: new Map([['1', {}]]) } }) as unknown as Guild);
    const done = Promise.all(guilds.map((guild, i) => (i % 2 ? guildAvailable : guildCreate).execute(ctx, guild as never)));
    while (read < guilds.length) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const release of waiting.splice(0)) release();
    }
    await done;
    expect(read).toBe(guilds.length);
    expect(most).toBeLessThanOrEqual(2);
  });
});
