import { describe, expect, it } from 'vitest';
import { fold, identifierWords, phraseKey, sameNegations, tokenize, unspacedCharacters, withoutErrorCode, wordPairs } from '../../src/core/text.js';

describe('text', () => {
  it('counts the characters of scripts written without spaces, a Thai letter with its marks as one', () => {
    expect(unspacedCharacters('黑屏')).toBe(2);
    expect(unspacedCharacters('spotify 闪退了')).toBe(3);
    expect(unspacedCharacters('ไม่')).toBe(2);
    expect(unspacedCharacters('не работает')).toBe(0);
  });

  it('folds fullwidth forms, case, typographic dashes and quotes', () => {
    expect(fold('ＡＵＴＨ：３ – can’t')).toBe("auth:3 - can't");
    expect(tokenize('Error code: AUTH-3')).toEqual(['error', 'code', 'auth', '3']);
  });

  it('finds the words inside identifiers, alone and joined to the next', () => {
    expect(identifierWords('EMEError: navigator.requestMediaKeySystemAccess failed')).toEqual(
      expect.arrayContaining(['request', 'media', 'key', 'system', 'access', 'keysystem']),
    );
    expect(identifierWords('plain words and UPPER_CASE')).toEqual([]);
    expect(identifierWords('aB'.repeat(100), 64)).toHaveLength(64);
  });

  it('writes negations one way, so a message remembered in other words still matches', () => {
    expect(sameNegations(phraseKey('Spotify is unable to play this right now'))).toBe(sameNegations(phraseKey("Spotify can't play this right now")));
    expect(sameNegations(phraseKey('We could not connect'))).toBe(sameNegations(phraseKey("We couldn't connect")));
    expect(sameNegations(phraseKey('spotify cant play this right now'))).toBe(sameNegations(phraseKey("Spotify can't play this right now")));
    for (const [a, b] of [["doesn't match", 'does not match'], ['doesnt match', 'does not match'], ['wont play', "won't play"], ['will not play', "won't play"], ["isn't enabled", 'is not enabled'], ['isnt enabled', 'is not enabled']]) {
      expect(sameNegations(phraseKey(a!))).toBe(sameNegations(phraseKey(b!)));
    }
    // "was unable to" is "couldn't", and "is not able to" is "can't", before "unable to" and "is not" are read.
    expect(sameNegations(phraseKey('it was unable to connect'))).toBe('it couldn t connect');
    expect(sameNegations(phraseKey('it is not able to connect'))).toBe('it can t connect');
  });

  it('drops the error code the client appends to a message', () => {
    expect(withoutErrorCode('A firewall may be blocking Spotify. (Error code: accounts:103)')).toBe('A firewall may be blocking Spotify.');
  });

  it('pairs each word of a phrase with the next', () => {
    expect(wordPairs('a firewall may be')).toEqual(['a firewall', 'firewall may', 'may be']);
    expect(wordPairs('alone')).toEqual([]);
  });
});
