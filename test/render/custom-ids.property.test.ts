import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands, componentHandlers } from '../../src/commands/index.js';
import { MAX_CUSTOM_ID, splitId } from '../../src/render/custom-ids.js';

const prefixes = componentHandlers.map((h) => h.id.prefix);
/** What a modified client can put in a custom ID: a real prefix or none, then any parts, colons included. */
const part = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', '0', '1', '-1', '999', '1e3', 'NaN', 'prev', 'next', 'auth-all', 'all-macos', 'auth:3', '123456789012345678', '0123456789abcdef0123', 'deadbeef', '__proto__', 'constructor', ' ') },
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const forgedId = fc
  .tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...prefixes) }, fc.string({ maxLength: 12 })), fc.array(part, { maxLength: 5 }))
  .map(([prefix, parts]) => [prefix, ...parts].join(':').slice(0, MAX_CUSTOM_ID));
const RUNS = { numRuns: 500, seed: 20261127 } as const;

describe('custom IDs a modified client can forge (property)', () => {
  it('every handler decodes any ID without throwing, and what it accepts encodes back to an ID it accepts the same', () => {
    expect(commands.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(forgedId, (id) => {
        const { prefix, parts } = splitId(id);
        for (const handler of componentHandlers) {
          const state = handler.id.decode(parts);
          if (state === undefined || handler.id.prefix !== prefix) continue;
          const again = handler.id.encode(state);
          expect(again.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
          expect(handler.id.decode(splitId(again).parts)).toEqual(state);
        }
      }),
      RUNS,
    );
  });
});
