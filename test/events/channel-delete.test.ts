import type { Channel } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { channelDelete, removeDeletedChannels, withoutChannel } from '../../src/events/channel-delete.js';
import { StorageUnavailableError } from '../../src/storage/errors.js';
import { defaultSettings, type GuildSettings } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';

const settings = (change: Partial<GuildSettings>): GuildSettings => ({ ...defaultSettings([]), autoReplies: true, ...change });

/** A bot context whose database holds `initial` (read back through `stored()`), with the log's post recorded. */
function contextStoring(initial: GuildSettings, quickRead?: GuildSettings) {
  let stored = initial;
  const post = vi.fn(async () => undefined);
  const ctx = {
    logger: collectingLogger().logger,
    modLog: { post },
    guildData: {
      ...(quickRead ? { settings: async () => quickRead } : {}),
      storedSettings: async () => stored,
      updateSettings: async (_guildId: string, change: (s: GuildSettings) => GuildSettings) => (stored = change(stored)),
    },
  } as unknown as BotContext;
  return { ctx, post, stored: () => stored };
}

describe('a deleted channel leaves the settings', () => {
  it('turns automatic replies off when it was the last allowed channel, never opens them to every channel', () => {
    const after = withoutChannel(settings({ allowIds: ['1'] }), '1');
    expect(after).toMatchObject({ allowIds: [], autoReplies: false });
  });

  it('keeps automatic replies where other channels are still allowed, and drops it from every list', () => {
    const before = settings({ allowIds: ['1', '2'], denyIds: ['1', '3'], logChannelId: '1' });
    expect(withoutChannel(before, '1')).toMatchObject({ allowIds: ['2'], denyIds: ['3'], autoReplies: true, logChannelId: undefined });
    // A denied channel going away changes nothing else: every channel stays allowed.
    expect(withoutChannel(settings({ denyIds: ['3'] }), '3')).toMatchObject({ allowIds: [], denyIds: [], autoReplies: true });
  });
});

describe('the channel-delete event', () => {
  it('looks the channel up in the stored settings, not the quick read that gives the defaults while the database is slow', async () => {
    // The quick read gives what a slow database leaves it with: the defaults, no channel named.
    const { ctx, post, stored } = contextStoring(settings({ allowIds: ['1'] }), defaultSettings([]));
    const channel = { isDMBased: () => false, guildId: '9', id: '1', client: { channels: { cache: new Map() } } } as unknown as Channel;
    await channelDelete.execute(ctx, channel as never);
    expect(stored()).toMatchObject({ allowIds: [], autoReplies: false });
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ kind: 'warning', guildId: '9' }));
  });
});

describe('the channel-delete event, with AUTO_REPLY_CHANNEL_IDS naming channels of several servers', () => {
  it('turns automatic replies off when the last of this server\'s allowed channels goes, other servers\' left aside', async () => {
    // Never changed: the defaults name #help here (1) and a channel of another server the bot is in (2).
    const { ctx, post, stored } = contextStoring(defaultSettings(['1', '2']));
    const elsewhere = { isDMBased: () => false, guildId: '8', id: '2' };
    const client = { channels: { cache: new Map([['2', elsewhere]]) } };
    const channel = { isDMBased: () => false, guildId: '9', id: '1', client } as unknown as Channel;
    await channelDelete.execute(ctx, channel as never);
    expect(stored()).toMatchObject({ allowIds: [], autoReplies: false });
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ kind: 'warning', guildId: '9' }));
  });
});

describe('channels deleted while the bot was away', () => {
  it('are dropped together, the log saying which allowed ones went when automatic replies turn off', async () => {
    const { ctx, post, stored } = contextStoring(settings({ allowIds: ['1', '2'], denyIds: ['3'], logChannelId: '4' }));
    await removeDeletedChannels(ctx, '9', { channels: { cache: new Map() } } as never, (s) => [...s.allowIds, ...s.denyIds]);
    expect(stored()).toMatchObject({ allowIds: [], denyIds: [], autoReplies: false, logChannelId: '4' });
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ text: expect.stringMatching(/^Automatic replies are off: <#1>, <#2>, the only channels they were allowed in, were deleted\. /) }));
  });

  it('stay in the settings while the database does not answer, with one warning and nothing thrown', async () => {
    const { logger, lines } = collectingLogger();
    const unavailable = async () => {
      throw new StorageUnavailableError('read settings', new Error('connect ECONNREFUSED'));
    };
    const ctx = { logger, modLog: { post: vi.fn() }, guildData: { storedSettings: unavailable, updateSettings: unavailable } } as unknown as BotContext;
    await removeDeletedChannels(ctx, '9', { channels: { cache: new Map() } } as never, () => ['1']);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual(['deleted channel left in the settings: the database did not answer']);
  });
});
