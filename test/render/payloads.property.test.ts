import fc from 'fast-check';
import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { renderStats } from '../../src/render/admin.js';
import { nearestPayload, noMatchText, pickerPayload, screenshotNearestPayload, severalMatchLead } from '../../src/render/answer.js';
import { MAX_CUSTOM_ID, pickId, viewId } from '../../src/render/custom-ids.js';
import { embedLength, LIMITS, type MessagePayload } from '../../src/render/entry.js';
import { modLogLine } from '../../src/render/mod-log.js';
import { unreadableText } from '../../src/render/screenshot.js';
import { groupLookupKey } from '../../src/storage/storage.js';

const entries = loadEntries();
const MARKUP = ['<@123456789012345678>', '<@&1>', '<#1>', '@everyone', '@here', 'https://x.y', '[a](https://b.c)', 'discord.gg/x', '*', '_', '`', '```', '~~', '||', '\\', '> ', '# ', '<3:/', '\n', '\u202e', '\u200b', '😀', '\u0301'];
const piece = fc.oneof(fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 8 }));
/** Member text, up to about 4,000 characters. */
const memberText = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  fc.tuple(piece, fc.integer({ min: 100, max: 4000 })).map(([p, n]) => p.repeat(n).slice(0, n)),
);
const someEntries = fc.subarray([...entries], { minLength: 2, maxLength: 30 });
const targetId = fc.option(fc.stringMatching(/^\d{17,20}$/), { nil: undefined });
const RUNS = { numRuns: 200, seed: 20261127 } as const;

const WORKING_MENTION = /<(?:@[!&]?|#)\d+>|@(?:everyone|here)/i;

/** Discord's limits on a message: content, embeds, selects and custom IDs. */
function expectWithinLimits(payload: MessagePayload): void {
  expect(payload.content?.length ?? 0).toBeLessThanOrEqual(2000);
  expect(payload.content ?? '').not.toMatch(WORKING_MENTION);
  expect(payload.content ?? '').not.toMatch(/https?:\/\/(?!0iy\.github\.io\/spotify-error-ref\/>)/);
  expect(payload.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
  for (const row of payload.components) {
    for (const component of row.components) {
      if ('custom_id' in component) expect(component.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
      if ('options' in component) {
        expect(component.options.length).toBeGreaterThan(0);
        expect(component.options.length).toBeLessThanOrEqual(LIMITS.selectOptions);
        for (const option of component.options) {
          expect(option.label.length).toBeLessThanOrEqual(100);
          expect(option.value.length).toBeLessThanOrEqual(100);
          expect(option.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.selectOptionDescription);
        }
      }
    }
  }
}

function expectEmbedWithinLimits(embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(field.value).not.toMatch(WORKING_MENTION);
  }
  expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.total);
}

describe('payloads built from member text (property)', () => {
  it('misses, menus and screenshot readings stay within Discord\'s limits and echo nothing that works', () => {
    fc.assert(
      fc.property(memberText, someEntries, targetId, fc.boolean(), fc.constantFrom('SPOILER_x.png', 'x.png'), (query, shown, target, isPrivate, name) => {
        const customId = pickId.encode({ private: isPrivate, ...(target ? { targetId: target } : {}) });
        expectWithinLimits({ content: noMatchText(query), embeds: [], components: [] });
        expectWithinLimits(nearestPayload(customId, query, shown, 'posts'));
        expectWithinLimits(pickerPayload(customId, severalMatchLead(query), shown, !isPrivate));
        expectWithinLimits(screenshotNearestPayload(viewId.encode(null), { name, text: query }, shown, 'opens'));
        expectWithinLimits({ content: unreadableText({ name, text: query, status: 'read' }), embeds: [], components: [] });
      }),
      RUNS,
    );
  });

  it('the moderators\' log and stats stay within Discord\'s limits and ping no one from what members wrote', () => {
    const ten = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { maxLength: 10 });
    const count = fc.integer({ min: 1, max: 1_000_000 });
    const lookups = ten(fc.record({ code: fc.oneof(fc.constantFrom(...entries.map((e) => e.code)), memberText.map(groupLookupKey)), count }));
    const stats = fc.record({
      days: fc.constant(7),
      lookups,
      bySource: fc.constant({ slash: 3, auto: 4 }),
      misses: ten(fc.record({ query: memberText.map((q) => q.slice(0, 100)), count })),
      helpfulness: ten(fc.record({ code: fc.constantFrom(...entries.map((e) => e.code)), helped: count, notHelped: count })),
    });
    fc.assert(
      fc.property(stats, stats, memberText, (week, month, phrase) => {
        expectEmbedWithinLimits(renderStats(week, month));
        for (const kind of ['phrase-added', 'phrase-removed'] as const) {
          const line = modLogLine({ kind, guildId: '1', by: '123456789012345678', phrase, code: 'auth:3' });
          expect(line.length).toBeLessThanOrEqual(2000);
          expect(line.replace('<@123456789012345678>', '')).not.toMatch(WORKING_MENTION);
        }
      }),
      RUNS,
    );
  });
});
