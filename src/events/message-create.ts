import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  execute: (ctx, message) => ctx.autoReplies.onMessage(message),
});
