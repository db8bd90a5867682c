import { Events, type Guild } from 'discord.js';
import { isDeepStrictEqual } from 'node:util';
import pLimit from 'p-limit';
import type { BotContext } from '../discord/context.js';
import { defaultSettings } from '../settings/schema.js';
import { namedChannels, removeDeletedChannels } from './channel-delete.js';
import { defineEvent } from './types.js';

/**
 * Servers checked at once. At start every server arrives within seconds, and each check reads the
 * database: all at once, a shard's 2,500 reads wait for PostgreSQL's few connections past their
 * deadline (an outage, at every start) and ahead of the reads answers wait on.
 */
const inTurn = pLimit(2);

/**
 * Per bot, the servers to check once a database that did not answer at start is opened: one each, the
 * latest Discord sent, however often a server comes back from an outage or is added and removed meanwhile.
 */
const checksOnOpen = new WeakMap<BotContext, Map<string, Guild>>();

/**
 * Channels deleted while the bot was away (offline, or the database not answering) leave the
 * settings when Discord next sends the server with all its channels: at start, when a server comes
 * back from an outage, or when the bot is added again. The settings name no threads (the commands
 * take none), so a thread missing from the list (archived ones are not in it) is never the reason.
 * A server that never changed its settings follows AUTO_REPLY_CHANNEL_IDS and is left alone: writing
 * its settings would stop it following that list.
 */
async function removeChannelsDeletedMeanwhile(ctx: BotContext, guild: Guild): Promise<void> {
  if (ctx.storage.isOpen) return checkChannels(ctx, guild);
  // A database that did not answer at start refuses every read until it is opened: checked then,
  // as work of its own (shutdown does not wait for a database that may never answer).
  let waiting = checksOnOpen.get(ctx);
  if (!waiting) {
    const servers = (waiting = new Map());
    checksOnOpen.set(ctx, servers);
    void ctx.storage.opened.then(
      () => {
        checksOnOpen.delete(ctx);
        // Not a server the bot has left meanwhile.
        for (const server of servers.values()) {
          if (!server.client.guilds.cache.has(server.id)) continue;
          ctx.work.run(() => checkChannels(ctx, server).catch((err: unknown) => ctx.logger.error({ err, guild: server.id }, 'deleted channels check failed')));
        }
      },
      () => undefined,
    );
  }
  waiting.set(guild.id, guild);
}

function checkChannels(ctx: BotContext, guild: Guild): Promise<void> {
  const defaults = defaultSettings(ctx.config.autoReplyChannelIds);
  return inTurn(() =>
    removeDeletedChannels(ctx, guild.id, guild.client, (settings) =>
      isDeepStrictEqual(settings, defaults) ? [] : namedChannels(settings).filter((id) => !guild.channels.cache.has(id)),
    ),
  );
}

export const guildAvailable = defineEvent({
  name: Events.GuildAvailable,
  execute: removeChannelsDeletedMeanwhile,
});

export const guildCreate = defineEvent({
  name: Events.GuildCreate,
  execute: removeChannelsDeletedMeanwhile,
});
