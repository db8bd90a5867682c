import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import positives from '../../fixtures/chat-positive.json' with { type: 'json' };
import { codesOf, detector } from './helpers.js';

const negatives = readFileSync(new URL('../../fixtures/chat-negative.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => line.replace(/\\n/g, '\n'));

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

  it('does not take the macOS installer alert\'s title ("Installation Failed") for words that tell its errors apart', () => {
    const dialog = 'Installation Failed\nAn error occurred while trying to install Spotify.\nTry Again';
    for (const read of [detector.detect(dialog), detector.detect(dialog, { ocr: true })]) {
      expect(read.matches).toEqual([]);
      expect(read.ambiguous?.candidates.map((e) => e.code)).toEqual(['com.spotify.installer −4', 'com.spotify.installer (generic)']);
    }
    // What the member adds still can.
    expect(codesOf(`${dialog}\nI typed the wrong admin password`)).toEqual(['com.spotify.installer −4']);
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

  it('rejects ordinary chat with the prefilter alone', () => {
    expect(detector.mightContainError('meet at 3:30 by the station')).toBe(false);
    expect(detector.mightContainError('we won 3:1 last night')).toBe(false);
    expect(detector.mightContainError('Error code: auth:73')).toBe(true);
  });

  it('lets through to the full read only the chat where a server phrase\'s opening words stand whole, of any script', () => {
    const phrases = [
      { phrase: 'the purple spinner of doom', code: 'auth:3' },
      { phrase: 'sigh', code: 'auth:3' },
      { phrase: '登录失败', code: 'auth:3' },
    ];
    const might = (text: string) => detector.mightContainError(text, { phrases });
    expect(might('Spotify shows THE Purple   Spinner again')).toBe(true);
    expect(might('the purple, spinner')).toBe(true);
    expect(might('the purple mountain spinner')).toBe(false);
    expect(might('another purple spinner')).toBe(false);
    expect(might('sighs all round')).toBe(false);
    expect(might('spotify 无法登录失败了')).toBe(true);
    expect(might('登录')).toBe(false);
    expect(detector.mightContainError('Spotify shows the purple spinner', { phrases: [] })).toBe(false);
  });
});
