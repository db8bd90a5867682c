import { describe, expect, it } from 'vitest';
import { oneEditApart, Vocabulary } from '../../src/core/vocabulary.js';

describe('oneEditApart', () => {
  it.each([
    ['firewall', 'firewal'],
    ['firewal', 'firewall'],
    ['firewall', 'firewell'],
    ['firewall', 'fierwall'],
    ['login', 'logni'],
    ['proxy', 'xproxy'],
  ])('%s and %s are one edit apart', (a, b) => {
    expect(oneEditApart(a, b)).toBe(true);
  });

  it.each([
    ['nope', 'open'],
    ['hello', 'shell'],
    ['lmao', 'maco'],
    ['firewall', 'firewall'],
    ['firewall', 'firewa'],
    ['abcd', 'badc'],
  ])('%s and %s are not', (a, b) => {
    expect(oneEditApart(a, b)).toBe(false);
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
