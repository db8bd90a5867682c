import { beforeAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answers/answerer.js';
import { sharedLookup } from '../helpers.js';
import { ask, codes, fakeReader, image } from './fakes.js';

let answerer: Answerer;
let reads: string[];
beforeAll(async () => {
  const fake = await fakeReader();
  answerer = new Answerer(sharedLookup(), fake.reader);
  reads = fake.reads;
});

describe('answering: /spotify-error', () => {
  it('answers a pasted code as such, a description by search, offers close ones, and misses the rest', async () => {
    expect(await answerer.answer(ask('slash', 'auth:3'))).toMatchObject({ kind: 'entries', by: 'detection', source: 'text' });
    expect(await answerer.answer(ask('slash', 'spotify says my country does not match my profile'))).toMatchObject({ kind: 'entries', by: 'search' });
    expect(codes(await answerer.answer(ask('slash', 'Error code: accounts:408')))).toEqual(['accounts:408']);
    expect((await answerer.answer(ask('slash', 'spotify problem'))).kind).toMatch(/choices|none/);
    expect(await answerer.answer(ask('slash', 'my cat knocked over the router'))).toMatchObject({ kind: 'none' });
  });

  it('answers a description, a code and a quoted message whatever platform the text names', async () => {
    const described = 'spotify web player will not play, it says to enable protected content';
    expect(codes(await answerer.answer(ask('slash', `${described} on my macbook`)))).toEqual(codes(await answerer.answer(ask('slash', described))));
    for (const way of ['slash', 'auto'] as const) {
      // The message a member sees is the surest evidence, though the reference lists it for Windows alone.
      expect(codes(await answerer.answer(ask(way, 'No internet connection detected. Spotify on my macbook', { helpChannel: true }))), way).toContain('accounts:4');
    }
    expect(codes(await answerer.answer(ask('auto', 'spotify shows auth:73 on my mac', { helpChannel: true })))).toEqual(['auth:73']);
  });

  it('answers the screenshot first, and the query when the image shows no error', async () => {
    const shot = await answerer.answer(ask('slash', '', { images: [image('A firewall may be blocking Spotify. (Error code: accesspoint:39)')] }));
    expect(shot).toMatchObject({ kind: 'entries', source: 'screenshot', reading: { status: 'read' } });
    expect(codes(shot)).toEqual(['accesspoint:39']);
    const meme = await answerer.answer(ask('slash', 'auth:73', { images: [image('when the playlist hits')] }));
    expect(meme).toMatchObject({ kind: 'entries', source: 'text' });
    expect(codes(meme)).toEqual(['auth:73']);
    const nothing = await answerer.answer(ask('slash', '', { images: [image('when the playlist hits')] }));
    expect(nothing).toMatchObject({ kind: 'none', source: 'screenshot', reading: { text: 'when the playlist hits' } });
    expect(nothing).not.toHaveProperty('nearest');
  });

  it('offers the entries closest to what an image alone says when it shows no documented message, never answers one', async () => {
    // Another client version's wording: no displayed message of the reference, close to one.
    const older = image('Spotify\nThis song cannot currently be played.\nOK');
    for (const way of ['slash', 'mention'] as const) {
      const answer = await answerer.answer(ask(way, '', { images: [older] }));
      expect(answer).toMatchObject({ kind: 'none', source: 'screenshot', reading: { status: 'read' } });
      expect(answer.kind === 'none' && answer.nearest?.map((e) => e.code)).toContain('ONE_TRACK_UNPLAYABLE (playback dispatcher)');
    }
    // Posted unasked, it is not offered anything: automatic replies answer what an image shows, or stay silent.
    expect(await answerer.answer(ask('auto', '', { images: [older], helpChannel: true }))).not.toHaveProperty('nearest');
  });
});

describe('answering: what a forum greeting suggests', () => {
  const likely = (text: string) => answerer.likelyEntries(text, [], 0.3, 3).map((e) => e.code);
  it('suggests by the same decision as a slash query, and never one weak guess alone', () => {
    expect(likely('spotify says my country does not match my profile')).toEqual(['accounts:408']);
    expect(likely('spotify says premium only but I pay')).toEqual(['accounts:409', 'NOT_AVAILABLE_IN_NON_PREMIUM', 'HTTP 403 — PREMIUM_REQUIRED']);
    expect(likely('A firewall may be blocking Spotify')).toHaveLength(7);
    // Search's one candidate above the bar ("accounts:4" at 0.32) is no suggestion.
    expect(likely('spotify keeps stopping\nit just stops after a few seconds, any idea?')).toEqual([]);
    expect(likely('my cat knocked over the router')).toEqual([]);
    // A "did you mean" list with one candidate at or above the bar is no suggestion either.
    const decision = sharedLookup().answer('spotify login problem');
    const [best, next] = decision.kind === 'ambiguous' ? decision.candidates : [];
    expect(best!.score).toBeGreaterThan(next!.score);
    expect(answerer.likelyEntries('spotify login problem', [], best!.score, 3)).toEqual([]);
    expect(answerer.likelyEntries('spotify login problem', [], next!.score, 3).length).toBeGreaterThan(1);
  });
});

describe('answering: @mention', () => {
  it('reads the text as pasted, then its images, then searches', async () => {
    expect(await answerer.answer(ask('mention', 'it says Error code: auth:73'))).toMatchObject({ kind: 'entries', by: 'detection' });
    expect(await answerer.answer(ask('mention', 'spotify: The username or password is incorrect.'))).toMatchObject({ kind: 'group' });
    const fromImage = await answerer.answer(ask('mention', 'what is this?', { images: [image('Spotify Error code: accounts:406')] }));
    expect(fromImage).toMatchObject({ kind: 'entries', source: 'screenshot' });
    expect(await answerer.answer(ask('mention', 'Playback of protected content is not enabled'))).toMatchObject({ kind: 'entries' });
    expect(await answerer.answer(ask('mention', ''))).toMatchObject({ kind: 'none', source: 'text' });
  });

  it('says why an image alone was not read (too large, not a format it reads), instead of asking for the error as if none came', async () => {
    const wide = { ...image('Error code: auth:3', 'ultrawide.png'), width: 5120, height: 1440 };
    const heic = { ...image('Error code: auth:3', 'IMG_0001.HEIC'), contentType: 'image/heic' };
    for (const [file, reason] of [[wide, 'larger than 4096 × 4096 pixels'], [heic, 'not a PNG, JPEG or WebP image']] as const) {
      const asked = ask('mention', '', { images: [file] });
      const answer = await answerer.answer(asked);
      expect(answer).toMatchObject({ kind: 'none', source: 'screenshot', reading: { name: file.name, status: 'refused', reason } });
      expect(answerer.present(answer, asked, { askedBy: '2' })!.payload.content).toContain(`I could not read this image: ${reason}.`);
    }
    // A file that is no image is not called one: the member is asked for the error.
    const log = { ...image('', 'spotify.log'), contentType: 'text/plain' };
    expect(await answerer.answer(ask('mention', '', { images: [log] }))).toMatchObject({ kind: 'none', source: 'text' });
  });

  it('does not read images when the text already shows an error', async () => {
    const before = reads.length;
    await answerer.answer(ask('mention', 'Error code: auth:1', { images: [image('auth:3')] }));
    expect(reads.length).toBe(before);
  });
});

describe('answering: Send Spotify fix', () => {
  it('gives one clear error, or candidates with the reason there is no one answer', async () => {
    expect(codes(await answerer.answer(ask('context', 'I get Error code: accesspoint:22')))).toEqual(['accesspoint:22']);
    const several = await answerer.answer(ask('context', 'first auth:1 then auth:2'));
    expect(several).toMatchObject({ kind: 'choices', why: 'several' });
    expect(codes(several).slice(0, 2)).toEqual(['auth:1', 'auth:2']);
    const shared = await answerer.answer(ask('context', 'spotify says A firewall may be blocking Spotify.'));
    expect(shared).toMatchObject({ kind: 'choices', why: 'shared' });
    expect(codes(shared)).toContain('desktop_login_accounts:5');
    const unclear = await answerer.answer(ask('context', 'help please'));
    expect(unclear).toMatchObject({ kind: 'choices', why: 'unclear' });
    expect(codes(unclear)).toHaveLength(25);
  });

  it('offers the entries of a message several errors share that a screenshot alone shows, saying why', async () => {
    const answer = await answerer.answer(ask('context', '', { images: [image('A firewall may be blocking Spotify.')] }));
    expect(answer).toMatchObject({ kind: 'choices', why: 'shared', source: 'screenshot' });
    expect(codes(answer)).toContain('desktop_login_accounts:5');
  });

  it('tells the helper why the screenshot was not read when it is not an image it reads', async () => {
    const heic = { ...image('Error code: auth:3', 'IMG_0001.HEIC'), contentType: 'image/heic' };
    const asked = ask('context', '', { images: [heic] });
    const answer = await answerer.answer(asked);
    expect(answer).toMatchObject({ kind: 'choices', why: 'unclear', source: 'screenshot' });
    const audience = { askedBy: '2', target: { channelId: '3', messageId: '4', authorId: '5' } };
    expect(answerer.present(answer, asked, audience)!.payload.content).toContain('I could not read the screenshot: not a PNG, JPEG or WebP image.');
  });

  it('posts the one error a screenshot shows where the text quotes a message several errors share, as the other ways in do', async () => {
    const quoted = 'Spotify says: A firewall may be blocking Spotify.';
    const answer = await answerer.answer(ask('context', quoted, { images: [image('A firewall may be blocking Spotify. (Error code: accounts:103)')] }));
    expect(answer).toMatchObject({ kind: 'entries', source: 'screenshot' });
    expect(codes(answer)).toEqual(['accounts:103']);
    // A screenshot that tells nothing more leaves the helper the choice among the seven.
    const blank = await answerer.answer(ask('context', quoted, { images: [image('my desktop')] }));
    expect(blank).toMatchObject({ kind: 'choices', why: 'shared' });
  });
});

describe('answering: automatic replies', () => {
  it('answers pasted errors only, and descriptions only in symptom mode', async () => {
    expect(await answerer.answer(ask('auto', 'we won 3:1 last night'))).toMatchObject({ kind: 'none' });
    expect(await answerer.answer(ask('auto', 'GitHub returned 429 when I pushed'))).toMatchObject({ kind: 'none' });
    expect(codes(await answerer.answer(ask('auto', 'Error code: session:103')))).toEqual(['session:103']);
    const symptom = 'spotify says playback of protected content is not enabled in this browser';
    expect(await answerer.answer(ask('auto', 'my spotify desktop app keeps showing the region mismatch thing'))).toMatchObject({ kind: 'none' });
    expect((await answerer.answer(ask('auto', symptom, { symptomMode: true }))).kind).toBe('entries');
  });

  it('answers the one error a screenshot shows over the message several errors share that the text quotes', async () => {
    // The member typed the dialog's message and attached the dialog, whose code says which of the seven it is.
    const quoted = 'Spotify says: A firewall may be blocking Spotify.';
    for (const way of ['auto', 'forum'] as const) {
      const answer = await answerer.answer(ask(way, quoted, { helpChannel: true, images: [image('A firewall may be blocking Spotify. (Error code: accounts:103)')] }));
      expect(answer, way).toMatchObject({ kind: 'entries', source: 'screenshot' });
      expect(codes(answer), way).toEqual(['accounts:103']);
    }
    // A screenshot that tells nothing more leaves the text's answer.
    const blank = await answerer.answer(ask('auto', quoted, { helpChannel: true, images: [image('my desktop')] }));
    expect(blank).toMatchObject({ kind: 'group', source: 'text' });
  });

  it('answers a screenshot alone that shows a message several errors share with their group, the first such screenshot\'s', async () => {
    const firewall = image('A firewall may be blocking Spotify.');
    const answer = await answerer.answer(ask('auto', '', { helpChannel: true, images: [firewall, image('This app is restricted to Premium users only.')] }));
    expect(answer).toMatchObject({ kind: 'group', source: 'screenshot' });
    expect(codes(answer)).toHaveLength(7);
    expect(codes(answer)).toContain('desktop_login_accounts:5');
  });

  it('reads only the images the gate admits', async () => {
    const shots = [image('Error code: auth:1'), image('Error code: auth:2')];
    const before = reads.length;
    const answer = await answerer.answer(ask('auto', '', { images: shots, admitImages: (all) => all.slice(1) }));
    expect(codes(answer)).toEqual(['auth:2']);
    expect(reads.slice(before)).toEqual(['Error code: auth:2']);
    expect(await answerer.answer(ask('auto', '', { images: shots, admitImages: () => [] }))).toMatchObject({ kind: 'none' });
  });
});
