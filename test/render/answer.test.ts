import { describe, expect, it } from 'vitest';
import { REFERENCE_URL } from '../../src/data/index.js';
import { addressedEntry, addressLine, nearestPayload, noMatchText, pickerPayload, severalMatchLead } from '../../src/render/answer.js';
import { safeEcho } from '../../src/render/sanitize.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entry = (code: string) => lookup.byCode(code)!;
const MEMBER = '111111111111111111';
const HELPER = '222222222222222222';

describe('answers that are not an entry', () => {
  it('echo the member\'s query safely in every miss and "several match" lead: no ping, link or formatting', () => {
    const query = '@everyone **free** [nitro](https://evil.example) <@&333333333333333333>';
    const shown = [
      noMatchText(query),
      nearestPayload('se:pick:0:', query, [entry('auth:3')], 'private').content!,
      severalMatchLead(query),
    ];
    for (const content of shown) {
      expect(content).toContain(safeEcho(query));
      expect(content).not.toMatch(/@everyone|\*\*free|https:\/\/evil|<@&/);
    }
  });

  it('link the full reference in angle brackets, so Discord adds no preview card under the answer', () => {
    for (const content of [noMatchText('x'), nearestPayload('se:pick:0:', 'x', [entry('auth:3')], 'private').content!]) {
      expect(content).toContain(`<${REFERENCE_URL}>`);
      expect(content.split(REFERENCE_URL).slice(0, -1).every((before) => before.endsWith('<'))).toBe(true);
    }
  });

  it('promise to post the pick only where it will be posted', () => {
    expect(pickerPayload('se:pick:0:', 'Several errors match', [entry('auth:3')], true).content).toContain('I will post it');
    expect(pickerPayload('se:pick:1:', 'Several errors match', [entry('auth:3')], false).content).not.toContain('I will post');
  });
});

describe('a fix addressed to a member', () => {
  it('names its sender only when a helper sent it for someone else', () => {
    expect(addressLine(entry('auth:3'), MEMBER, HELPER)).toBe(`<@${MEMBER}>, here is the fix for \`auth:3\` (sent by <@${HELPER}>).`);
    expect(addressLine(entry('auth:3'), MEMBER, MEMBER)).toBe(`<@${MEMBER}>, here is the fix for \`auth:3\`.`);
  });

  it('addresses the member even when no sender is named', () => {
    expect(addressedEntry(entry('auth:3'), [], MEMBER).content).toBe(`<@${MEMBER}>, here is the fix for \`auth:3\`.`);
    expect(addressedEntry(entry('auth:3'), []).content).toBeUndefined();
  });
});
