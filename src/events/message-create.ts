import { Events } from 'discord.js';
import { isMemberMessage } from '../discord/auto-replies/index.js';
import { mentionsBot } from '../discord/message-input.js';
import { defineEvent } from './types.js';

/** A member's message in a server: an @mention of the bot is a question; anything else may get an automatic reply. */
export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(ctx, message) {
    if (!message.inGuild() || !isMemberMessage(message)) return;
    if (mentionsBot(message)) return ctx.mentions.onMention(message);
    return ctx.autoReplies.onMessage(message);
  },
});
