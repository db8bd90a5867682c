import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answers/answerer.js';
import type { Answer, Ask, WayIn } from '../../src/answers/types.js';
import { DownloadError } from '../../src/images/download.js';
import type { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { pickId, viewId } from '../../src/render/custom-ids.js';
import { sharedLookup } from '../helpers.js';
import { fakeReader, image, tinyPng } from './fakes.js';

let answerer: Answerer;
let reads: string[];
beforeAll(async () => {
  const fake = await fakeReader();
  answerer = new Answerer(sharedLookup(), fake.reader);
  reads = fake.reads;
});

const ask = (way: WayIn, text: string, extra: Partial<Ask> = {}): Ask => ({ way, text, images: [], guildId: '1', phrases: [], ...extra });
const codes = (answer: Answer) =>
  answer.kind === 'entries' || answer.kind === 'group' ? answer.entries.map((e) => e.code) : answer.kind === 'choices' ? answer.candidates.map((e) => e.code) : [];

describe('answering: /spotify-error', () => {
  it('answers a pasted code as such, a description by search, offers close ones, and misses the rest', async () => {
    expect(await answerer.answer(ask('slash', 'auth:3'))).toMatchObject({ kind: 'entries', by: 'detection', source: 'text' });
    expect(await answerer.answer(ask('slash', 'spotify says my country does not match my profile'))).toMatchObject({ kind: 'entries', by: 'search' });
    expect(codes(await answerer.answer(ask('slash', 'Error code: accounts:408')))).toEqual(['accounts:408']);
    expect((await answerer.answer(ask('slash', 'spotify problem'))).kind).toMatch(/choices|none/);
    expect(await answerer.answer(ask('slash', 'my cat knocked over the router'))).toMatchObject({ kind: 'none' });
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

  it('reads only the images the gate admits', async () => {
    const shots = [image('Error code: auth:1'), image('Error code: auth:2')];
    const before = reads.length;
    const answer = await answerer.answer(ask('auto', '', { images: shots, admitImages: (all) => all.slice(1) }));
    expect(codes(answer)).toEqual(['auth:2']);
    expect(reads.slice(before)).toEqual(['Error code: auth:2']);
    expect(await answerer.answer(ask('auto', '', { images: shots, admitImages: () => [] }))).toMatchObject({ kind: 'none' });
  });
});

describe('presenting answers', () => {
  const audience = { askedBy: '100000000000000001' };
  const helperFor = { askedBy: '100000000000000001', forUserId: '100000000000000002' };

  it('addresses a slash answer to the member named, unless it is private; counts autocomplete picks apart', async () => {
    const answer = await answerer.answer(ask('slash', 'auth:3'));
    const reply = answerer.present(answer, ask('slash', 'auth:3'), helperFor)!;
    expect(reply).toMatchObject({ private: false, mentionUserIds: ['100000000000000002'], codes: ['auth:3'] });
    expect(reply.payload.content).toBe('<@100000000000000002>, here is the fix for `auth:3` (sent by <@100000000000000001>).');
    expect(reply.stats).toEqual([{ kind: 'lookup', code: 'auth:3', source: 'autocomplete' }]);
    const quiet = answerer.present(answer, ask('slash', 'auth 3'), { ...helperFor, private: true })!;
    expect(quiet).toMatchObject({ private: true, mentionUserIds: [], stats: [{ source: 'slash' }] });
    expect(quiet.payload.content).toBeUndefined();
  });

  it('counts a miss and answers it privately', async () => {
    const reply = answerer.present({ kind: 'none', source: 'text' }, ask('slash', 'nothing like it'), audience)!;
    expect(reply.private).toBe(true);
    expect(reply.stats).toEqual([{ kind: 'miss', query: 'nothing like it' }]);
  });

  it('offers the closest entries of a miss in a menu, still counted as a miss; a mention shows them in public', async () => {
    const query = 'help me pls my music wont play';
    const miss = await answerer.answer(ask('slash', query));
    expect(miss).toMatchObject({ kind: 'none' });
    expect(miss.kind === 'none' && miss.nearest?.[0]?.code).toBe('ONE_TRACK_UNPLAYABLE (playback dispatcher)');
    const reply = answerer.present(miss, ask('slash', query), audience)!;
    expect(reply).toMatchObject({ private: true, stats: [{ kind: 'miss', query }], metric: { way: 'slash', outcome: 'miss' } });
    expect(reply.payload.content).toContain('The closest ones are in the menu: pick one if it fits and I will post it.');
    const menu = reply.payload.components[0]!.components[0] as { custom_id: string; options: Array<{ value: string }> };
    expect(menu.custom_id).toBe(pickId.encode({ private: false }));
    expect(menu.options.map((o) => o.value)).toEqual(miss.kind === 'none' ? miss.nearest!.map((e) => e.code) : []);
    // Asked privately, picking one shows it privately too.
    const quiet = answerer.present(miss, ask('slash', query), { ...audience, private: true })!;
    expect(quiet.payload.content).toContain('pick one if it fits. Otherwise');
    const mention = answerer.present(await answerer.answer(ask('mention', query)), ask('mention', query), audience)!;
    expect(mention).toMatchObject({ private: false, stats: [{ kind: 'miss', query }] });
    expect(mention.payload.content).toContain('The closest ones are in the menu: pick one to read it.');
    expect((mention.payload.components[0]!.components[0] as { custom_id: string }).custom_id).toBe(viewId.encode(null));
    // Nothing close: the plain miss, with no menu.
    const plain = answerer.present(await answerer.answer(ask('slash', 'lol')), ask('slash', 'lol'), audience)!;
    expect(plain.payload.components).toEqual([]);
    expect(plain.payload.content).toContain("I couldn't find a documented Spotify error for “lol”.");
  });

  it('stays silent on automatic replies with nothing to say, and counts screenshots as such', async () => {
    expect(answerer.present({ kind: 'none', source: 'text' }, ask('auto', 'hi'), audience)).toBeUndefined();
    const shot = await answerer.answer(ask('auto', '', { images: [image('Error code: auth:73')] }));
    const reply = answerer.present(shot, ask('auto', ''), audience)!;
    expect(reply.payload.content).toBe('Read from your screenshot: `auth:73`.');
    expect(reply.stats).toEqual([{ kind: 'lookup', code: 'auth:73', source: 'screenshot' }]);
  });

  it('posts one clear fix for the member with the helper named, and offers a private choice otherwise', async () => {
    const target = { channelId: '100000000000000010', messageId: '100000000000000011', authorId: '100000000000000012' };
    const one = answerer.present(await answerer.answer(ask('context', 'auth:1')), ask('context', 'auth:1'), { ...audience, target })!;
    expect(one).toMatchObject({ private: false, mentionUserIds: [target.authorId], stats: [{ source: 'context' }] });
    const several = answerer.present(await answerer.answer(ask('context', 'auth:1 auth:2')), ask('context', ''), { ...audience, target })!;
    expect(several.private).toBe(true);
    expect(several.payload.content).toBe(`This message shows several errors. Pick the fix to send to <@${target.authorId}>:`);
  });

  it('tells the helper when the screenshot could not be read, not that the error is unclear', async () => {
    const target = { channelId: '100000000000000010', messageId: '100000000000000011', authorId: '100000000000000012' };
    const pool = { read: async () => ({ status: 'dropped' as const }), stats: () => undefined, close: async () => undefined } as unknown as OcrPool;
    const download = async () => {
      throw new DownloadError('the download timed out');
    };
    const answererWith = (options: Partial<ConstructorParameters<typeof ScreenshotReader>[0]>) =>
      new Answerer(sharedLookup(), new ScreenshotReader({ pool, logger: pino({ level: 'silent' }), capacity: 4, ...options }));
    const fix = ask('context', '', { images: [image('Error code: auth:73')] });
    const timedOut = answererWith({ download });
    const reply = timedOut.present(await timedOut.answer(fix), fix, { ...audience, target })!;
    expect(reply.private).toBe(true);
    expect(reply.payload.content).toBe(`I could not read the screenshot: the download timed out. Pick the fix to send to <@${target.authorId}>:`);
    const png = await tinyPng();
    const busy = answererWith({ download: async () => png });
    expect(busy.present(await busy.answer(fix), fix, { ...audience, target })!.payload.content).toMatch(/^I could not read the screenshot: too many images are waiting to be read\. /);
  });

  it('asks for the error when a mention carries nothing', () => {
    const reply = answerer.present({ kind: 'none', source: 'text' }, ask('mention', ''), audience)!;
    expect(reply.payload.content).toMatch(/^Paste the Spotify error after the mention/);
    expect(reply.stats).toEqual([]);
  });
});
