import type { Message, PartialMessage } from 'discord.js';
import type { ReplyState, TrackedReply } from '../../answers/reply-state.js';
import { ScreenshotReader } from '../../images/screenshot-reader.js';
import { attachmentsOf } from '../message-input.js';
import type { AutoReplyDeps } from './index.js';

type AnyMessage = Message | PartialMessage;

/** An edited source: the reply is updated to what the text now shows, or removed when it shows nothing. */
export async function followEdit(deps: AutoReplyDeps, state: ReplyState, message: AnyMessage): Promise<void> {
  const tracked = state.replyTo(message.id);
  if (!tracked || !message.inGuild() || message.content == null) return;
  if (tracked.fromScreenshot) return followScreenshotEdit(deps, state, message, tracked);
  const settings = await deps.guildData.settings(message.guildId);
  const ask = {
    way: 'auto' as const,
    text: message.content,
    images: [],
    guildId: message.guildId,
    phrases: await deps.guildData.phrases(message.guildId),
    symptomMode: settings.symptomMode,
  };
  const answer = deps.answerer.detectText(ask);
  const reply = deps.answerer.present(answer, ask, { askedBy: tracked.authorId, compact: settings.compact });
  if (!reply) {
    state.forget(message.id);
    await deps.poster.delete(message.channel, tracked.replyId);
    return;
  }
  if (reply.codes.join('|') === tracked.codes.join('|')) return;
  if (await deps.poster.edit(message.channel, tracked.replyId, reply.payload)) state.track(message.id, { ...tracked, codes: reply.codes });
  else state.forget(message.id);
}

/** A reply read from an image goes when the images do; text edits leave it alone. */
async function followScreenshotEdit(deps: AutoReplyDeps, state: ReplyState, message: AnyMessage, tracked: TrackedReply): Promise<void> {
  if (message.partial || !message.inGuild() || ScreenshotReader.hasReadable(attachmentsOf(message))) return;
  state.forget(message.id);
  await deps.poster.delete(message.channel, tracked.replyId);
}

/** A deleted source takes its reply with it (when the server keeps that setting on); a deleted reply is forgotten. */
export async function followDelete(deps: AutoReplyDeps, state: ReplyState, message: AnyMessage): Promise<void> {
  state.forgetReply(message.id);
  const tracked = state.replyTo(message.id);
  if (!tracked || !message.inGuild()) return;
  state.forget(message.id);
  const settings = await deps.guildData.settings(message.guildId);
  if (settings.deleteWithSource) await deps.poster.delete(message.channel, tracked.replyId);
}
