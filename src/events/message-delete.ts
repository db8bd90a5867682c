import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageDelete = defineEvent({
  name: Events.MessageDelete,
  async execute(ctx, message) {
    // A help-forum post's opening message is the forum's to follow; any other message, automatic replies'.
    const outcome = await ctx.forums.onDelete(message, () => ctx.autoReplies.onDelete(message));
    ctx.logger.debug({ message: message.id, outcome }, 'delete handled');
  },
});
