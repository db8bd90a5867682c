import { Events, type Message } from 'discord.js';
import { isMemberMessage } from '../discord/auto-replies/index.js';
import type { BotContext } from '../discord/context.js';
import { helpPostOf } from '../discord/forums/index.js';
import { mentionsBot } from '../discord/message-input.js';
import type { SuppressedReason } from '../metrics.js';
import { defineEvent } from './types.js';

/**
 * A message in a server. In a help-forum post it first keeps the post's state (a new post is
 * answered or greeted there, and nothing else answers it); then an @mention of the bot is a
 * question, and anything else may get an automatic reply.
 */
async function handle(ctx: BotContext, message: Message): Promise<string> {
  if (!message.inGuild()) return 'not-in-a-server';
  const fromMember = isMemberMessage(message);
  const help = helpPostOf(message.channel, await ctx.guildData.settings(message.guildId));
  if (help) {
    const forumOutcome = await ctx.forums.onMessage(message, help.thread, help.forum, fromMember);
    if (forumOutcome) return forumOutcome;
  }
  if (!fromMember) return 'not-from-a-member';
  if (mentionsBot(message)) return ctx.mentions.onMention(message);
  return ctx.autoReplies.onMessage(message);
}

/** Automatic replies the metrics count as suppressed, by outcome. */
const SUPPRESSED: Record<string, SuppressedReason | undefined> = {
  cooldown: 'cooldown',
  'not-enabled': 'scope',
  'send-failed': 'permissions',
  overloaded: 'overloaded',
};

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(ctx, message) {
    const outcome = await handle(ctx, message);
    const suppressed = SUPPRESSED[outcome];
    if (suppressed) ctx.metrics.autoRepliesSuppressed.inc({ reason: suppressed });
    // IDs and the outcome only, never the text.
    ctx.logger.debug({ message: message.id, channel: message.channelId, outcome }, 'message handled');
  },
});
