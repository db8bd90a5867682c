import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageUpdate = defineEvent({
  name: Events.MessageUpdate,
  execute: (ctx, _old, message) => ctx.autoReplies.onEdit(message),
});
