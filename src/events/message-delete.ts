import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageDelete = defineEvent({
  name: Events.MessageDelete,
  execute: (ctx, message) => ctx.autoReplies.onDelete(message),
});
