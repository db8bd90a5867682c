import { describe, expect, it } from 'vitest';
import { shownCodes } from '../../../helpers.js';
import { codesOf, detector, inHelp } from '../helpers.js';

describe('detector rules', () => {
  it('needs context for short displayed messages any app could show', () => {
    expect(codesOf('Account disabled.')).toEqual([]);
    expect(codesOf('spotify: Account disabled.')).toEqual(['accounts:403']);
    expect(codesOf('Use of this device is not enabled for your account.')).toEqual(['accounts:406']);
  });

  it("reads no message where the reference only describes what Spotify shows (its parenthesised notes)", () => {
    // "(Opens an audio format negotiation dialog.)", "(Forced update modal — …)": a member describing them is no pasted error.
    for (const described of ['spotify opens an audio format negotiation dialog', 'Spotify shows a forced update modal and playback is blocked until you update']) {
      expect(codesOf(described), described).toEqual([]);
      expect(inHelp(described), described).toEqual([]);
    }
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

  it('never reads another program named where a message opens with "Spotify" as that message in OCR text', () => {
    const ocr = (t: string) => detector.detect(t, { ocr: true }).matches.map((m) => m.entry.code);
    const region = 'can\u2019t play this track in your region. If you have the file on your computer you can import it.';
    expect(ocr(`Spotify ${region}`)).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
    expect(ocr(`b Spotify ${region}\n= =`)).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
    // The run of matching words may start after the message's first words (OCR clips "Spotify" to "Spc"), never after another program's name.
    expect(ocr(`l Spc cant t play this track in your region. If you have the file on your computer you can import it.`)).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
    for (const other of ['Discord', 'Apple Music', 'YouTube']) {
      expect(ocr(`${other} ${region}`), other).toEqual([]);
      expect(detector.detect(`${other} ${region}`, { ocr: true, assumeSpotify: true }).matches, other).toEqual([]);
    }
  });

  it('reads a typed message that opens with "Spotify" pasted with the app\'s file name in its place (Spotify.app, Spotify.exe)', () => {
    const region = 'can\u2019t play this track in your region.';
    for (const name of ['Spotify.app', 'Spotify.exe', 'spotify.APP']) {
      expect(codesOf(`${name} ${region}`), name).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
      expect(codesOf(`it says ${name} ${region} If you have the file on your computer you can import it.`), name).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
    }
    expect(codesOf(`I run Spotify.app. Spotify.app ${region}`)).toEqual(['NOT_AVAILABLE_IN_CURRENT_REGION']);
    // A file of another name is not the app ("SpotifyUpdate.exe" is its updater), nor is another program's.
    expect(codesOf(`SpotifyUpdate.exe ${region}`)).toEqual([]);
    expect(codesOf(`Music.app ${region}`)).toEqual([]);
  });

  it('reads a macOS installer dialog as its own message, not as the installer messages one word off it', () => {
    const read = (t: string) => {
      const { matches, ambiguous } = detector.detect(t, { ocr: true });
      return [...matches.map((m) => m.entry.code), ...(ambiguous?.candidates.map((e) => e.code) ?? [])];
    };
    expect(read('An error occurred while trying to extract Spotify.\nTry Again')).toEqual(['com.spotify.installer −2']);
    expect(read('An error occurred while trying to install Spotify.\nTry Again')).toEqual(['com.spotify.installer −4', 'com.spotify.installer (generic)']);
    // A garbled word is read as one message, not as every message it is one word off.
    expect(read('An error occurred while trying to downlaod Spotify.')).toEqual(['com.spotify.installer −1']);
  });

  it('reads a dialog whose first sentence several errors share by its whole message, a word of its second sentence garbled', () => {
    const read = (t: string) => {
      const { matches, ambiguous } = detector.detect(t, { ocr: true });
      return [...matches.map((m) => m.entry.code), ...(ambiguous?.candidates.map((e) => e.code) ?? [])];
    };
    // The first sentence alone is accounts:53–55's too; the second says it is accesspoint:50.
    expect(read('Your internet network is blocking Spotify.\nContact your netwrk administrator.')).toEqual(['accesspoint:50']);
    // The second sentence is not NOT_AVAILABLE_IN_NON_PREMIUM's, whose message is the first sentence alone.
    expect(read("Spotify can't play this right now.\nIf you have the flle on your computer you can import it.")).toEqual([
      'FRAGMENT_REQUEST_FAILED_WITH_STATUS',
      'ONE_TRACK_UNPLAYABLE (playback dispatcher)',
    ]);
  });
});
