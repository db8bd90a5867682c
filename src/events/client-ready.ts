import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const clientReady = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(ctx, client) {
    ctx.logger.info({ user: client.user.tag, guilds: client.guilds.cache.size }, 'ready');
    ctx.forums.startSweeping(client, ctx.config.forumSweepSeconds * 1000);
  },
});
