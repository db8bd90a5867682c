import { describe, expect, it } from 'vitest';
import { codesOf, detector, inHelp } from '../helpers.js';

describe('detector rules', () => {
  it('finds several codes in one message, in any written form', () => {
    expect(codesOf('first auth:1 then AUTH:2 and Error code：ａｕｔｈ：７３').sort()).toEqual(['auth:1', 'auth:2', 'auth:73']);
    expect(codesOf('Error code: auth : 73')).toEqual(['auth:73']);
  });

  it('ignores codes in URLs and in code about other programs', () => {
    expect(codesOf('see https://example.com/auth:3')).toEqual([]);
    expect(codesOf('```js\nconst x = { auth:1 };\n```')).toEqual([]);
    expect(codesOf('```\nError code: auth:3\n```')).toEqual(['auth:3']);
    // A line that opens with "Error:" is an error, not a key of someone's config.
    expect(codesOf('Error: auth:3')).toEqual(['auth:3']);
    expect(codesOf('it fails again\n  error: accounts:408 when I log in')).toEqual(['accounts:408']);
    expect(codesOf('retries: 3\nauth: 3')).toEqual([]);
  });

  it('reads the forms of codes people type: a space at the colon, the colon lost, a typo in the namespace', () => {
    expect(inHelp('Error code: acconts:408')).toEqual(['accounts:408']);
    expect(inHelp('got acconts:408 when logging in to spotify')).toEqual(['accounts:408']);
    expect(inHelp('spotify shows errors like accesspoint: 22')).toEqual(['accesspoint:22']);
    expect(inHelp('login error accespoint:39')).toEqual(['accesspoint:39']);
    expect(inHelp('Error code: accesspoint: 22')).toEqual(['accesspoint:22']);
    expect(inHelp('spotify error auth73')).toEqual(['auth:73']);
    // A space for the colon: a namespace no chat uses (accesspoint) alone, a short one right after an error label.
    expect(inHelp('accesspoint 22')).toEqual(['accesspoint:22']);
    expect(inHelp('login failed with error auth 3')).toEqual(['auth:3']);
    expect(inHelp('Error: auth 3')).toEqual(['auth:3']);
    expect(inHelp('Code: accounts:408')).toEqual(['accounts:408']);
    // Not codes: a short namespace with a space and no error label right before it, a config; and (only next to an
    // error word) a sentence's colon, a word with a number, a short namespace one letter off.
    for (const chat of [
      'see you in session 3',
      'I keep getting auth 3',
      'lesson: session 3 is on friday',
      'auth 2 factor',
      'I got an error in session 3',
      'the code for accounts 4',
      'Error: Discord login failed, session 3.',
      'code: 4000\nsession: 3',
      'i have 2 accounts: 4 are free',
      'spotify account: 4 devices max',
      'my spotify session: 3 hours then the error comes back',
      'spotify accounts: 4 total, she gets an error',
      // Before an error label, or with a hyphen for the colon: another service's, a ticket, a branch.
      'auth 2 error on my bank app',
      'the session 103 error report was late',
      'see jira ACCOUNTS-408 for details',
      'the auth-73 branch broke the build',
      'error: session-3 not found',
    ]) {
      expect(inHelp(chat), chat).toEqual([]);
    }
    expect(inHelp('spotify auth2 works now')).toEqual([]);
    expect(inHelp('oauth2 error in my app')).toEqual([]);
    // Where the channel is not Spotify's, only with Spotify named.
    expect(detector.detect('spotify: Error code: acconts:408').matches.map((m) => m.entry.code)).toEqual(['accounts:408']);
    expect(detector.detect('Error code: acconts:408').matches).toEqual([]);
  });

  it('answers a code that lost its namespace with every entry of that number, only in Spotify’s context', () => {
    const detectInHelp = (t: string) => detector.detect(t, { assumeSpotify: true });
    expect(detectInHelp('it refuses with a red message: error code 3').ambiguous?.candidates.map((e) => e.code).sort()).toEqual(['accounts:3', 'auth:3', 'session:3']);
    expect(detector.detect('spotify shows error code: 103').ambiguous?.candidates.map((e) => e.code).sort()).toEqual(['accounts:103', 'session:103']);
    expect(detector.detect('my router shows error code 3')).toEqual({ matches: [] });
    expect(detectInHelp('steam says error code 3, spotify is fine').ambiguous).toBeUndefined();
    // Typed without "code" ("error 103", "ошибки 103"): only a number no HTTP error status or shell exit status is.
    expect(detectInHelp('it shows error 103 again').ambiguous?.candidates.map((e) => e.code).sort()).toEqual(['accounts:103', 'session:103']);
    expect(detectInHelp('опять ошибка 103').ambiguous?.candidates).toHaveLength(2);
    // Words said of any of them ("after the update", "on windows", "can't log in") do not pick one: the answer lists them.
    for (const listed of ['error code 3 after the update', 'error code 4 on windows', "I can't log in because of error 103"]) {
      expect(detectInHelp(listed).matches, listed).toEqual([]);
      expect(detectInHelp(listed).ambiguous?.candidates.length, listed).toBeGreaterThan(1);
    }
    for (const other of [
      'error 403 when I click a song',
      'it says error 408 at login',
      'Error 408 Request Timeout when loading the web player',
      'Error 407: Proxy Authentication Required',
      'spotify build: make: *** [all] Error 127',
      'spotify: connection error 127.0.0.1 refused',
      'error 103.5 on the radio',
      'error 12 on level 3',
      'Steam error 103',
      'error 3 again',
    ]) {
      expect(detectInHelp(other), other).toEqual({ matches: [] });
    }
    // In a traceback the number is the printing program's (here Spotify's Android SDK), not the client's.
    const sdk = 'com.spotify.sdk.android.player.NativeSpotifyException: Failed SpPlayUri with error code 1\n    at com.spotify.sdk.android.player.SpotifyPlayer.play(SpotifyPlayer.java:12)';
    expect(detectInHelp(sdk)).toEqual({ matches: [] });
    expect(detectInHelp('spotify shows error code 1 when it starts').matches.map((m) => m.entry.code)).toEqual(['auth:1']);
    // A retyped code in a log-looking line is still the client's.
    for (const retyped of ['Spotify won\'t log in.\nError: error code 1', '[Error] Spotify login failed, error code 1']) {
      expect(detectInHelp(retyped).matches.map((m) => m.entry.code), retyped).toEqual(['auth:1']);
    }
  });

  it('reads a number that lost its namespace only where the text shows no whole code', () => {
    // Beside a whole code, a bare "error code: 409" is not read as a second error.
    expect(codesOf('spotify auth:3, later error code: 409')).toEqual(['auth:3']);
    expect(codesOf('Spotify shows Error code: auth:73. Also error code 403')).toEqual(['auth:73']);
    expect(codesOf('spotify later error code: 409')).toEqual(['accounts:409']);
  });

  it('tolerates OCR confusions only inside code-shaped tokens, and only for documented codes', () => {
    const ocr = (t: string) => detector.detect(t, { ocr: true }).matches.map((m) => m.entry.code);
    expect(ocr('Error code: auth:7A')).toEqual([]); // read as auth:74, which is not documented
    expect(ocr('(Error code: accounts : 1O3)')).toEqual(['accounts:103']);
    expect(ocr('Error code: auth:7З')).toEqual([]);
    expect(ocr('(Error code: auth:l)')).toEqual(['auth:1']);
    expect(codesOf('(Error code: accounts : 1O3)')).toEqual([]);
    expect(ocr('the access point 17 on floor 2 is down')).toEqual([]);
  });
});
