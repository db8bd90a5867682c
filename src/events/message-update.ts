import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageUpdate = defineEvent({
  name: Events.MessageUpdate,
  async execute(ctx, _old, message) {
    const outcome = await ctx.autoReplies.onEdit(message);
    ctx.logger.debug({ message: message.id, outcome }, 'edit handled');
  },
});
