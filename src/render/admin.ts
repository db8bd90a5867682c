import type { APIEmbed } from 'discord-api-types/v10';
import { platformLabel, REFERENCE } from '../data/index.js';
import type { GuildSettings, HelpForum } from '../settings/schema.js';
import type { ForumStats } from '../storage/forum-posts.js';
import { groupOfLookupKey, type LookupSource, type Stats } from '../storage/storage.js';
import { safeEcho, truncate } from './sanitize.js';

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** Said to moderators (their log, and the settings answers) while the bot runs without the Message Content intent. */
export const MESSAGE_CONTENT_REFUSED =
  'Discord refused the Message Content intent, so automatic replies to pasted errors are off. Whoever runs the bot can ' +
  'enable it in the Developer Portal → the application → Bot → Privileged Gateway Intents; slash commands and @mentions still work.';

/** An embed field's value holds 1,024 characters: a long list of channels ends in "and N more". */
const PLACES_BUDGET = 900;

/** Channels as mentions, as many as fit in `budget` characters, the rest counted. */
export function places(ids: readonly string[], budget = PLACES_BUDGET): string {
  if (!ids.length) return '—';
  const all = ids.map((id) => `<#${id}>`).join(', ');
  if (all.length <= budget) return all;
  const room = budget - ` and ${ids.length} more`.length;
  const shown: string[] = [];
  let length = 0;
  for (const id of ids) {
    length += `<#${id}>`.length + (shown.length ? 2 : 0);
    if (length > room) break;
    shown.push(`<#${id}>`);
  }
  return `${shown.join(', ')} and ${ids.length - shown.length} more`;
}

/** What a channel list change did: "+ #a, #b · − #c" (a long list's whole text would not fit in a log line). */
function placesChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  return [added.length ? `+ ${places(added, 400)}` : '', removed.length ? `− ${places(removed, 400)}` : ''].filter(Boolean).join(' · ');
}

export function renderSettings(s: GuildSettings): APIEmbed {
  // Help forums' posts get automatic replies whatever the channel scope says.
  const forums = s.forums.length > 0;
  const where = !s.autoReplies
    ? forums ? 'only in help forums' : 'nowhere (off)'
    : s.allowIds.length ? `only in ${places(s.allowIds)}${forums ? ' and help forums' : ''}` : 'in every channel';
  return {
    title: 'Spotify error bot: settings',
    color: 0x1db954,
    fields: [
      { name: 'Automatic replies', value: `${onOff(s.autoReplies)}: ${where}`, inline: false },
      { name: 'Allowed', value: places(s.allowIds), inline: true },
      { name: 'Denied', value: places(s.denyIds), inline: true },
      {
        name: 'Cooldowns',
        value: `same error in a channel: ${Math.round(s.channelCooldownSeconds / 60)} min · per member: ${s.userCooldownSeconds} s`,
        inline: false,
      },
      { name: 'Reply style', value: s.compact ? 'compact' : 'full', inline: true },
      { name: 'Delete with source', value: onOff(s.deleteWithSource), inline: true },
      { name: 'Symptom mode', value: onOff(s.symptomMode), inline: true },
      { name: 'Screenshots', value: onOff(s.screenshots), inline: true },
      {
        name: 'Help forums',
        value: s.forums.length
          ? s.forums
              .map((f) => `<#${f.forumId}>: close after ${f.idleHours} h · greeting ${onOff(f.onboarding)} · lock ${onOff(f.lock)} · solved tag ${f.solvedTagId ? 'set' : 'none'}`)
              .join('\n')
          : 'none (`/spotify-error-admin forum add`)',
        inline: false,
      },
    ],
    footer: { text: 'Change with /spotify-error-admin settings …' },
  };
}

function list(lines: string[], empty: string): string {
  return truncate(lines.length ? lines.join('\n') : empty, 1024);
}

/** "35 min", "2.5 h", "3 d": a median time to solved. */
function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} d`;
}

/** An entry by its code; a shared-message group answer by its message, quoted. */
function lookupName(code: string): string {
  const group = groupOfLookupKey(code);
  return group === undefined ? `\`${code}\`` : `“${safeEcho(group)}” (several errors)`;
}

/** The ways in as moderators know them (the stats keep short keys). */
const WAY_NAMES: Record<LookupSource, string> = {
  slash: 'slash',
  autocomplete: 'autocomplete pick',
  context: 'context menu',
  auto: 'automatic reply',
  mention: 'mention',
  screenshot: 'screenshot',
  forum: 'forum',
};

/** Help forums, 7 and 30 days side by side. */
function forumLines(week: ForumStats, month: ForumStats): string {
  const pair = (pick: (s: ForumStats) => number | string) => `${pick(week)} / ${pick(month)}`;
  return [
    `posts ${pair((s) => s.opened)} · answered by the bot ${pair((s) => s.answeredByBot)} · greeted ${pair((s) => s.onboarded)}`,
    `solved by their owner ${pair((s) => s.solvedByOwner)}, by a helper ${pair((s) => s.solvedByHelper)} · closed when quiet ${pair((s) => s.closedIdle)}`,
    `median time to solved ${pair((s) => duration(s.medianMinutesToSolved))}`,
  ].join('\n');
}

export function renderStats(week: Stats, month: Stats, forums?: { week: ForumStats; month: ForumStats }): APIEmbed {
  const top = (s: Stats) => list(s.lookups.map((l, i) => `${i + 1}. ${lookupName(l.code)} — ${l.count}`), 'No answers yet.');
  const misses = (s: Stats) =>
    list(s.misses.map((m) => `• “${safeEcho(m.query)}” — ${m.count}`), 'None: every lookup found an entry.');
  const helpful = list(
    month.helpfulness.map((h) => {
      const total = h.helped + h.notHelped;
      return `\`${h.code}\` — ${Math.round((100 * h.helped) / total)}% helped (${h.helped} of ${total})`;
    }),
    'No feedback yet.',
  );
  const sources = (s: Stats) =>
    Object.entries(s.bySource)
      .map(([k, v]) => `${WAY_NAMES[k as LookupSource] ?? k} ${v}`)
      .join(' · ') || 'none';
  return {
    title: 'Spotify error bot: stats',
    color: 0x1db954,
    fields: [
      { name: 'Top errors, 7 days', value: top(week), inline: true },
      { name: 'Top errors, 30 days', value: top(month), inline: true },
      { name: 'Answers by way in', value: `7 days: ${sources(week)}\n30 days: ${sources(month)}`, inline: false },
      { name: 'Not found, 7 days (what the reference lacks)', value: misses(week), inline: false },
      { name: 'Not found, 30 days', value: misses(month), inline: false },
      { name: 'Helpfulness, 30 days', value: helpful, inline: false },
      ...(forums && forums.month.opened > 0 ? [{ name: 'Help forums, 7 / 30 days', value: forumLines(forums.week, forums.month), inline: false }] : []),
    ],
    footer: { text: `Counts per day, no member IDs kept. ${dataLine()}` },
  };
}

/** "Data: 62 errors, Windows & macOS (reference edition 2, commit 3eacc69)." */
export function dataLine(): string {
  const commit = REFERENCE.commit ? `, commit ${REFERENCE.commit.slice(0, 7)}` : '';
  return `Data: ${REFERENCE.errors} errors, ${platformLabel(REFERENCE.platforms)} (reference edition ${REFERENCE.edition}${commit}).`;
}

/** What changed between two settings, as short "name: old → new" phrases for the moderators' log. */
export function settingsChanges(before: GuildSettings, after: GuildSettings): string[] {
  const value = (name: string, show: (s: GuildSettings) => string) => (show(before) === show(after) ? [] : [`${name}: ${show(before)} → ${show(after)}`]);
  // Channel lists say what was added and removed: a long list's whole text would not fit in a log line.
  const list = (name: string, ids: (s: GuildSettings) => readonly string[]) => {
    const change = placesChange(ids(before), ids(after));
    return change ? [`${name}: ${change}`] : [];
  };
  return [
    ...value('automatic replies', (s) => onOff(s.autoReplies)),
    ...list('allowed', (s) => s.allowIds),
    ...list('denied', (s) => s.denyIds),
    ...value('channel cooldown', (s) => `${Math.round(s.channelCooldownSeconds / 60)} min`),
    ...value('member cooldown', (s) => `${s.userCooldownSeconds} s`),
    ...value('reply style', (s) => (s.compact ? 'compact' : 'full')),
    ...value('delete with source', (s) => onOff(s.deleteWithSource)),
    ...value('symptom mode', (s) => onOff(s.symptomMode)),
    ...value('screenshots', (s) => onOff(s.screenshots)),
    ...forumChanges(before.forums, after.forums),
    ...value('log channel', (s) => (s.logChannelId ? `<#${s.logChannelId}>` : '—')),
  ];
}

/** What a help forum runs with, one phrase each, as the log shows them. */
const FORUM_FIELDS: ReadonlyArray<[string, (f: HelpForum) => string]> = [
  ['close after', (f) => `${f.idleHours} h`],
  ['greeting', (f) => onOff(f.onboarding)],
  ['lock', (f) => onOff(f.lock)],
  ['solved tag', (f) => (f.solvedTagId ? 'set' : 'none')],
];

/** Help forums added, removed or changed, one phrase per forum; a forum's place in the list is no change. */
function forumChanges(before: readonly HelpForum[], after: readonly HelpForum[]): string[] {
  const ids = [...new Set([...before, ...after].map((f) => f.forumId))];
  return ids.flatMap((id) => {
    const old = before.find((f) => f.forumId === id);
    const now = after.find((f) => f.forumId === id);
    const name = `help forum <#${id}>`;
    if (!old) return [`${name}: added (${FORUM_FIELDS.map(([label, show]) => `${label} ${show(now!)}`).join(', ')})`];
    if (!now) return [`${name}: removed`];
    const changed = FORUM_FIELDS.flatMap(([label, show]) => (show(old) === show(now) ? [] : [`${label} ${show(old)} → ${show(now)}`]));
    // One tag for another shows the same ("set"): the log still says it changed.
    if (old.solvedTagId && now.solvedTagId && old.solvedTagId !== now.solvedTagId) changed.push('solved tag changed');
    return changed.length ? [`${name}: ${changed.join(', ')}`] : [];
  });
}
