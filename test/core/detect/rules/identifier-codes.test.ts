import { describe, expect, it } from 'vitest';
import { codesOf, inHelp } from '../helpers.js';

describe('detector rules', () => {
  it("reads the second edition's identifier codes: the macOS installer's as its alert and logs print them, the client's by name", () => {
    // A name that says Spotify answers anywhere, with its number (one the installer does not special-case is its
    // generic failure); the others are words any program prints, answered only where the text names Spotify.
    for (const [pasted, code] of [
      ['The operation couldn’t be completed. (com.spotify.installer error -3.)', 'com.spotify.installer −3'],
      ['Error Domain=com.spotify.installer Code=-2 "(null)"', 'com.spotify.installer −2'],
      ['spotify: com.spotify.installer error code -4', 'com.spotify.installer −4'],
      ['com.spotify.installer error -9', 'com.spotify.installer (generic)'],
      ['spotify installer error -1 on my mac', 'com.spotify.installer −1'],
      ['the spotify app shows fatal-error and a reload button', 'fatal-error / error.generic'],
      ['spotify: stuck on authorization-status', 'authorization-status (No connection)'],
    ]) {
      expect(codesOf(pasted!), pasted).toEqual([code]);
    }
    // Not codes, even in a help channel: the installer's name without a number (a process, a folder), words any
    // program prints without Spotify named, another program's, a path or a file name.
    for (const chat of [
      'is com.spotify.installer safe? my antivirus flagged it',
      'rm -rf ~/Library/Caches/com.spotify.installer fixed it',
      'installer error -1 on my mac',
      'windows installer error -2 when installing the nvidia driver',
      "t('error.generic') returns the key",
      'in swiftui I check authorization-status before asking for location',
      'spotify plays fine, npm ERR! fatal-error while building',
      'spotify is fine, open fatal-error.log',
      'a fatal-error-handler crashed, spotify too',
    ]) {
      expect(inHelp(chat), chat).toEqual([]);
    }
  });

  it('reads an installer code written with a typographic minus or dash, as the reference, the bot and smart punctuation write it', () => {
    // The entry's own code (U+2212 MINUS SIGN), an en dash from autocorrect, a fullwidth hyphen: all fold to "-".
    for (const [pasted, code] of [
      ['com.spotify.installer \u22121', 'com.spotify.installer \u22121'],
      ['my mac says (com.spotify.installer error \u20134.)', 'com.spotify.installer \u22124'],
      ['Error Domain=com.spotify.installer Code=\uff0d3', 'com.spotify.installer \u22123'],
      ['spotify installer error \u22122', 'com.spotify.installer \u22122'],
    ]) {
      expect(codesOf(pasted!), pasted).toEqual([code]);
    }
    expect(inHelp('installer error \u22121 on my mac')).toEqual([]);
  });
});
