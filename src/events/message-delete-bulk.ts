import { Events } from 'discord.js';
import { defineEvent } from './types.js';

/** A purge, or a ban that deletes a member's messages: Discord sends one event for all of them. */
export const messageDeleteBulk = defineEvent({
  name: Events.MessageBulkDelete,
  async execute(ctx, messages) {
    const outcomes = await Promise.all([...messages.values()].map((message) => ctx.forums.onDelete(message, () => ctx.autoReplies.onDelete(message))));
    ctx.logger.debug({ messages: messages.size, removed: outcomes.filter((o) => o === 'removed').length }, 'bulk delete handled');
  },
});
