import { Events } from 'discord.js';
import { defineEvent } from './types.js';

/** The bot was removed from a server (or the server deleted): an outage is `guildUnavailable`, not this. */
export const guildDelete = defineEvent({
  name: Events.GuildDelete,
  async execute(ctx, guild) {
    await ctx.forums.serverLeft(guild.id);
  },
});
