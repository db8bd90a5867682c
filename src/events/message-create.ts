import { Events, type Message } from 'discord.js';
import { isMemberMessage } from '../discord/auto-replies/index.js';
import type { BotContext } from '../discord/context.js';
import { helpPostOf, opensPost } from '../discord/forums/index.js';
import { mentionsBot } from '../discord/message-input.js';
import type { SuppressedReason } from '../metrics.js';
import { defineEvent } from './types.js';

/**
 * A message in a server. In a help-forum post it keeps the post's state (a new post is answered or
 * greeted there, and nothing else answers it; any other message restarts its timer); an @mention of
 * the bot is a question, and anything else may get an automatic reply.
 */
async function handle(ctx: BotContext, message: Message): Promise<{ outcome: string; way?: 'mention' | 'auto' }> {
  if (!message.inGuild()) return { outcome: 'not-in-a-server' };
  const fromMember = isMemberMessage(message);
  const help = helpPostOf(message.channel, await ctx.guildData.settings(message.guildId));
  if (help && opensPost(message, help.thread, fromMember)) {
    return { outcome: (await ctx.forums.onMessage(message, help.thread, help.forum, fromMember)) ?? 'quiet' };
  }
  // The post's timer is written beside the answer, not before it: a slow database would hold the answer up to its deadline.
  const [, answered] = await Promise.all([help && ctx.forums.onMessage(message, help.thread, help.forum, fromMember), answer(ctx, message, fromMember)]);
  return answered;
}

/** Any other message: an @mention of the bot is a question, and anything else may get an automatic reply. */
async function answer(ctx: BotContext, message: Message<true>, fromMember: boolean): Promise<{ outcome: string; way?: 'mention' | 'auto' }> {
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
  'discord-failed': 'discord',
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
