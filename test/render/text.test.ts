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
});
