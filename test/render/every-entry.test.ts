import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Answer, Ask, Audience, WayIn } from '../../src/answers/types.js';
import { lookupText } from '../../src/cli/lookup.js';
import { headline } from '../../src/core/related.js';
import { ATTRIBUTION, platformLabel, PLATFORMS, CATEGORIES, type ErrorEntry } from '../../src/data/index.js';
import { BROWSE_PAGE_SIZE, renderBrowsePage } from '../../src/render/browse.js';
import type { MessagePayload } from '../../src/render/entry.js';
import { embedsToMarkdown, markdownToPlain } from '../../src/render/text.js';
import { validateMessage } from '../../scripts/discord-standin/validate.js';
import { sharedAnswerer, sharedLookup } from '../helpers.js';

/**
 * Every one of the 62 entries through every way it is shown: the slash answer, Send Spotify fix, an
 * @mention, the automatic reply (compact and full, alone and three at once), a help-forum answer,
 * the group of a message several entries share, the browse list and `npm run lookup`. Each must be
 * a message Discord accepts (as the stand-in checks it), and show the entry's words intact.
 */

const lookup = sharedLookup();
const answerer = sharedAnswerer();
const entries = lookup.entries;
const MEMBER = '100000000000000001';
const HELPER = '100000000000000002';

const ask = (way: WayIn, text: string): Ask => ({ way, text, images: [], guildId: '1', phrases: [] });
const found = (list: ErrorEntry[], by: 'detection' | 'search' = 'detection'): Answer => ({ kind: 'entries', entries: list, by, source: 'text' });

function accepted(payload: MessagePayload): void {
  expect(validateMessage(payload)).toEqual([]);
  // Where the bot may not embed, the same answer goes as text: within a message, the footer kept.
  const text = embedsToMarkdown(payload.content, payload.embeds);
  expect(text.length).toBeLessThanOrEqual(2000);
  for (const embed of payload.embeds) if (embed.footer) expect(text).toContain(embed.footer.text);
}

/** What a member reads in an embed: markdown escapes and emphasis gone, inline code as its text. */
function readable(embed: APIEmbed): string {
  const parts = [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text];
  return markdownToPlain(parts.filter(Boolean).join('\n')).replace(/`(?!``)/g, '');
}

/** The entry's words an answer must carry; `compact`: the message, the chain and the first three steps. */
function wordsOf(entry: ErrorEntry, compact: boolean): string[] {
  const words = [...entry.messages, ...entry.chain.flatMap((n) => [n.label, n.detail ?? ''])];
  if (compact) return [...words, ...entry.resolution.slice(0, 3).map((s, i) => `${i + 1}. ${s}`)];
  words.push(...entry.causes.map((c) => `• ${c}`), ...entry.resolution.map((s, i) => `${i + 1}. ${s}`));
  const note = entry.note;
  if (note) {
    words.push(note.title, note.text, note.afterSnippet ?? '');
    if (note.snippet) words.push(`\`\`\`${note.snippet.language ?? ''}\n${note.snippet.code}\n\`\`\``);
  }
  return words.filter(Boolean).map((w) => w.replace(/`(?!``)/g, ''));
}

function showsEntry(embed: APIEmbed, entry: ErrorEntry, compact: boolean): void {
  const text = readable(embed);
  expect(embed.title).toBe(`${entry.code} — ${entry.title}`);
  for (const words of wordsOf(entry, compact)) expect(text, `${entry.code}: ${words.slice(0, 60)}`).toContain(words);
  expect(embed.footer!.text).toContain(` · ${platformLabel(entry.platforms)} · ${ATTRIBUTION}`);
}

describe('every entry, every way it is shown', () => {
  const byWay: Array<[string, WayIn, Audience]> = [
    ['the slash answer for a member named', 'slash', { askedBy: HELPER, forUserId: MEMBER }],
    ['Send Spotify fix', 'context', { askedBy: HELPER, target: { channelId: '5', messageId: '6', authorId: MEMBER } }],
    ['an @mention found by search', 'mention', { askedBy: MEMBER }],
  ];

  it.each(entries.map((e) => [e.code, e] as const))('%s: full answers are accepted and show the whole entry', (_, entry) => {
    for (const [way, wayIn, audience] of byWay) {
      const reply = answerer.present(found([entry], wayIn === 'mention' ? 'search' : 'detection'), ask(wayIn, entry.code), audience)!;
      expect(reply.payload.embeds, way).toHaveLength(1);
      accepted(reply.payload);
      showsEntry(reply.payload.embeds[0]!, entry, false);
    }
    // A pasted error: the automatic reply (compact or, as a server may choose, full), an @mention's detection, a forum post.
    for (const [wayIn, audience, compact] of [
      ['auto', { askedBy: MEMBER }, true],
      ['auto', { askedBy: MEMBER, compact: false }, false],
      ['mention', { askedBy: MEMBER }, false],
      ['forum', { askedBy: MEMBER, helpForumPost: '7' }, true],
    ] as const) {
      const reply = answerer.present(found([entry]), ask(wayIn, entry.code), audience)!;
      accepted(reply.payload);
      showsEntry(reply.payload.embeds[0]!, entry, compact);
    }
  });

  it('accepts three full entries in one reply, even the three longest', () => {
    const size = (e: ErrorEntry) => answerer.present(found([e]), ask('mention', e.code), { askedBy: MEMBER })!.payload.embeds[0]!;
    const longest = [...entries].sort((a, b) => JSON.stringify(size(b)).length - JSON.stringify(size(a)).length).slice(0, 3);
    for (const [wayIn, audience] of [
      ['mention', { askedBy: MEMBER }],
      ['auto', { askedBy: MEMBER, compact: false }],
      ['forum', { askedBy: MEMBER, helpForumPost: '7', compact: false }],
    ] as const) {
      const reply = answerer.present(found(longest), ask(wayIn, 'three'), audience)!;
      expect(reply.payload.embeds).toHaveLength(3);
      accepted(reply.payload);
    }
  });

  it('accepts every group of entries that share a message, each entry named with its platform', () => {
    const groups = new Map<string, ErrorEntry[]>();
    for (const entry of entries) {
      for (const message of entry.messages) {
        const members = entries.filter((e) => e.messages.some((m) => headline(m) === headline(message)));
        if (members.length > 1) groups.set(members.map((e) => e.code).join('|'), members);
      }
    }
    expect(groups.size).toBeGreaterThan(5);
    for (const members of groups.values()) {
      const answer: Answer = { kind: 'group', message: members[0]!.messages[0]!, entries: members, source: 'text' };
      for (const [wayIn, audience] of [
        ['slash', { askedBy: HELPER, forUserId: MEMBER }],
        ['auto', { askedBy: MEMBER }],
        ['mention', { askedBy: MEMBER }],
        ['forum', { askedBy: MEMBER, helpForumPost: '7' }],
      ] as const) {
        const reply = answerer.present(answer, ask(wayIn, 'shared'), audience)!;
        accepted(reply.payload);
        const [embed] = reply.payload.embeds;
        const text = readable(embed!);
        expect(embed!.footer!.text).toContain(ATTRIBUTION);
        for (const e of members) {
          expect(text).toContain(`${e.code} — ${e.title}`);
          expect(text).toContain(platformLabel(e.platforms));
        }
      }
    }
  });

  it('lists every entry once in the browse view, under every category and platform it belongs to', () => {
    for (const category of ['all', ...CATEGORIES] as const) {
      for (const platform of ['all', ...PLATFORMS] as const) {
        const wanted = entries.filter((e) => (category === 'all' || e.category === category) && (platform === 'all' || e.platforms.includes(platform)));
        const listed: string[] = [];
        for (let page = 0; page * BROWSE_PAGE_SIZE < Math.max(1, wanted.length); page++) {
          const payload = renderBrowsePage(entries, { category, platform }, page, MEMBER);
          accepted(payload);
          expect(payload.embeds[0]!.footer!.text).toContain(ATTRIBUTION);
          listed.push(...markdownToPlain(payload.embeds[0]!.description!).split('\n').filter((l) => / `.+` — /.test(l)));
        }
        expect(listed).toEqual(wanted.map((e) => expect.stringContaining(`\`${e.code}\` — ${e.title}`)));
      }
    }
  });

  it.each(entries.map((e) => [e.code, e] as const))('%s: npm run lookup prints the whole entry', async (_, entry) => {
    const out = await lookupText(answerer, entry.code);
    const text = out.replace(/`(?!``)/g, '');
    expect(out.split('\n')[0]).toBe(`${entry.code} — ${entry.title}`);
    for (const words of wordsOf(entry, false)) expect(text, words.slice(0, 60)).toContain(words);
    expect(out).toContain(`${platformLabel(entry.platforms)} · ${ATTRIBUTION}`);
    expect(out).not.toMatch(/\*\*|\\[_*]/);
  });
});
