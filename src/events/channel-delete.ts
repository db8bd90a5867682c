import { channelMention } from '@discordjs/formatters';
import { Events, type Client } from 'discord.js';
import type { BotContext } from '../discord/context.js';
import type { GuildSettings } from '../settings/schema.js';
import { StorageUnavailableError } from '../storage/errors.js';
import { defineEvent } from './types.js';

/** Every channel the settings name: allowed, denied, help forums, the log channel. */
export function namedChannels(settings: GuildSettings): string[] {
  const ids = [...settings.allowIds, ...settings.denyIds, ...settings.forums.map((f) => f.forumId), ...(settings.logChannelId ? [settings.logChannelId] : [])];
  return [...new Set(ids)];
}

function names(settings: GuildSettings, channelId: string): boolean {
  return namedChannels(settings).includes(channelId);
}

/** The settings without a deleted channel; automatic replies allowed only there are turned off, not opened to every channel. */
export function withoutChannel(settings: GuildSettings, channelId: string): GuildSettings {
  const allowIds = settings.allowIds.filter((c) => c !== channelId);
  const lastAllowed = settings.allowIds.length > 0 && allowIds.length === 0;
  return {
    ...settings,
    autoReplies: settings.autoReplies && !lastAllowed,
    allowIds,
    denyIds: settings.denyIds.filter((c) => c !== channelId),
    forums: settings.forums.filter((f) => f.forumId !== channelId),
    logChannelId: settings.logChannelId === channelId ? undefined : settings.logChannelId,
  };
}

/**
 * The settings without channels the bot knows to be another server's: AUTO_REPLY_CHANNEL_IDS gives
 * every server that never changed its settings the same lists, and another server's channels there
 * would keep this one's automatic replies "on, only in" channels it does not have (the last one
 * allowed going turns them off, as when a channel is deleted).
 */
export function withoutOtherServersChannels(settings: GuildSettings, guildId: string, client: Pick<Client, 'channels'>): GuildSettings {
  const elsewhere = [...settings.allowIds, ...settings.denyIds].filter((id) => {
    const channel = client.channels.cache.get(id);
    return channel !== undefined && !channel.isDMBased() && channel.guildId !== guildId;
  });
  return elsewhere.reduce(withoutChannel, settings);
}

/**
 * Drops the channels `gone` picks (from the settings as they are, under the server's row lock) from
 * a server's settings. An empty allow list means every channel, so when the last allowed channel
 * goes, automatic replies are turned off (a bot that starts answering ordinary chat gets kicked) and
 * the moderators' log says so. A database that does not answer leaves the settings as they are.
 */
export async function removeDeletedChannels(
  ctx: BotContext,
  guildId: string,
  client: Pick<Client, 'channels'>,
  gone: (settings: GuildSettings) => string[],
): Promise<void> {
  try {
    // As stored, not as last known: while the database is slow the quick read gives the defaults.
    const before = await ctx.guildData.storedSettings(guildId);
    const deleted = gone(before);
    if (!deleted.length) return;
    const after = await ctx.guildData.updateSettings(guildId, (s) => withoutOtherServersChannels(gone(s).reduce(withoutChannel, s), guildId, client));
    for (const id of deleted) ctx.logger.info({ guild: guildId, channel: id }, 'deleted channel removed from the settings');
    if (before.autoReplies && !after.autoReplies) {
      const allowed = deleted.filter((id) => before.allowIds.includes(id));
      const named = (allowed.length ? allowed : deleted).map(channelMention);
      void ctx.modLog.post({
        kind: 'warning',
        guildId,
        cause: `last-allowed-channel-deleted:${deleted.join(',')}`,
        text:
          (named.length === 1
            ? `Automatic replies are off: ${named[0]}, the only channel they were allowed in, was deleted. `
            : `Automatic replies are off: ${named.join(', ')}, the only channels they were allowed in, were deleted. `) +
          'Choose channels with `/spotify-error-admin settings channel` and turn them on with `/spotify-error-admin settings auto-replies enabled:true`.',
      });
    }
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    ctx.logger.warn({ guild: guildId, operation: error.operation }, 'deleted channel left in the settings: the database did not answer');
  }
}

/** A deleted channel leaves the server's settings: no command can name it any more. */
export const channelDelete = defineEvent({
  name: Events.ChannelDelete,
  async execute(ctx, channel) {
    if (channel.isDMBased()) return;
    const { guildId, id } = channel;
    await removeDeletedChannels(ctx, guildId, channel.client, (settings) => (names(settings, id) ? [id] : []));
  },
});
