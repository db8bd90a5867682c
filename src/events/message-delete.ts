import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageDelete = defineEvent({
  name: Events.MessageDelete,
  async execute(ctx, message) {
    const outcome = await ctx.autoReplies.onDelete(message);
    ctx.logger.debug({ message: message.id, outcome }, 'delete handled');
  },
});
