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
async function handle(ctx: BotContext, message: Message): Promise<{ outcome: string; way?: 'mention' | 'auto' }> {
  if (!message.inGuild()) return { outcome: 'not-in-a-server' };
  const fromMember = isMemberMessage(message);
  const help = helpPostOf(message.channel, await ctx.guildData.settings(message.guildId));
  if (help) {
    const forumOutcome = await ctx.forums.onMessage(message, help.thread, help.forum, fromMember);
    if (forumOutcome) return { outcome: forumOutcome };
  }
  if (!fromMember) return { outcome: 'not-from-a-member' };
  if (mentionsBot(message)) return { outcome: await ctx.autoReplies.onMention(message), way: 'mention' };
  return { outcome: await ctx.autoReplies.onMessage(message), way: 'auto' };
}

/** Automatic replies the metrics count as suppressed, by outcome. */
const SUPPRESSED: Record<string, SuppressedReason | undefined> = {
  'channel-cooldown': 'cooldown',
  'member-cooldown': 'cooldown',
  'not-enabled': 'scope',
  'send-failed': 'permissions',
  overloaded: 'overloaded',
};

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(ctx, message) {
    const { outcome, way } = await handle(ctx, message);
    // Only automatic replies: a mention's cooldown or refused post is not a suppressed automatic reply.
    const suppressed = way === 'auto' ? SUPPRESSED[outcome] : undefined;
    if (suppressed) ctx.metrics.autoRepliesSuppressed.inc({ reason: suppressed });
    // IDs and the outcome only, never the text.
    ctx.logger.debug({ message: message.id, channel: message.channelId, outcome }, 'message handled');
  },
});
