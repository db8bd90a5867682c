import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import positives from '../../fixtures/chat-positive.json' with { type: 'json' };
import { detectedCodes, sharedLookup, shownCodes } from '../../helpers.js';

const detector = sharedLookup().detector;
const negatives = readFileSync(new URL('../../fixtures/chat-negative.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => line.replace(/\\n/g, '\n'));

const codesOf = (text: string) => detectedCodes(text);
/** As in a channel a server chose for Spotify help. */
const inHelp = (text: string) => detectedCodes(text, { assumeSpotify: true });

interface Positive {
  text: string;
  codes: string[];
  ambiguous?: boolean;
}

function answersCorrectly(p: Positive): boolean {
  const detection = detector.detect(p.text);
  const got = detection.matches.map((m) => m.entry.code).sort();
  const want = [...p.codes].sort();
  if (!p.ambiguous) return JSON.stringify(got) === JSON.stringify(want);
  const offered = detection.ambiguous?.candidates.map((e) => e.code).sort();
  return JSON.stringify(offered) === JSON.stringify(want) || (got.length === 1 && want.includes(got[0]!));
}

describe('detector fixtures', () => {
  it('has enough examples', () => {
    expect(negatives.length).toBeGreaterThanOrEqual(150);
    expect(positives.length).toBeGreaterThanOrEqual(60);
  });

  it('stays silent on ordinary and tricky chat, and answers pasted errors (precision and recall)', () => {
    const falsePositives = negatives.filter((t) => {
      const d = detector.detect(t);
      return d.matches.length > 0 || d.ambiguous !== undefined;
    });
    const missed = (positives as Positive[]).filter((p) => !answersCorrectly(p));
    const truePositives = positives.length - missed.length;
    const precision = truePositives / (truePositives + falsePositives.length);
    const recall = truePositives / positives.length;
    console.log(
      `detector: precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}% ` +
        `(${negatives.length} chat messages, ${positives.length} pasted errors)`,
    );
    expect(falsePositives).toEqual([]);
    expect(missed.map((p) => p.text)).toEqual([]);
  });
});

describe('detector rules', () => {
  it('finds several codes in one message, in any written form', () => {
    expect(codesOf('first auth:1 then AUTH:2 and Error code：ａｕｔｈ：７３').sort()).toEqual(['auth:1', 'auth:2', 'auth:73']);
    expect(codesOf('Error code: auth : 73')).toEqual(['auth:73']);
  });

  it('answers generic tokens only next to Spotify, never next to another program', () => {
    expect(codesOf('spotify installer error 18')).toEqual(['Installer error 18']);
    expect(codesOf('installer error 18')).toEqual([]);
    expect(codesOf('steam error 18 and spotify works fine')).toEqual([]);
    expect(codesOf('spotify works but steam gives error code 18')).toEqual([]);
    // "Error 17" is how people name accesspoint:17; a 17 while installing or updating is another error.
    expect(codesOf('Spotify Error 17')).toEqual(['accesspoint:17']);
    expect(codesOf('spotify error 17 when installing')).toEqual([]);
    expect(codesOf('spotify web api returns status 429')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('spotify wrapped top artist: 429 minutes')).toEqual([]);
    // A status is what a program gets or returns, and a rate limit is the 429's own name.
    for (const said of ['the spotify api keeps returning 429s', 'with spotipy I get a 429 every hour', 'spotify said it reached the rate limit', 'Spotify 429 rate limit wall']) {
      expect(codesOf(said), said).toEqual(['HTTP 429 — Too Many Requests']);
    }
    for (const other of ['spotify is fine, github returned 429s', 'I got 429 songs on spotify', 'discord rate limited my spotify bot']) expect(codesOf(other), other).toEqual([]);
    // spotipy's exception text names Spotify; its reason names the status the server really sent.
    const spotipy = (reason: string) => `Setup failed: http status: 429, code:-1 - /v1/me/: Max Retries, reason: too many ${reason} error responses`;
    expect(codesOf(spotipy('429'))).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf(spotipy('500'))).toEqual([]);
    // spotDL reads Spotify's API for metadata (its 429s are Spotify's) but downloads from YouTube.
    expect(codesOf('spotdl: spotipy says HTTP Error 429: Too Many Requests')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('ERROR: HTTP Error 429: Too Many Requests\n  File "/usr/lib/python3/dist-packages/spotdl/downloader.py", line 212')).toEqual([]);
    // In a help channel a pasted error body is Spotify's in Spotify's format, not in another web API's.
    const inHelp = (t: string) => detector.detect(t, { assumeSpotify: true }).matches.map((m) => m.entry.code);
    expect(inHelp('{"error": {"status": 429, "message": "API rate limit exceeded"}}')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(inHelp('{"error": {"status": 429, "message": "API rate limit exceeded"}}\n{"errors": []}')).toEqual(['HTTP 429 — Too Many Requests']);
    for (const other of ['StatusCodeError: 429 - {"errors":[{"message":"Rate limit exceeded","code":88}]}', '{"error": 29, "message": "Rate Limit Exceeded - Too many scrobbles"}', '403 {"message": "API rate limit exceeded", "documentation_url": "https://docs.example.com"}', 'Error\n{\n  "message": "API rate limit exceeded for 203.0.113.9. (But here\'s the good news: Authenticated requests get a higher rate limit.']) {
      expect(inHelp(other), other).toEqual([]);
    }
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

  it('needs context for short displayed messages any app could show', () => {
    expect(codesOf('Account disabled.')).toEqual([]);
    expect(codesOf('spotify: Account disabled.')).toEqual(['accounts:403']);
    expect(codesOf('Use of this device is not enabled for your account.')).toEqual(['accounts:406']);
  });

  it('reads a generic message a member quotes after "Error:", but not in a log that prints it', () => {
    for (const text of ['Error: Playback of protected content is not enabled.', 'error: "Playback of protected content is not enabled"', 'ERROR Playback of protected content is not enabled.']) {
      expect(inHelp(text), text).toEqual(['EME_NO_SUPPORTED_KEYSYSTEM']);
    }
    // A logger's bracketed level, or several levelled lines: a program printing, not Spotify's dialog.
    expect(inHelp('[error] Playback of protected content is not enabled.')).toEqual([]);
    expect(inHelp('warning: codec missing\nerror: Playback of protected content is not enabled.')).toEqual([]);
  });

  it('reads a short or first-sentence generic message only where its sentence ends', () => {
    expect(inHelp('Spotify shows: Something went wrong.')).toEqual(['fatal-error / error.generic']);
    expect(inHelp('it says "Something went wrong" and nothing else')).toEqual(['fatal-error / error.generic']);
    expect(inHelp('every time I log in I get a Something went wrong error')).toEqual([]);
    // A question about a short message does not show it.
    expect(inHelp("My friend's account disabled?")).toEqual([]);
    expect(inHelp('Error\nSomething went wrong, please try again or check out our help area')).toEqual([]);
    expect(inHelp('the page says An error occurred.')).toEqual(['fatal-error / error.generic']);
    expect(inHelp('An error occurred while installing')).toEqual([]);
  });

  it('reads a displayed message with its negation written another way (cant, cannot, unable to, doesn\'t, isnt, will not)', () => {
    const shown = (t: string) => shownCodes(t);
    expect(shown('Error; Spotify cant Play this right now. If you have the file on your computer you can import it.')).toEqual([
      'FRAGMENT_REQUEST_FAILED_WITH_STATUS',
      'ONE_TRACK_UNPLAYABLE (playback dispatcher)',
    ]);
    expect(shown('spotify: Sorry, we cannot connect to this device')).toEqual(['connect.device-picker (restricted / unsupported)']);
    expect(shown('Spotify is unable to play this right now')).toEqual(shown("Spotify can't play this right now"));
    expect(shown('Spotify: Sorry, we are not able to connect to this device')).toEqual(['connect.device-picker (restricted / unsupported)']);
    // The client writes some negations in full ("does not match"), others contracted ("won't play"); a first
    // sentence that must end where the message's does ends there in any written form of its negation.
    for (const [typed, code] of [
      ["Spotify: Your country doesn't match the one set in your profile.", 'accounts:408'],
      ['spotify says your country doesnt match the one set in your profile', 'accounts:408'],
      ["Spotify: Playback of protected content isn't enabled.", 'EME_NO_SUPPORTED_KEYSYSTEM'],
      ['Spotify: Use of this device isnt enabled for your account.', 'accounts:406'],
      ['Spotify: Exclusive mode is on, so this content wont play', 'Exclusive mode playback failure'],
      ['Spotify: Exclusive mode is on, so this content will not play.', 'Exclusive mode playback failure'],
    ]) {
      expect(shown(typed!), typed).toEqual([code]);
    }
    // The opposite is not the message.
    expect(shown('Spotify: your country does match the one set in your profile')).toEqual([]);
  });

  it('reads the reason of a labelled message alone ("No active device found"), as libraries print it', () => {
    expect(inHelp('my watch says “no active device found” although Spotify is open')).toEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
    // Two words are too common a phrase to stand alone.
    expect(inHelp('is premium required for this?')).toEqual([]);
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

  it('reads a typed displayed message with one word misspelt, five words or more', () => {
    const shown = (t: string) => shownCodes(t, { assumeSpotify: true });
    expect(shown('a firewall may be blockng Spotify')).toEqual(shown('a firewall may be blocking Spotify'));
    expect(shown('a firewall may be blockng Spotify')).toHaveLength(7);
    expect(shown('Your session has been termnated')).toEqual(['accounts:127']);
    // Two words wrong, or a short message, is not the message.
    expect(shown('a firewall may be blockng Spotfy')).toEqual([]);
    expect(shown('No internet conection detected')).toEqual([]);
  });

  it('reads a typed displayed message with one word off (six words or more): left out, a function word for another, one added', () => {
    const shown = (t: string) => shownCodes(t, { assumeSpotify: true });
    const firewall = shown('A firewall may be blocking Spotify');
    expect(shown('it said a firewall may be blocking spotify here')).toEqual(firewall);
    expect(shown('a firewall may be be blocking Spotify')).toEqual(firewall);
    expect(shown('it says a firewall may be blocking my Spotify')).toEqual(firewall);
    const cantPlay = shown("Spotify can't play this right now");
    expect(cantPlay).toHaveLength(3);
    expect(shown("it says Spotify can't play this now")).toEqual(cantPlay);
    expect(shown('then: spotify cannot play that right now')).toEqual(cantPlay);
    expect(shown('then: Your country does not match the one in your profile.')).toEqual(['accounts:408']);
    expect(shown('Your country does not match the one set in my profile')).toEqual(['accounts:408']);
    // Never "spotify" itself, never a negation: another program's firewall, or the message's opposite.
    expect(shown('A firewall may be blocking Steam')).toEqual([]);
    expect(shown('A firewall may be blocking Steam, Spotify works fine though')).toEqual([]);
    expect(shown('Your country does match the one set in your profile')).toEqual([]);
    expect(shown('Your country does now match the one set in your profile')).toEqual([]);
    expect(shown('a firewall may not be blocking Spotify')).toEqual([]);
    // Not the last word (the rest would be a prefix of anything), and no word that tells messages apart.
    for (const other of ['the username or password is correct', 'playback of protected content is not disabled', "sorry, we can't connect to this printer"]) {
      expect(shown(other), other).toEqual([]);
    }
    for (const other of ['please turn off airplane mode and try again', 'an error occurred while trying to play spotify songs']) {
      expect(shown(other), other).toEqual([]);
    }
    // Two words off, or a message of five words, is not the message.
    expect(shown('a firewall may be stopping my Spotify')).toEqual([]);
    expect(shown('Your session has now terminated')).toEqual([]);
  });

  it('drops generic wording when the text shows a more specific error (a dialog titled "Something went wrong")', () => {
    expect(codesOf('Spotify\nSomething went wrong.')).toEqual(['fatal-error / error.generic']);
    expect(codesOf('Something went wrong.\nhttp status: 404 - https://api.spotify.com/v1/me/player/queue')).toEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
  });

  it('reads wording that a line break splits (wrapped logs, text read from an image)', () => {
    expect(codesOf('spotify web api: Too many\nrequests')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('WARNING:root: Your application has reached a rate/request\nlimit. Retry will occur after: None')).toEqual([]);
    expect(detector.detect('WARNING:root: Your application has reached a rate/request\nlimit.', { assumeSpotify: true }).matches.map((m) => m.entry.code)).toEqual([
      'HTTP 429 — Too Many Requests',
    ]);
  });

  it('picks the entry the rest of the message supports, or lists the candidates', () => {
    expect(codesOf('A firewall may be blocking Spotify. happens when I log in through the browser')).toEqual(['session:103']);
    const plain = detector.detect('A firewall may be blocking Spotify.');
    expect(plain.matches).toEqual([]);
    expect(plain.ambiguous?.candidates).toHaveLength(7);
  });

  it('answers a dialog by its code alone when the code is of an entry that shows its message, and by what a number and a message have in common', () => {
    const inHelp = (t: string) => detector.detect(t, { assumeSpotify: true });
    // The whole firewall dialog is written down for auth:3 only; its code says it is Error 30's.
    expect(codesOf('Spotify\nA firewall may be blocking Spotify. Please update your firewall to allow Spotify.\nError code: 30')).toEqual(['Error 30']);
    // "Error code: 4" ends accounts:4 and desktop_login_accounts:4; "No internet connection detected." is accounts:4's and accesspoint:31's.
    expect(inHelp('Spotify\nNo internet connection detected. (error code: 4)').matches.map((m) => m.entry.code)).toEqual(['accounts:4']);
    const narrowed = inHelp('Login failed\nThe username or password is incorrect. error code 3');
    expect(narrowed.ambiguous?.candidates.map((e) => e.code).sort()).toEqual(['accounts:3', 'session:3']);
    // A message all the number's entries show keeps the number's list: the rest of the text does not pick another of the message's.
    const firewall103 = inHelp('A firewall may be blocking Spotify. Error code: 103. I removed the spotify lines from the hosts file');
    expect(firewall103.matches).toEqual([]);
    expect(firewall103.ambiguous?.candidates.map((e) => e.code).sort()).toEqual(['accounts:103', 'session:103']);
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

  it('answers symptoms only from words, and only where the text names Spotify', () => {
    const symptoms = (t: string) => detector.detect(t, { assumeSpotify: true, symptomMode: true }).matches.map((m) => m.entry.code);
    // Codes and messages search would find are the other rules' to judge.
    for (const chat of ['the bus number is 17', '429 people showed up to the concert', 'const config = { auth:1, retries:3 };', 'error 404 page not found']) {
      expect(symptoms(chat), chat).toEqual([]);
    }
    // A help channel alone does not make a description Spotify's.
    for (const chat of ['my token expired', 'the firewall at school blocks everything', 'installer is unable to install, files in use, visual studio']) {
      expect(symptoms(chat), chat).toEqual([]);
    }
    expect(symptoms('spotify installer says the files are in use by another process')).toEqual(['Installer error 18']);
  });

  it('answers server phrases, and symptoms only when a server opts in', () => {
    const phrases = [{ phrase: 'stuck on the login spinner', code: 'desktop_login_accounts:2' }];
    expect(detector.detect('I am stuck on the login spinner', { phrases }).matches[0]!.entry.code).toBe('desktop_login_accounts:2');
    const symptom = 'spotify installer says the files are in use by another process';
    expect(detector.detect(symptom).matches).toEqual([]);
    expect(detector.detect(symptom, { symptomMode: true }).matches[0]?.entry.code).toBe('Installer error 18');
    // Below the high bar, symptom mode still stays silent.
    expect(detector.detect('spotify wont play anything today', { symptomMode: true }).matches).toEqual([]);
    // Never on one telling word of the text, as for a direct answer to the slash command.
    for (const chat of ['spotify connect is so good', 'where is the devices menu in spotify', 'spotify clock']) {
      expect(detector.detect(chat, { symptomMode: true }).matches, chat).toEqual([]);
    }
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

  it("reads a screenshot of Spotify's window as Spotify's, by the names only its window shows", () => {
    const ocr = (t: string) => detector.detect(t, { ocr: true }).matches.map((m) => m.entry.code);
    const dialog = 'Something went wrong\nSomething went wrong.\nCLOSE';
    expect(ocr(dialog)).toEqual([]);
    expect(ocr(`Home\nSearch\nLiked Songs\nDiscover Weekly\n${dialog}`)).toEqual(['fatal-error / error.generic']);
    expect(ocr(`Home\nSearch\nDaily Mix 1\n${dialog}`)).toEqual(['fatal-error / error.generic']);
    // Other players have a library, liked songs and mixes made for you too; typed text is not a window.
    expect(ocr(`Home\nSearch\nYour Library\nLiked Songs\nMade For You\n${dialog}`)).toEqual([]);
    expect(codesOf(`my discover weekly is gone. ${dialog}`)).toEqual([]);
  });

  it('finds long displayed messages in OCR text despite a clipped letter or a garbled word, never short ones', () => {
    const ocr = (t: string) => detector.detect(t, { ocr: true }).matches.map((m) => m.entry.code);
    expect(ocr('Country mismatch\nour country does not match the one set in your profile.')).toEqual(['accounts:408']);
    expect(ocr('Country mismatch\nfour country does not match the one set in oe profile.\nCLOSE')).toEqual(['accounts:408']);
    expect(ocr('Can’t log in\nUse of this device is not enabled for yaur account.')).toEqual(['accounts:406']);
    // Pasted text gets no such leeway.
    expect(codesOf('four country does not match the one set in oe profile')).toEqual([]);
    // Too many words missing, or the words out of place: not the message.
    expect(ocr('your country does not have the settings in this profile')).toEqual([]);
    expect(ocr('match the one set: your profile, your country, does not matter')).toEqual([]);
    // Short messages and "spotify" itself are never guessed.
    const discord = detector.detect('Discord\nUpdate failed\nA firewall may be blocking Discord.', { ocr: true });
    expect(discord).toEqual({ matches: [] });
    expect(ocr('Your internet network is blocking Spotfy. Contact your network administrator.')).toEqual([]);
  });

  it('rejects ordinary chat with the prefilter alone', () => {
    expect(detector.mightContainError('meet at 3:30 by the station')).toBe(false);
    expect(detector.mightContainError('we won 3:1 last night')).toBe(false);
    expect(detector.mightContainError('Error code: auth:73')).toBe(true);
  });
});
