import { describe, expect, it } from 'vitest';
import { places, renderSettings, renderStats, settingsChanges } from '../../src/render/admin.js';
import { modLogLine } from '../../src/render/mod-log.js';
import { safeEcho } from '../../src/render/sanitize.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { groupLookupKey, type Stats } from '../../src/storage/storage.js';

const channelIds = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(100000000000000000n + BigInt(from + i)));

describe('settings as moderators see them', () => {
  it('keeps every field within Discord’s 1,024 characters however many channels are listed', () => {
    const many = channelIds(120);
    const embed = renderSettings({ ...DEFAULT_SETTINGS, autoReplies: true, allowIds: many, denyIds: channelIds(80, 500) });
    for (const field of embed.fields ?? []) expect(field.value.length, field.name).toBeLessThanOrEqual(1024);
    const allowed = embed.fields!.find((f) => f.name === 'Allowed')!.value;
    expect(allowed).toMatch(/^<#100000000000000000>, <#100000000000000001>, .* and \d+ more$/);
    const shown = allowed.match(/<#\d+>/g)!.length;
    expect(allowed.endsWith(` and ${120 - shown} more`)).toBe(true);
    expect(places(channelIds(2))).toBe('<#100000000000000000>, <#100000000000000001>');
    expect(places([])).toBe('—');
  });

  it('says that help forums answer whatever the channel scope says, as the bot does', () => {
    const forums = [{ forumId: '300000000000000000', idleHours: 24, onboarding: true, lock: false }];
    const where = (change: Partial<typeof DEFAULT_SETTINGS>) =>
      renderSettings({ ...DEFAULT_SETTINGS, ...change }).fields!.find((f) => f.name === 'Automatic replies')!.value;
    expect(where({})).toBe('off: nowhere (off)');
    expect(where({ forums })).toBe('off: only in help forums');
    expect(where({ autoReplies: true, allowIds: ['100000000000000000'], forums })).toBe('on: only in <#100000000000000000> and help forums');
    expect(where({ autoReplies: true, allowIds: ['100000000000000000'] })).toBe('on: only in <#100000000000000000>');
    expect(where({ autoReplies: true, forums })).toBe('on: in every channel');
  });

  it('logs what a channel list change added and removed, in one line a message can hold', () => {
    const before = { ...DEFAULT_SETTINGS, allowIds: channelIds(60) };
    const after = { ...before, allowIds: [...channelIds(59, 1), '999999999999999999'] };
    expect(settingsChanges(before, after)).toEqual(['allowed: + <#999999999999999999> · − <#100000000000000000>']);
    const everything = settingsChanges({ ...DEFAULT_SETTINGS }, { ...DEFAULT_SETTINGS, allowIds: channelIds(200), denyIds: channelIds(200, 1000) });
    const line = modLogLine({ kind: 'settings', guildId: '1', by: '2', changes: everything });
    expect(line.length).toBeLessThanOrEqual(2000);
    expect(line).toContain('allowed: + <#100000000000000000>');
    expect(line).toMatch(/and \d+ more/);
  });

  it('logs every change of a help forum: its greeting, lock, idle time and solved tag, and nothing for a change of order', () => {
    const forum = { forumId: '200000000000000001', idleHours: 24, onboarding: true, lock: false };
    const other = { forumId: '200000000000000002', idleHours: 48, onboarding: true, lock: false };
    const before = { ...DEFAULT_SETTINGS, forums: [forum] };
    expect(settingsChanges(before, { ...before, forums: [{ ...forum, onboarding: false }] })).toEqual([
      'help forum <#200000000000000001>: greeting on → off',
    ]);
    expect(settingsChanges(before, { ...before, forums: [{ ...forum, solvedTagId: '300000000000000001' }] })).toEqual([
      'help forum <#200000000000000001>: solved tag none → set',
    ]);
    const tagged = { ...DEFAULT_SETTINGS, forums: [{ ...forum, solvedTagId: '300000000000000001' }] };
    expect(settingsChanges(tagged, { ...tagged, forums: [{ ...forum, solvedTagId: '300000000000000002' }] })).toEqual([
      'help forum <#200000000000000001>: solved tag changed',
    ]);
    expect(settingsChanges(before, { ...before, forums: [{ ...forum, idleHours: 12, lock: true }] })).toEqual([
      'help forum <#200000000000000001>: close after 24 h → 12 h, lock off → on',
    ]);
    const two = { ...DEFAULT_SETTINGS, forums: [forum, other] };
    // Changing one forum moves it to the end of the list: the other is not reported as changed.
    expect(settingsChanges(two, { ...two, forums: [other, { ...forum, lock: true }] })).toEqual(['help forum <#200000000000000001>: lock off → on']);
    expect(settingsChanges(DEFAULT_SETTINGS, before)).toEqual(['help forum <#200000000000000001>: added (close after 24 h, greeting on, lock off, solved tag none)']);
    expect(settingsChanges(two, before)).toEqual(['help forum <#200000000000000002>: removed']);
  });
});

describe('stats as moderators see them', () => {
  it('shows a shared-message group by its message, quoted and made safe, beside the entries', () => {
    const week: Stats = {
      days: 7,
      lookups: [
        { code: groupLookupKey('A firewall may be blocking Spotify.'), count: 4 },
        { code: 'auth:73', count: 2 },
        { code: groupLookupKey('Error code: 3 *see* <@123>'), count: 1 },
      ],
      bySource: { auto: 7 },
      misses: [],
      helpfulness: [],
    };
    const top = renderStats(week, { ...week, days: 30 }).fields!.find((f) => f.name === 'Top errors, 7 days')!.value;
    expect(top.split('\n')).toEqual([
      '1. “A firewall may be blocking Spotify.” (several errors) — 4',
      '2. `auth:73` — 2',
      `3. “${safeEcho('Error code: 3 *see* <@123>')}” (several errors) — 1`,
    ]);
    expect(top).not.toContain('<@123>');
  });

  it('names each way in as the README does, not by its internal key', () => {
    const week: Stats = { days: 7, lookups: [], bySource: { auto: 7, context: 2, autocomplete: 1 }, misses: [], helpfulness: [] };
    const ways = renderStats(week, { ...week, days: 30, bySource: {} }).fields!.find((f) => f.name === 'Answers by way in')!.value;
    expect(ways).toBe('7 days: automatic reply 7 · context menu 2 · autocomplete pick 1\n30 days: none');
  });
});
