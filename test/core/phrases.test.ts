import { describe, expect, it } from 'vitest';
import { phraseTooCommon } from '../../src/core/phrases.js';
import { sharedLookup } from '../helpers.js';

describe('server phrases', () => {
  it('refuse wording too common to mean one error', () => {
    for (const phrase of ['the', 'a b', 'spotify error', 'it doesnt work', 'I get an error code']) expect(phraseTooCommon(phrase), phrase).toBe(true);
    for (const phrase of ['purple spinner', 'stuck on the login spinner', 'pantalla negra']) expect(phraseTooCommon(phrase), phrase).toBe(false);
  });

  it('match whole words only, in detection and search', () => {
    const { detector } = sharedLookup();
    const phrases = [{ phrase: 'the', code: 'auth:3' }];
    for (const text of ['another day', 'them apples', 'bathe the cat']) {
      const found = detector.detect(text, { phrases }).matches.map((m) => m.entry.code);
      expect(found, text).toEqual(text === 'bathe the cat' ? ['auth:3'] : []);
    }
    const spinner = [{ phrase: 'purple spinner', code: 'desktop_login_accounts:2' }];
    expect(detector.detect('stuck on the purple spinner again', { phrases: spinner }).matches[0]?.entry.code).toBe('desktop_login_accounts:2');
    expect(detector.detect('purple spinners are pretty', { phrases: spinner }).matches).toEqual([]);
    expect(sharedLookup().search('purple spinners are pretty', spinner).some((r) => r.match === 'phrase')).toBe(false);
  });
});
