import type { Guild } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { guildAvailable, guildCreate } from '../../src/events/guild-available.js';
import { defaultSettings } from '../../src/settings/schema.js';
import { WorkTracker } from '../../src/core/work-tracker.js';
import { StorageUnavailableError } from '../../src/storage/errors.js';
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
      storage: { isOpen: true },
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

  it('leave alone a server that never changed its settings: it follows AUTO_REPLY_CHANNEL_IDS, which names other servers\' channels too', async () => {
    const ids = ['1', 'of-another-server'];
    const updateSettings = vi.fn();
    const ctx = {
      config: { autoReplyChannelIds: ids },
      logger: collectingLogger().logger,
      storage: { isOpen: true },
      modLog: { post: vi.fn() },
      guildData: { storedSettings: async () => defaultSettings(ids), updateSettings },
    } as unknown as BotContext;
    const guild = { id: '100', client: { channels: { cache: new Map() } }, channels: { cache: new Map([['1', {}]]) } } as unknown as Guild;
    await guildAvailable.execute(ctx, guild as never);
    expect(updateSettings).not.toHaveBeenCalled();
  });

  it('wait for a database that did not answer at start: its deleted channels leave the settings once it is opened', async () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    let isOpen = false;
    const stored = { ...defaultSettings([]), autoReplies: true, allowIds: ['1', 'gone'] };
    const { logger, lines } = collectingLogger();
    const updateSettings = vi.fn(async (_guildId: string, change: (s: typeof stored) => typeof stored) => change(stored));
    const ctx = {
      config: { autoReplyChannelIds: [] },
      logger,
      work: new WorkTracker(),
      modLog: { post: vi.fn() },
      storage: {
        opened,
        get isOpen() {
          return isOpen;
        },
      },
      guildData: {
        storedSettings: async () => {
          if (!isOpen) throw new StorageUnavailableError('get settings', new Error('not opened yet'));
          return stored;
        },
        updateSettings,
      },
    } as unknown as BotContext;
    const guild = { id: '100', channels: { cache: new Map([['1', {}]]) } } as unknown as Guild;
    const client = { channels: { cache: new Map() }, guilds: { cache: new Map([['100', guild]]) } };
    Object.assign(guild, { client });
    await guildAvailable.execute(ctx, guild as never);
    // Nothing to say while the database is not open: the outage is logged once, not once per server.
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    isOpen = true;
    open();
    await vi.waitFor(() => expect(updateSettings).toHaveBeenCalled());
    expect(await updateSettings.mock.results[0]!.value).toMatchObject({ allowIds: ['1'] });
  });

  it('while that database is not open, keep one check per server the bot is in, however often servers come and go', async () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    let isOpen = false;
    const storedSettings = vi.fn(async (_guildId: string) => ({ ...defaultSettings([]), autoReplies: true, allowIds: ['1'] }));
    const work = new WorkTracker();
    const ctx = {
      config: { autoReplyChannelIds: [] },
      logger: collectingLogger().logger,
      work,
      modLog: { post: vi.fn() },
      storage: {
        opened,
        get isOpen() {
          return isOpen;
        },
      },
      guildData: { storedSettings, updateSettings: vi.fn() },
    } as unknown as BotContext;
    const client = { channels: { cache: new Map() }, guilds: { cache: new Map<string, Guild>() } };
    const serverOf = (id: string) => ({ id, client, channels: { cache: new Map([['1', {}]]) } }) as unknown as Guild;
    // One server in an outage again and again, and many added and removed again, while the database does not answer.
    const flapping = serverOf('100');
    client.guilds.cache.set('100', flapping);
    for (let i = 0; i < 2000; i++) await guildAvailable.execute(ctx, flapping as never);
    for (let i = 0; i < 2000; i++) {
      const passing = serverOf(String(1000 + i));
      client.guilds.cache.set(passing.id, passing);
      await guildCreate.execute(ctx, passing as never);
      client.guilds.cache.delete(passing.id);
    }
    isOpen = true;
    open();
    await vi.waitFor(() => expect(storedSettings).toHaveBeenCalled());
    expect(await work.drain(5_000)).toBe(true);
    expect(storedSettings.mock.calls.map(([guildId]) => guildId)).toEqual(['100']);
  });
});
