import type { Message } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Answerer } from '../answers/answerer.js';
import type { ReplyState } from '../answers/reply-state.js';
import type { Ask, Reply } from '../answers/types.js';
import { asksNothing } from '../core/chat.js';
import type { AttachmentInfo } from '../images/image-check.js';
import { helpForumOf } from '../settings/schema.js';
import type { GuildData, StatsRecorder } from '../storage/guild-data.js';
import { mentionsBot, scopeIds, shownBy, withoutBotMention } from './message-input.js';
import type { Metrics } from '../metrics.js';
import type { ChannelPoster } from './poster.js';

/** Members may @mention the bot at most this often. */
const MENTION_COOLDOWN_MS = 5_000;

export interface MentionDeps {
  answerer: Answerer;
  guildData: GuildData;
  stats: StatsRecorder;
  poster: ChannelPoster;
  metrics?: Metrics;
  /** Where the answers are tracked, as automatic replies are: they follow their question's edits and deletion. */
  state: ReplyState;
}

/** What a mention asks, and the answer to it. */
export interface MentionAnswer {
  /** The text asked about (empty for a bare mention or chat): an edit that keeps it changes nothing. */
  question: string;
  reply: Reply;
  fromScreenshot: boolean;
}

/** `@bot <error>` in any channel, even where automatic replies are off; a screenshot attached is read. */
export class MentionAnswers {
  private readonly recent = new LRUCache<string, true>({ max: 10_000, ttl: MENTION_COOLDOWN_MS });

  constructor(private readonly deps: MentionDeps) {}

  /** `deleted`: whether the mention was deleted meanwhile (its answer is then not posted). */
  async onMention(message: Message<true>, deleted: () => boolean = () => false): Promise<'replied' | 'cooldown' | 'send-failed' | 'source-deleted'> {
    if (this.recent.has(message.author.id)) return 'cooldown';
    this.recent.set(message.author.id, true);
    const { question, reply, fromScreenshot } = await this.answer(message);
    if (deleted()) return 'source-deleted';
    const sent = await this.deps.poster.reply(message.channel, message.id, reply.payload, reply.mentionUserIds);
    if (!sent.ok) return 'send-failed';
    const counted = this.deps.stats.record(message.guildId, reply.stats);
    this.deps.state.track(message.id, {
      replyId: sent.message.id,
      channelId: message.channelId,
      authorId: message.author.id,
      codes: reply.codes,
      fromScreenshot,
      counted,
      question,
    });
    this.deps.metrics?.answered(reply);
    return 'replied';
  }

  /**
   * What an edited mention asks now; undefined when it no longer mentions the bot. `admitImages`:
   * which of its images may be read again (an edit of the text alone is no new question about them).
   */
  async answerEdited(message: Message<true>, admitImages?: Ask['admitImages']): Promise<MentionAnswer | undefined> {
    return mentionsBot(message) ? this.answer(message, admitImages) : undefined;
  }

  private async answer(message: Message<true>, admitImages?: Ask['admitImages']): Promise<MentionAnswer> {
    const { answerer, guildData } = this.deps;
    const asked = await question(message);
    const ask: Ask = {
      way: 'mention',
      text: asked.text,
      images: asked.images,
      guildId: message.guildId,
      phrases: await guildData.phrases(message.guildId),
      ...(admitImages ? { admitImages } : {}),
    };
    const answer = await answerer.answer(ask);
    // Only a menu or a miss can be words about the bot's own answer: whether the mention replies to one is fetched then.
    const followsUp = (answer.kind === 'choices' || answer.kind === 'none') && asked.text !== '' && (await repliesToBot(message));
    // In a help-forum post the answer offers Mark solved, as an automatic reply there does.
    const inHelpForum = helpForumOf(await guildData.settings(message.guildId), scopeIds(message.channel)) !== undefined;
    const audience = { askedBy: message.author.id, ...(inHelpForum ? { helpForumPost: message.channelId } : {}) };
    const reply = answerer.present(answer, followsUp ? { ...ask, followsUp } : ask, audience)!;
    return { question: asked.text, reply, fromScreenshot: answer.source === 'screenshot' };
  }
}

/**
 * What a mention asks: the text and images after it, or for a bare mention in a reply, the message
 * replied to (a helper asking the bot about another member's error). A reply to one of the bot's
 * own messages asks nothing of it. Chat ("thanks @bot", "hi @bot") is a bare mention: never a miss.
 */
async function question(message: Message<true>): Promise<{ text: string; images: AttachmentInfo[] }> {
  const own = asked(message);
  if (own.text || own.images.length || !message.reference?.messageId) return own;
  // Fails where the bot may not read the history: the member is then asked to paste the error.
  const replied = await message.fetchReference().catch(() => undefined);
  if (!replied || replied.author.id === message.client.user.id) return own;
  return asked(replied);
}

/** Whether a message replies to one of the bot's own messages (false where the bot may not read it). */
async function repliesToBot(message: Message<true>): Promise<boolean> {
  if (!message.reference?.messageId) return false;
  const replied = await message.fetchReference().catch(() => undefined);
  return replied?.author.id === message.client.user.id;
}

/** What a message asks the bot: its words without the mention (none when they are only chat), and its images (a forward's: what it forwards). */
function asked(message: Message): { text: string; images: AttachmentInfo[] } {
  const shown = shownBy(message);
  const text = withoutBotMention(message, shown.text);
  return { text: asksNothing(text) ? '' : text, images: shown.attachments };
}
