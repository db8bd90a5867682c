import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CHOICES } from '../../src/core/lookup.js';
import { inEnglish } from '../../src/core/other-languages.js';
import { fold } from '../../src/core/text.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const codes = lookup.entries.map((e) => e.code);

/**
 * What members type: any text, mixed with the pieces the detector, search and folding look for
 * (codes, their namespaces, hosts, log marks, other languages' words) and the characters that test
 * their edges (lone surrogates, bidi and zero-width characters, combining marks, fullwidth forms).
 */
const PIECES = [
  'spotify', 'Spotify ', 'error', 'Error code: ', 'code', '(error code:', 'auth:', 'accounts:', 'accesspoint:', ':', '::', '.', '-', '_',
  '"', "'", '(', ')', '[', ']', '{', '}', '\\', '/', 'https://', 'www.', 'api.spotify.com/v1/me/player', 'GET /v1/me/player ', '429', '403',
  'at ', 'Traceback', 'Exception', '[ERROR]', 'ERR_', 'EME_', 'KEY_SYSTEM', 'camelCaseWord', 'ошибка', 'код ошибки', '错误', 'エラー', 'ｅｒｒｏｒ',
  '：', '\u200b', '\u202e', '\u200d', '\u0301', '\ud800', '\udc00', '😀', '\u3000', '\u00a0', 'ﬁ', 'İ', '```', '> ', '\n', '\t', ' ', '  ',
  "can't", 'unable to', 'not', 'play', 'login', 'mac', 'windows', 'firewall', 'offline', 'something went wrong',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.constantFrom(...codes) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const memberText = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
/** A piece repeated to a long message: where a regular expression could backtrack. */
const longText = fc.tuple(piece, piece, fc.integer({ min: 500, max: 4500 })).map(([a, b, length]) => `${a}${b}`.repeat(length).slice(0, length));
const phrases = fc.array(fc.record({ phrase: memberText, code: fc.constantFrom(...codes, 'not-a-code') }), { maxLength: 3 });
const RUNS = { numRuns: 200, seed: 20261127 } as const;

describe('the core on any member text (property)', () => {
  it('answers, searches and completes without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(memberText, longText), phrases, (text, extra) => {
        const decision = lookup.answer(text, extra);
        expect(['confident', 'group', 'ambiguous', 'none']).toContain(decision.kind);
        const choices = lookup.autocomplete(text, extra);
        expect(choices.length).toBeLessThanOrEqual(MAX_CHOICES);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(100);
          expect(choice.value.length).toBeLessThanOrEqual(100);
        }
        lookup.search(text, extra);
        lookup.closest(text, extra);
      }),
      RUNS,
    );
  });

  it('detects without throwing, whatever the options', () => {
    fc.assert(
      fc.property(
        fc.oneof(memberText, longText),
        phrases,
        fc.record({ symptomMode: fc.boolean(), ocr: fc.boolean(), assumeSpotify: fc.boolean(), platform: fc.constantFrom(undefined, 'named', 'windows', 'macos') }),
        (text, extra, options) => {
          const detection = lookup.detector.detect(text, { ...options, phrases: extra } as Parameters<typeof lookup.detector.detect>[1]);
          for (const match of detection.matches) expect(codes).toContain(match.entry.code);
        },
      ),
      RUNS,
    );
  });

  it('reads other languages without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(memberText, longText), (text) => {
        expect(typeof inEnglish(fold(text))).toBe('string');
      }),
      RUNS,
    );
  });
});
