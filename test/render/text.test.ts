import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { renderEntry } from '../../src/render/entry.js';
import { embedToMarkdown } from '../../src/render/text.js';

const entries = loadEntries();

describe('entry embed', () => {
  it('falls back to markdown text within 2,000 characters', () => {
    for (const e of entries) {
      const text = embedToMarkdown(renderEntry(e).embeds[0]!);
      expect(text.length).toBeLessThanOrEqual(2000);
      expect(text).toContain(e.code);
    }
  });

  it('closes a code block it cuts, so the footer after it is not swallowed into the code', () => {
    const code = Array.from({ length: 60 }, (_, i) => `line ${i}: if (x) *y* = _z_;`).join('\n');
    const embed = { title: 'T', description: 'D', fields: [{ name: 'Note', value: `Prose.\n\`\`\`\n${code}\n\`\`\`` }], footer: { text: 'Footer' } };
    const text = embedToMarkdown(embed, 500);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toMatch(/…\n```\n\n-# Footer$/);
    expect(text.match(/```/g)).toHaveLength(2);
  });
});
