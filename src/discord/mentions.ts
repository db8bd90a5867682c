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
import type { CannotPostNotices } from './cannot-post-notice.js';
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
  /** Tells a member by DM when the bot may not post where they asked. */
  notices?: CannotPostNotices;
}

/** What a mention asks, and the answer to it. */
export interface MentionAnswer {
  /** The text asked about (empty for a bare mention or chat): an edit that keeps it changes nothing. */
  question: string;
  reply: Reply;
  /** Read from the mention's own screenshot, which an edit can take out (not from the one of a message it replies to). */
  fromScreenshot: boolean;
}

/** `@bot <error>` in any channel, even where automatic replies are off; a screenshot attached is read. */
export class MentionAnswers {
  private readonly recent = new LRUCache<string, true>({ max: 10_000, ttl: MENTION_COOLDOWN_MS });

  constructor(private readonly deps: MentionDeps) {}

  /** `deleted`: whether the mention was deleted meanwhile (its answer is then not posted). */
  async onMention(message: Message<true>, deleted: () => boolean = () => false): Promise<'replied' | 'cooldown' | 'send-failed' | 'discord-failed' | 'source-deleted'> {
    if (this.recent.has(message.author.id)) return 'cooldown';
    this.recent.set(message.author.id, true);
    const { question, reply, fromScreenshot } = await this.answer(message);
    if (deleted()) return 'source-deleted';
    const sent = await this.deps.poster.reply(message.channel, message.id, reply.payload, reply.mentionUserIds);
    if (!sent.ok) {
      // The member asked and would otherwise hear nothing: only the moderators' log says why.
      if (sent.denied) await this.deps.notices?.tell(message.author, message.channelId, sent.missing);
      return sent.failing ? 'discord-failed' : 'send-failed';
    }
    const counted = this.deps.stats.record(message.guildId, reply.stats);
    this.deps.state.track(message.id, {
      replyId: sent.message.id,
      channelId: message.channelId,
      authorId: message.author.id,
      codes: reply.codes,
      fromScreenshot,
      counted,
      question,
      editedAt: message.editedTimestamp,
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
    const phrases = await guildData.phrases(message.guildId);
    const askAbout = ({ text, images }: Asked): Ask => ({ way: 'mention', text, images, guildId: message.guildId, phrases, ...(admitImages ? { admitImages } : {}) });
    const replied = repliedTo(message);
    const own = asked(message);
    let ask = askAbout(own);
    let answer = own.text || own.images.length ? await answerer.answer(ask) : undefined;
    // A bare mention in a reply asks about the message replied to (a helper asking the bot about another member's
    // error), and so do words there that find nothing or no one error ("@bot any idea?", "@bot what does this mean")
    // when that message shows more. A reply to one of the bot's own asks nothing of it.
    if (!answer || ((answer.kind === 'none' || answer.kind === 'choices') && !own.images.length)) {
      const other = await replied();
      const theirs = other && other.author.id !== message.client.user.id ? asked(other) : undefined;
      if (theirs && (theirs.text || theirs.images.length)) {
        const about = askAbout(theirs);
        const answered = await answerer.answer(about);
        const showsMore = answered.kind === 'entries' || answered.kind === 'group' || (answered.kind === 'choices' && answer?.kind === 'none');
        if (!answer || showsMore) [ask, answer] = [about, answered];
      }
    }
    answer ??= await answerer.answer(ask);
    // Only a menu or a miss can be words about the bot's own answer: whether the mention replies to one is fetched then.
    const followsUp = (answer.kind === 'choices' || answer.kind === 'none') && ask.text !== '' && (await replied())?.author.id === message.client.user.id;
    // In a help-forum post the answer offers Mark solved, as an automatic reply there does.
    const inHelpForum = helpForumOf(await guildData.settings(message.guildId), scopeIds(message.channel)) !== undefined;
    const audience = { askedBy: message.author.id, ...(inHelpForum ? { helpForumPost: message.channelId } : {}) };
    const reply = answerer.present(answer, followsUp ? { ...ask, followsUp } : ask, audience)!;
    return { question: ask.text, reply, fromScreenshot: answer.source === 'screenshot' && ask.images === own.images };
  }
}

/** What a message asks: words and images. */
interface Asked {
  text: string;
  images: AttachmentInfo[];
}

/**
 * The message a mention replies to, fetched once when first needed; undefined for none, or where the
 * bot may not read the history (the member is then asked to paste the error).
 */
function repliedTo(message: Message<true>): () => Promise<Message | undefined> {
  let fetched: Promise<Message | undefined> | undefined;
  return () => (fetched ??= message.reference?.messageId ? message.fetchReference().catch(() => undefined) : Promise.resolve(undefined));
}

/**
 * What a message asks the bot: its words without the mention (none when they are only chat: "thanks
 * @bot", "hi @bot", never a miss), and its images (a forward's: what it forwards).
 */
function asked(message: Message): Asked {
  const shown = shownBy(message);
  const text = withoutBotMention(message, shown.text);
  return { text: asksNothing(text) ? '' : text, images: shown.attachments };
}
