import { Events } from 'discord.js';
import { isMemberMessage } from '../discord/auto-replies/index.js';
import { mentionsBot } from '../discord/message-input.js';
import { defineEvent } from './types.js';

/** A member's message in a server: an @mention of the bot is a question; anything else may get an automatic reply. */
export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(ctx, message) {
    const outcome = !message.inGuild()
      ? 'not-in-a-server'
      : !isMemberMessage(message)
        ? 'not-from-a-member'
        : mentionsBot(message)
          ? await ctx.mentions.onMention(message)
          : await ctx.autoReplies.onMessage(message);
    // IDs and the outcome only, never the text.
    ctx.logger.debug({ message: message.id, channel: message.channelId, outcome }, 'message handled');
  },
});
