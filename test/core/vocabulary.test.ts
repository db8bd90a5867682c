import { describe, expect, it } from 'vitest';
import { oneEditApart, Vocabulary } from '../../src/core/vocabulary.js';

describe('oneEditApart', () => {
  it.each([
    ['firewall', 'firewal', true],
    ['firewal', 'firewall', true],
    ['firewall', 'firewell', true],
    ['firewall', 'fierwall', true],
    ['login', 'logni', true],
    ['proxy', 'xproxy', true],
    ['nope', 'open', false],
    ['hello', 'shell', false],
    ['lmao', 'maco', false],
    ['firewall', 'firewall', false],
    ['firewall', 'firewa', false],
    ['abcd', 'badc', false],
  ])('%s and %s: %s', (a, b, apart) => {
    expect(oneEditApart(a, b)).toBe(apart);
  });
});

describe('Vocabulary', () => {
  const vocabulary = new Vocabulary(['open', 'none', 'shell', 'firewall', 'installer', 'auth', '443']);

  it('finds the words one edit away from a typo', () => {
    expect(vocabulary.oneEditAway('firewal')).toEqual(['firewall']);
    expect(vocabulary.oneEditAway('fierwall')).toEqual(['firewall']);
    expect(vocabulary.oneEditAway('instaler')).toEqual(['installer']);
  });

  it('does not take words two edits away whose deletions meet', () => {
    expect(vocabulary.oneEditAway('nope')).toEqual(['none']);
    expect(vocabulary.oneEditAway('hello')).toEqual([]);
  });

  it('has no typos for short tokens or numbers, and prefixes from three characters', () => {
    expect(vocabulary.oneEditAway('aut')).toEqual([]);
    expect(vocabulary.oneEditAway('444')).toEqual([]);
    expect(vocabulary.withPrefix('ins')).toEqual(['installer']);
    expect(vocabulary.withPrefix('in')).toEqual([]);
  });
});
