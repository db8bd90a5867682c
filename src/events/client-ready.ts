import { Events, type Client } from 'discord.js';
import { defineEvent } from './types.js';

export const CHANNELS_OF_NO_SERVER =
  'AUTO_REPLY_CHANNEL_IDS names channels of no server the bot is in (deleted, or a server it left): they answer nowhere';

export const clientReady = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(ctx, client) {
    ctx.logger.info({ user: client.user.tag, guilds: client.guilds.cache.size }, 'ready');
    ctx.forums.startSweeping(client, ctx.config.forumSweepSeconds * 1000);
    // Posts opened in the help forums while the bot was stopped: Discord sends no message of theirs.
    ctx.work.run(() => ctx.forums.catchUp(client).catch((err: unknown) => ctx.logger.error({ err }, 'help-forum catch-up failed')));
    // Servers the bot was removed from while it was stopped: Discord sends no guildDelete for them.
    ctx.work.run(() => ctx.forums.endPostsOfServersLeftWhileStopped(client).catch((err: unknown) => ctx.logger.error({ err }, 'help forum: ending the posts of servers left failed')));
    const unknown = envChannelsOfNoServer(client, ctx.config.autoReplyChannelIds);
    if (unknown?.length) {
      ctx.logger.warn({ channels: unknown }, CHANNELS_OF_NO_SERVER);
    }
  },
});

/**
 * AUTO_REPLY_CHANNEL_IDS that are no channel of the servers the bot is in, once Discord has sent them
 * all. Undefined when that cannot be told: a shard process sees only its own servers (its manager
 * asks every shard, see sharding.ts), and a server in an outage comes without its channels.
 */
function envChannelsOfNoServer(client: Client<true>, ids: readonly string[]): string[] | undefined {
  if (client.shard) return undefined;
  const known = knownChannels(client, ids);
  return known && ids.filter((id) => !known.includes(id));
}

/** Which of `ids` are channels of the servers this client is in; undefined while a server is in an outage. */
export function knownChannels(client: Client, ids: readonly string[]): string[] | undefined {
  if (client.guilds.cache.some((guild) => !guild.available)) return undefined;
  return ids.filter((id) => client.guilds.cache.some((guild) => guild.channels.cache.has(id)));
}
