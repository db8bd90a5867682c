import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageUpdate = defineEvent({
  name: Events.MessageUpdate,
  async execute(ctx, _old, message) {
    // A help-forum post's opening message is the forum's to follow; any other message, automatic replies'.
    const outcome = await ctx.forums.onEdit(message, () => ctx.autoReplies.onEdit(message));
    ctx.logger.debug({ message: message.id, outcome }, 'edit handled');
  },
});
