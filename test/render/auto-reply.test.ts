import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { renderAutoReply } from '../../src/render/auto-reply.js';
import { embedLength, LIMITS, renderEntryEmbed } from '../../src/render/entry.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entry = (code: string) => lookup.byCode(code)!;
const AUTHOR = '555555555555555555';
const total = (embeds: Parameters<typeof embedLength>[0][]) => embeds.reduce((n, e) => n + embedLength(e), 0);
const labels = (payload: ReturnType<typeof renderAutoReply>) =>
  payload.components.at(-1)!.components.map((c) => ('label' in c ? c.label : undefined));

describe('automatic reply', () => {
  it('fits three full entries in Discord\'s 6,000 characters, their notes\' code examples giving way', () => {
    const largest = [...loadEntries()].sort((a, b) => embedLength(renderEntryEmbed(b)) - embedLength(renderEntryEmbed(a))).slice(0, 3);
    // In full, with their code examples, they would not fit.
    expect(total(largest.map((e) => renderEntryEmbed(e)))).toBeGreaterThan(LIMITS.total);
    const payload = renderAutoReply({ entries: largest }, { authorId: AUTHOR, compact: false });
    expect(total(payload.embeds)).toBeLessThanOrEqual(LIMITS.total);
  });

  it('is compact unless told otherwise', () => {
    const [embed] = renderAutoReply({ entries: [entry('accounts:4')] }, { authorId: AUTHOR }).embeds;
    expect(embed!.fields!.map((f) => f.name)).toEqual(['Try this']);
  });

  it('offers no votes under entries that share a message, and says when it read them from a screenshot', () => {
    const shared = [entry('auth:2'), entry('accounts:3'), entry('session:3')];
    const payload = renderAutoReply({ shared }, { authorId: AUTHOR, fromScreenshot: true });
    expect(labels(payload)).toEqual(['Dismiss', 'Full reference']);
    expect(payload.content).toBe('From your screenshot:');
    expect(renderAutoReply({ shared }, { authorId: AUTHOR }).content).toBeUndefined();
  });
});
