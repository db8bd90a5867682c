import { userMention } from '@discordjs/formatters';
import { ComponentType } from 'discord-api-types/v10';
import type { ErrorEntry } from '../data/index.js';
import {
  addressedEntry,
  addressLine,
  FOLLOW_UP_PROMPT,
  MENTION_PROMPT,
  nearestPayload,
  noMatchText,
  pickerPayload,
  screenshotNearestPayload,
  severalMatchLead,
  text,
} from '../render/answer.js';
import { MAX_AUTO_REPLY_ENTRIES, renderAutoReply, withDismiss } from '../render/auto-reply.js';
import { fixId, pickId, viewId } from '../render/custom-ids.js';
import { entrySelectRow, referenceButton, relatedSelectRow, renderEntry } from '../render/entry.js';
import { withSolvedButton } from '../render/forum.js';
import { groupSelectRow, renderGroupEmbed } from '../render/group.js';
import { unreadableText } from '../render/screenshot.js';
import { sharedHeadline } from '../core/related.js';
import { groupLookupKey, type LookupSource } from '../storage/storage.js';
import type { StatsEvent } from '../storage/guild-data.js';
import type { Answer, Ask, Audience, MetricOutcome, MetricWay, Reply } from './types.js';

/** A reply before the metrics label it. */
type Draft = Omit<Reply, 'metric'>;

type RelatedTo = (entry: ErrorEntry) => ErrorEntry[];

/** The reply for an answer, per way in; undefined when the bot stays silent (automatic replies with nothing to say). */
export function present(answer: Answer, ask: Ask, audience: Audience, relatedTo: RelatedTo): Reply | undefined {
  const draft = presentFor(answer, ask, audience, relatedTo);
  if (!draft) return undefined;
  // In a help-forum post, public answers offer Mark solved.
  if (!draft.private && audience.helpForumPost && ask.way !== 'context') {
    draft.payload = withSolvedButton(draft.payload, audience.helpForumPost);
  }
  return { ...draft, metric: { way: metricWay(answer, ask, draft), outcome: metricOutcome(answer) } };
}

function metricOutcome(answer: Answer): MetricOutcome {
  return answer.kind === 'entries' ? 'entry' : answer.kind === 'group' ? 'group' : answer.kind === 'choices' ? 'menu' : 'miss';
}

function metricWay(answer: Answer, ask: Ask, draft: Draft): MetricWay {
  if (answer.source === 'screenshot' && ask.way !== 'context') return 'screenshot';
  return draft.stats.find((e) => e.kind === 'lookup')?.source === 'autocomplete' ? 'autocomplete' : ask.way;
}

function presentFor(answer: Answer, ask: Ask, audience: Audience, relatedTo: RelatedTo): Draft | undefined {
  switch (ask.way) {
    case 'slash':
      return presentLookup(answer, ask, audience, relatedTo);
    case 'mention':
      return presentMention(answer, ask, audience, relatedTo);
    case 'context':
      return presentFix(answer, audience, relatedTo);
    case 'auto':
    case 'forum':
      return presentAuto(answer, audience, ask.way);
  }
}

/** One entry as asked for with `/spotify-error` or picked from its menu: addressed to the member named. */
export function entryReply(entry: ErrorEntry, audience: Audience, relatedTo: RelatedTo, source: 'slash' | 'autocomplete' | 'screenshot'): Reply {
  const forUserId = audience.private ? undefined : audience.forUserId;
  return {
    payload: addressedEntry(entry, relatedTo(entry), forUserId, audience.askedBy),
    private: audience.private ?? false,
    mentionUserIds: forUserId ? [forUserId] : [],
    stats: [{ kind: 'lookup', code: entry.code, source }],
    codes: [entry.code],
    metric: { way: source, outcome: 'entry' },
  };
}

function presentLookup(answer: Answer, ask: Ask, audience: Audience, relatedTo: RelatedTo): Draft {
  const fromScreenshot = answer.source === 'screenshot';
  if (answer.kind === 'entries') {
    const [first, ...others] = answer.entries as [ErrorEntry, ...ErrorEntry[]];
    // A value that is exactly a code is what picking an autocomplete choice sends.
    const source = fromScreenshot ? 'screenshot' : ask.text === first.code ? 'autocomplete' : 'slash';
    const reply = entryReply(first, audience, relatedTo, source);
    const named = others.map((e) => `\`${e.code}\``).join(', ');
    if (fromScreenshot) {
      const more = others.length ? ` It also shows ${named}.` : '';
      const read = `Read from the screenshot: \`${first.code}\`.${more}`;
      reply.payload.content = [reply.payload.content, read].filter(Boolean).join('\n');
    } else if (others.length) {
      // One entry is answered in full: the others the query shows are named, not dropped unseen.
      const more = `The query also shows ${named}: look ${others.length > 1 ? 'them' : 'it'} up with \`/spotify-error\`.`;
      reply.payload.content = [reply.payload.content, more].filter(Boolean).join('\n');
    }
    return reply;
  }
  if (answer.kind === 'group') return groupReply(answer, audience, fromScreenshot);
  const targetId = audience.private ? undefined : audience.forUserId;
  const customId = pickId.encode({ private: audience.private ?? false, ...(targetId ? { targetId } : {}) });
  if (answer.kind === 'choices') {
    return privately(pickerPayload(customId, severalMatchLead(ask.text), answer.candidates, !audience.private));
  }
  if (fromScreenshot && answer.reading && !ask.text) {
    const pick = audience.private ? 'private' : 'posts';
    return privately(answer.nearest ? screenshotNearestPayload(customId, answer.reading, answer.nearest, pick) : text(unreadableText(answer.reading)));
  }
  // Still a miss (the stats' "not found" list): the closest entries are offered, not answered.
  const payload = answer.nearest
    ? nearestPayload(customId, ask.text, answer.nearest, audience.private ? 'private' : 'posts')
    : text(noMatchText(ask.text));
  return { ...privately(payload), stats: [{ kind: 'miss', query: ask.text }] };
}

/** What a group addressed to a member is: one message with several causes, or one code number several errors have. */
const GROUP_LEAD = { message: 'this message has several causes', number: 'this code number belongs to several errors' } as const;

/** A shared message, answered in public (unless asked privately): the entries and how to tell them apart. */
function groupReply(answer: Extract<Answer, { kind: 'group' }>, audience: Audience, fromScreenshot: boolean): Draft {
  const entries = answer.entries;
  const forUserId = audience.private ? undefined : audience.forUserId;
  const lines = [
    forUserId ? `${userMention(forUserId)}, ${GROUP_LEAD[sharedBy(answer)]}${sentBy(forUserId, audience.askedBy)}:` : undefined,
    fromScreenshot ? 'Read from the screenshot.' : undefined,
  ].filter(Boolean);
  return {
    payload: {
      content: lines.length ? lines.join('\n') : undefined,
      embeds: [renderGroupEmbed(entries, sharedBy(answer))],
      components: [groupSelectRow(entries), { type: ComponentType.ActionRow, components: [referenceButton()] }],
    },
    private: audience.private ?? false,
    mentionUserIds: forUserId ? [forUserId] : [],
    stats: groupLookup(answer, fromScreenshot ? 'screenshot' : 'slash'),
    codes: entries.map((e) => e.code),
  };
}

/** What a group answer counts: one lookup, under the message its entries share (or the code number). */
function groupLookup(answer: Extract<Answer, { kind: 'group' }>, source: LookupSource): StatsEvent[] {
  const name =
    answer.number !== undefined
      ? `Error code: ${answer.number}`
      : (sharedHeadline(answer.entries) ?? answer.entries.map((e) => e.code).join(', '));
  return [{ kind: 'lookup', code: groupLookupKey(name), source }];
}

/** A group found by a code number without its namespace ("Error code: 3") shares a number, not a message. */
export function sharedBy(answer: Extract<Answer, { kind: 'group' }>): 'message' | 'number' {
  return answer.number !== undefined ? 'number' : 'message';
}

function sentBy(forUserId: string, askedBy: string): string {
  return forUserId === askedBy ? '' : ` (sent by ${userMention(askedBy)})`;
}

function presentMention(answer: Answer, ask: Ask, audience: Audience, relatedTo: RelatedTo): Draft {
  const fromScreenshot = answer.source === 'screenshot';
  const source: LookupSource = fromScreenshot ? 'screenshot' : 'mention';
  // Every public answer to a mention can be dismissed by the member who asked, as the replies below to a pasted error can.
  const dismissable = (payload: Reply['payload']) => withDismiss(payload, audience.askedBy);
  if (answer.kind === 'entries' && answer.by === 'search') {
    const entry = answer.entries[0]!;
    return publicly(dismissable(renderEntry(entry, { related: relatedTo(entry) })), [{ kind: 'lookup', code: entry.code, source }], [entry.code]);
  }
  if (answer.kind === 'entries') {
    const payload = renderAutoReply({ entries: answer.entries }, { authorId: audience.askedBy, compact: false, fromScreenshot });
    // A full answer to one error offers the others that show its message, as a found one's does.
    const related = answer.entries.length === 1 ? relatedTo(answer.entries[0]!) : [];
    if (related.length) payload.components.push(relatedSelectRow(related));
    const codes = answer.entries.map((e) => e.code);
    return publicly(payload, shownLookups(codes, source), codes);
  }
  if (answer.kind === 'group') {
    const payload = renderAutoReply({ shared: answer.entries, sharedBy: sharedBy(answer) }, { authorId: audience.askedBy, fromScreenshot });
    return publicly(payload, groupLookup(answer, source), answer.entries.map((e) => e.code));
  }
  // Words about the bot's own answer ("it didn't work") would get a menu or a miss of errors they do not name: asked again instead, and no miss.
  if (ask.followsUp && ask.text && !ask.images.length && (answer.kind === 'choices' || answer.kind === 'none')) {
    return publicly(dismissable(text(FOLLOW_UP_PROMPT)), [], []);
  }
  if (answer.kind === 'choices') {
    return publicly(
      dismissable({
        content: `${severalMatchLead(ask.text)}. Pick one to read it:`,
        embeds: [],
        components: [entrySelectRow(viewId.encode(null), 'Did you mean…', answer.candidates)],
      }),
      [],
      [],
    );
  }
  if (ask.text && answer.nearest) {
    return publicly(dismissable(nearestPayload(viewId.encode(null), ask.text, answer.nearest, 'opens')), [{ kind: 'miss', query: ask.text }], []);
  }
  if (ask.text) return publicly(dismissable(text(noMatchText(ask.text))), [{ kind: 'miss', query: ask.text }], []);
  if (answer.reading && answer.nearest) {
    return publicly(dismissable(screenshotNearestPayload(viewId.encode(null), answer.reading, answer.nearest, 'opens')), [], []);
  }
  return publicly(dismissable(text(answer.reading ? unreadableText(answer.reading) : MENTION_PROMPT)), [], []);
}

/** Send Spotify fix: one clear error is posted for the member; anything else is a private choice for the helper. */
function presentFix(answer: Answer, audience: Audience, relatedTo: RelatedTo): Draft {
  const target = audience.target!;
  if (answer.kind === 'entries' && answer.entries.length === 1) return fixReply(answer.entries[0]!, audience, relatedTo);
  const where = answer.source === 'screenshot' ? 'the screenshot' : 'this message';
  // An image that was not read (download failed, queue full, damaged) shows nothing: the helper should know.
  const unread = answer.source === 'screenshot' && answer.reading && answer.reading.status !== 'read' ? answer.reading : undefined;
  const why =
    answer.kind === 'choices' && answer.why === 'several'
      ? `${capitalize(where)} shows several errors.`
      : answer.kind === 'choices' && answer.why === 'shared'
        ? `Several errors show the message in ${where}.`
        : answer.kind === 'choices' && answer.why === 'number'
          ? `Several errors have the code number in ${where}.`
          : unread
          ? `I could not read the screenshot: ${unread.reason ?? 'it could not be read'}.`
          : 'I could not tell which error this is.';
  const candidates = answer.kind === 'choices' ? answer.candidates : answer.kind === 'none' ? [] : answer.entries;
  return privately({
    content: target.unaddressed
      ? `${why} Pick the fix to post as a reply to it (a bot or a webhook posted it: nobody will be mentioned):`
      : `${why} Pick the fix to send to ${userMention(target.authorId)}:`,
    embeds: [],
    components: [entrySelectRow(fixId.encode(target), 'Choose an error…', candidates)],
  });
}

/** The fix posted as a reply to the member's message, mentioning only them and saying which helper sent it. */
export function fixReply(entry: ErrorEntry, audience: Audience, relatedTo: RelatedTo): Reply {
  const target = audience.target!;
  const payload = renderEntry(entry, { related: relatedTo(entry) });
  payload.content = addressLine(entry, target.authorId, audience.askedBy);
  return {
    payload,
    private: false,
    mentionUserIds: [target.authorId],
    stats: [{ kind: 'lookup', code: entry.code, source: 'context' }],
    codes: [entry.code],
    metric: { way: 'context', outcome: 'entry' },
  };
}

function presentAuto(answer: Answer, audience: Audience, way: 'auto' | 'forum'): Draft | undefined {
  const fromScreenshot = answer.source === 'screenshot';
  if (answer.kind === 'entries') {
    const payload = renderAutoReply(
      { entries: answer.entries },
      { authorId: audience.askedBy, compact: audience.compact ?? true, fromScreenshot },
    );
    const codes = answer.entries.map((e) => e.code);
    const source: LookupSource = fromScreenshot ? 'screenshot' : way;
    return publicly(payload, shownLookups(codes, source), codes);
  }
  if (answer.kind === 'group') {
    const payload = renderAutoReply({ shared: answer.entries, sharedBy: sharedBy(answer) }, { authorId: audience.askedBy, fromScreenshot });
    return publicly(payload, groupLookup(answer, fromScreenshot ? 'screenshot' : way), answer.entries.map((e) => e.code));
  }
  return undefined;
}

/** What a reply to a message counts: the entries it shows (the rest are only named as more to look up). */
function shownLookups(codes: readonly string[], source: LookupSource): StatsEvent[] {
  return codes.slice(0, MAX_AUTO_REPLY_ENTRIES).map((code) => ({ kind: 'lookup', code, source }));
}

function publicly(payload: Reply['payload'], stats: StatsEvent[], codes: string[]): Draft {
  return { payload, private: false, mentionUserIds: [], stats, codes };
}

function privately(payload: Reply['payload']): Draft {
  return { payload, private: true, mentionUserIds: [], stats: [], codes: [] };
}

function capitalize(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
