import type { Message, PartialMessage } from 'discord.js';
import type { AutoReplyGate } from '../../answers/auto-reply-gate.js';
import type { ReplyState, TrackedReply } from '../../answers/reply-state.js';
import type { Reply } from '../../answers/types.js';
import { unaskedAsk } from '../../answers/unasked.js';
import { ScreenshotReader } from '../../images/screenshot-reader.js';
import { helpForumOf } from '../../settings/schema.js';
import { attachmentsOf, scopeIds } from '../message-input.js';
import type { DeleteResult } from '../poster.js';
import type { AutoReplyDeps } from './index.js';

type AnyMessage = Message | PartialMessage;

/**
 * What an edit or delete did to the reply: nothing (not followed, or the same answer), updated or
 * removed; or nothing yet because Discord failed (`failed`: a reply to update is still followed, one
 * to remove is tried again in the background).
 */
export type FollowOutcome = 'not-followed' | 'unchanged' | 'updated' | 'removed' | 'failed';

/**
 * An edited source: the reply is updated to what the text now shows, or removed when it shows nothing.
 * An @mention's answer is asked again as a mention, and removed when the mention is gone.
 */
export async function followEdit(deps: AutoReplyDeps, gate: AutoReplyGate, message: AnyMessage): Promise<FollowOutcome> {
  const state = gate.state;
  const tracked = state.replyTo(message.id);
  if (!tracked || !message.inGuild() || message.content == null) return 'not-followed';
  // A mention follows its question, whether its answer came from its text or its screenshot.
  if (tracked.question !== undefined) return followMentionEdit(deps, gate, message, tracked);
  // Read from its images: text edits leave it alone while they stay. Once they are gone, what the text
  // shows is the answer (a message several errors share, quoted above the screenshot), or nothing.
  if (tracked.fromScreenshot && (message.partial || ScreenshotReader.hasReadable(attachmentsOf(message)))) return 'unchanged';
  const settings = await deps.guildData.settings(message.guildId);
  const scope = scopeIds(message.channel);
  const post = { guildId: message.guildId, channelId: message.channelId, authorId: tracked.authorId, scopeIds: scope };
  const ask = unaskedAsk({
    settings,
    guildId: message.guildId,
    phrases: await deps.guildData.phrases(message.guildId),
    text: message.content,
    attachments: [],
    where: { way: 'auto', helpChannel: gate.chosenForHelp(settings, post) },
  });
  const answer = deps.answerer.detectText(ask);
  // In a help-forum post the reply keeps its Mark solved button.
  const inHelpForum = helpForumOf(settings, scope) !== undefined;
  const reply = deps.answerer.present(answer, ask, {
    askedBy: tracked.authorId,
    compact: settings.compact,
    ...(inHelpForum ? { helpForumPost: message.channelId } : {}),
  });
  if (reply && reply.codes.join('|') === tracked.codes.join('|')) return 'unchanged';
  // Turned off here since (a moderator stopping the bot): the reply shows nothing new, and still goes with the error.
  if (reply && !gate.inScope(settings, post)) return 'unchanged';
  const outcome = await replaceReply(deps, state, message, tracked, reply, { fromScreenshot: false });
  if (outcome === 'updated') {
    const cooldowns = gate.shownByEdit(answer, post, settings, tracked.cooldowns);
    const updated = state.replyTo(message.id);
    if (updated) state.track(message.id, { ...updated, cooldowns }, updated.at);
  }
  // Gone from the channel (or going, tried again in the background): the error may be answered there again.
  if (!reply) state.endCooldownsStarted(tracked.cooldowns);
  return outcome;
}

/**
 * An edited @mention: answered again when its question changed (not for a pin or a link preview).
 * Its images are read again only within the member's unasked images a minute: editing the text
 * over and over must not read them each time.
 */
async function followMentionEdit(deps: AutoReplyDeps, gate: AutoReplyGate, message: Message<true> | PartialMessage<true>, tracked: TrackedReply): Promise<FollowOutcome> {
  if (message.partial) return 'unchanged';
  // Updated but not edited (pinned, a thread started from it, a link preview added): it asks what it asked, and is
  // not asked again (the message it replies to may be gone since, or its screenshot not read now).
  if (tracked.editedAt !== undefined && message.editedTimestamp === tracked.editedAt) return 'unchanged';
  const post = { guildId: message.guildId, channelId: message.channelId, authorId: tracked.authorId, scopeIds: [] };
  // An answer read from a screenshot that is gone no longer answers the question as it stands.
  const imageGone = tracked.fromScreenshot && !ScreenshotReader.hasReadable(attachmentsOf(message));
  const now = await deps.mentions.answerEdited(message, (images) => gate.admitImagesInBudget(post, images));
  if (now?.question === tracked.question && !imageGone) {
    // This edit is answered as it stands: an update carrying its time (a pin since) asks nothing again either.
    const current = gate.state.replyTo(message.id);
    if (current) gate.state.track(message.id, { ...current, editedAt: message.editedTimestamp }, current.at);
    return 'unchanged';
  }
  return replaceReply(deps, gate.state, message, tracked, now?.reply, now ? { question: now.question, fromScreenshot: now.fromScreenshot, editedAt: message.editedTimestamp } : {});
}

/** The reply shows `reply` now, or goes when there is none. */
async function replaceReply(
  deps: AutoReplyDeps,
  state: ReplyState,
  message: Message<true> | PartialMessage<true>,
  tracked: TrackedReply,
  reply: Reply | undefined,
  asked: Pick<TrackedReply, 'question' | 'fromScreenshot' | 'editedAt'> = {},
): Promise<FollowOutcome> {
  if (!reply) {
    state.forget(message.id);
    return removed(await deps.poster.remove(message.channel, tracked.replyId));
  }
  const edited = await deps.poster.edit(message.channel, tracked.replyId, reply.payload);
  if (edited === 'edited') {
    // The stats count the reply under what it shows now; a reply removed above keeps its count, as a deleted source's does.
    if (tracked.counted) deps.stats.uncount(tracked.counted);
    const counted = deps.stats.record(message.guildId, reply.stats);
    state.track(message.id, { ...tracked, codes: reply.codes, counted, ...asked }, tracked.at);
    return 'updated';
  }
  // Discord failing: still followed, still showing what it showed, so the next edit tries again.
  if (edited === 'failing') return 'failed';
  state.forget(message.id);
  return 'not-followed';
}

/**
 * A deleted source takes its reply with it (when the server keeps that setting on); a deleted reply is
 * forgotten, unless its source went with it (`deleted`: a purge lists the reply first), whose deletion then follows it.
 */
export async function followDelete(deps: AutoReplyDeps, state: ReplyState, message: AnyMessage, deleted: (id: string) => boolean = () => false): Promise<FollowOutcome> {
  const source = state.sourceOf(message.id);
  // A reply no longer followed (its source unknown) may still hold its channel cooldowns: they end too.
  if (source === undefined || !deleted(source) || state.replyTo(source)?.sourceGone) state.forgetReply(message.id);
  const tracked = state.replyTo(message.id);
  if (!tracked || tracked.sourceGone || !message.inGuild()) return 'not-followed';
  const purgedToo = deleted(tracked.replyId);
  if (!purgedToo && !(await deps.guildData.settings(message.guildId)).deleteWithSource) {
    // Left in place (the server keeps delete-with-source off): still followed, so that its dismissal or deletion ends its cooldowns.
    state.track(message.id, { ...tracked, sourceGone: true }, tracked.at);
    return 'unchanged';
  }
  state.forget(message.id);
  // The reply goes with its source: the error may be answered in the channel again.
  state.endCooldownsStarted(tracked.cooldowns);
  return purgedToo ? 'removed' : removed(await deps.poster.remove(message.channel, tracked.replyId));
}

const removed = (result: DeleteResult): FollowOutcome => (result === 'failing' ? 'failed' : 'removed');
