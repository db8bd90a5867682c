import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeEcho } from '../../src/render/sanitize.js';

/** Pieces members paste that Discord (or its escaper) treats specially, mixed with any text. */
const MARKUP = [
  '<', '>', '<@', '<@!', '<@&', '<#', '</', '<:', '<a:', '<t:', '<id:', '<1:/', '<é:/', '123456789012345678', ':', '/', '//', '://',
  'https://', 'http://x.y', 'steam://', '@everyone', '@here', '@', 'discord.gg/', 'discordapp.com/invite/', '*', '**', '_', '__',
  '~~', '||', '`', '```', '\\', '[', ']', '(', ')', '# ', '- ', '1. ', '> ', '-# ', ' ', '\n', '\t', '\u200b', '\u202e', '\u0301',
  'é', '😀', '👩‍👩‍👧‍👦', 'x', 'word',
];
const piece = fc.oneof(fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 2 }));
const memberText = fc.array(piece, { maxLength: 80 }).map((pieces) => pieces.join(''));
const RUNS = { numRuns: 400, seed: 20261127 } as const;

/** The characters that are markup and not escaped by an odd run of backslashes before them. */
function bareMarkup(text: string): string[] {
  const bare: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++; // the next character is escaped
      continue;
    }
    // A lone `~` or `|` is no markup: strikethrough and spoilers take two.
    const mark = '*_`'.includes(text[i]!) || ('~|'.includes(text[i]!) && text[i + 1] === text[i]);
    if (mark) bare.push(`${text.slice(Math.max(0, i - 10), i)}[${text[i]}]`);
  }
  return bare;
}

describe('safeEcho on any member text (property)', () => {
  it('never leaves a working mention, tag or link', () => {
    fc.assert(
      fc.property(memberText, fc.integer({ min: 1, max: 300 }), (text, max) => {
        const echoed = safeEcho(text, max);
        expect(echoed).not.toMatch(/@(?:everyone|here)/i);
        expect(echoed).not.toMatch(/<(?:[@#/:]|[a-z]+:)/i);
        expect(echoed).not.toContain('://');
        expect(echoed).not.toMatch(/\bdiscord(?:app)?\.(?:gg|com|io|gift|new)/i);
        expect(echoed).not.toMatch(/[\n\r\t]/);
      }),
      RUNS,
    );
  });

  it('leaves no formatting mark unescaped', () => {
    fc.assert(
      fc.property(memberText, (text) => {
        expect(bareMarkup(safeEcho(text, 300))).toEqual([]);
      }),
      RUNS,
    );
  });
});
