import pino from 'pino';
import { ComponentType } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answers/answerer.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries, type ErrorEntry } from '../../src/data/index.js';
import { DownloadError } from '../../src/images/download.js';
import type { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { codeKey, pickId, viewId, voteId, votesId } from '../../src/render/custom-ids.js';
import { groupLookupKey } from '../../src/storage/storage.js';
import { sharedLookup } from '../helpers.js';
import { ask, fakeReader, image, tinyPng } from './fakes.js';

let answerer: Answerer;
beforeAll(async () => {
  answerer = new Answerer(sharedLookup(), (await fakeReader()).reader);
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

  // A vote on a reply that showed several errors counted for the first of them only.
  it('makes a vote on a reply showing several errors count for each one shown, whichever way it was asked', async () => {
    const helpedId = (reply: ReturnType<Answerer['present']>) =>
      (reply!.payload.components.flatMap((row) => row.components) as Array<{ label?: string; custom_id?: string }>).find((c) => c.label === 'Helped')!.custom_id;
    const text = 'got Error code: auth:3, then accounts:406, then accounts:407 and accounts:408';
    for (const way of ['auto', 'forum', 'mention'] as const) {
      const reply = answerer.present(await answerer.answer(ask(way, text)), ask(way, text), audience);
      expect(reply!.payload.embeds.map((e) => e.title!.split(' — ')[0]), way).toEqual(['auth:3', 'accounts:406', 'accounts:407']);
      expect(helpedId(reply), way).toBe(votesId.encode({ helped: true, keys: ['auth:3', 'accounts:406', 'accounts:407'].map(codeKey) }));
    }
    // A reply showing one error keeps the ID buttons already posted have.
    const one = answerer.present(await answerer.answer(ask('auto', 'Error code: auth:3')), ask('auto', 'Error code: auth:3'), audience);
    expect(helpedId(one)).toBe(voteId.encode({ helped: true, code: 'auth:3' }));
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
    // A webhook's or a bot's message: no mention reaches its author, and the fix will address nobody.
    const unaddressed = answerer.present(await answerer.answer(ask('context', 'auth:1 auth:2')), ask('context', ''), { ...audience, target: { ...target, unaddressed: true } })!;
    expect(unaddressed.payload.content).toBe('This message shows several errors. Pick the fix to post as a reply to it (a bot or a webhook posted it: nobody will be mentioned):');
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

  it('counts only the errors a reply to a message shows (at most three), for automatic replies, help forums and mentions', async () => {
    const text = 'Spotify: Error code: auth:1, Error code: auth:73, Error code: accounts:406, Error code: accesspoint:22, Error code: accounts:408';
    for (const way of ['auto', 'forum', 'mention'] as const) {
      const answer = await answerer.answer(ask(way, text));
      expect(answer.kind === 'entries' && answer.entries.length, way).toBe(5);
      const reply = answerer.present(answer, ask(way, text), audience)!;
      expect(reply.payload.embeds, way).toHaveLength(3);
      expect(reply.stats.map((e) => (e.kind === 'lookup' ? e.code : e.query)), way).toEqual(['auth:1', 'auth:73', 'accounts:406']);
    }
  });

  it('counts a shared-message group once, under the message its entries share, whatever the way in', async () => {
    const cases = [
      ['slash', 'A firewall may be blocking Spotify', 'slash', 'A firewall may be blocking Spotify.'],
      ['mention', 'Error code: 3', 'mention', 'Error code: 3'],
      ['auto', "Spotify can't play this right now.", 'auto', "Spotify can't play this right now."],
      ['forum', 'Spotify: The username or password is incorrect. Error code: 3', 'forum', 'The username or password is incorrect.'],
    ] as const;
    for (const [way, text, source, message] of cases) {
      const answer = await answerer.answer(ask(way, text));
      expect(answer.kind, text).toBe('group');
      const reply = answerer.present(answer, ask(way, text), audience)!;
      expect(reply.stats, text).toEqual([{ kind: 'lookup', code: groupLookupKey(message), source }]);
    }
    // Asked privately, as any answer the member asked for privately: counted all the same.
    const answer = await answerer.answer(ask('slash', 'A firewall may be blocking Spotify'));
    expect(answerer.present(answer, ask('slash', 'A firewall may be blocking Spotify'), { ...audience, private: true })!.stats).toHaveLength(1);
  });

  it('names the other errors a slash query shows beside the one it answers', async () => {
    const query = 'Error code: auth:73 and then Error code: accounts:406';
    const answer = await answerer.answer(ask('slash', query));
    expect(answer.kind === 'entries' && answer.entries.map((e) => e.code)).toEqual(['auth:73', 'accounts:406']);
    const reply = answerer.present(answer, ask('slash', query), helperFor)!;
    expect(reply.payload.embeds[0]!.title).toMatch(/^auth:73 /);
    expect(reply.payload.content).toBe(
      '<@100000000000000002>, here is the fix for `auth:73` (sent by <@100000000000000001>).\n' +
        'The query also shows `accounts:406`: look it up with `/spotify-error`.',
    );
  });

  it("offers the errors that show the same message under a mention's full answer, pasted code or not", async () => {
    for (const text of ['Error code: auth:3', 'auth 3']) {
      const reply = answerer.present(await answerer.answer(ask('mention', text)), ask('mention', text), audience)!;
      const selects = reply.payload.components.flatMap((row) => row.components).filter((c) => c.type === ComponentType.StringSelect);
      expect(selects.flatMap((s) => s.options.map((o) => o.value)), text).toContain('Error 30');
      expect(selects.map((s) => s.custom_id), text).toEqual([viewId.encode(null)]);
    }
  });

  it('says errors share a code number, not a message, when a bare number is asked about', async () => {
    const target = { channelId: '100000000000000010', messageId: '100000000000000011', authorId: '100000000000000012' };
    const slash = answerer.present(await answerer.answer(ask('slash', 'Error code: 3')), ask('slash', 'Error code: 3'), helperFor)!;
    expect(slash.payload.embeds[0]!.title).toBe('Several Spotify errors have this code number');
    expect(slash.payload.content).toBe('<@100000000000000002>, this code number belongs to several errors (sent by <@100000000000000001>):');
    const fix = answerer.present(await answerer.answer(ask('context', 'Error code: 3')), ask('context', 'Error code: 3'), { ...audience, target })!;
    expect(fix.payload.content).toBe(`Several errors have the code number in this message. Pick the fix to send to <@${target.authorId}>:`);
    // A message several errors show is still said so.
    const shared = answerer.present(await answerer.answer(ask('context', 'A firewall may be blocking Spotify.')), ask('context', ''), { ...audience, target })!;
    expect(shared.payload.content).toBe(`Several errors show the message in this message. Pick the fix to send to <@${target.authorId}>:`);
  });

  it('tells a shared message that opens with "Error code" from a code number (a new edition\'s group is found from the data alone)', async () => {
    const shown = 'Error code unavailable: Spotify could not sync your queue with this speaker.';
    const entry = (code: string, chain: string): ErrorEntry => ({
      ...sharedLookup().byCode('auth:3')!,
      code,
      title: `Queue sync refused (${chain})`,
      messages: [shown],
      chain: [{ label: chain }, { label: 'Queue sync' }],
      aliases: [],
    });
    const thirdEdition = new Answerer(new ErrorLookup([...loadEntries(), entry('playback:12', 'Dealer'), entry('playback:14', 'Speaker')], { examples: [] }));
    for (const way of ['slash', 'mention', 'auto'] as const) {
      const answer = await thirdEdition.answer(ask(way, shown));
      expect(answer.kind === 'group' && answer.entries.map((e) => e.code), way).toEqual(['playback:12', 'playback:14']);
      const reply = thirdEdition.present(answer, ask(way, shown), audience)!;
      expect(reply.payload.embeds[0]!.title, way).toBe('Several Spotify errors show this message');
      expect(reply.stats, way).toEqual([{ kind: 'lookup', code: groupLookupKey('Error code unavailable: Spotify could not sync your queue with this speaker.'), source: way }]);
    }
  });

  it('keeps the text read from a spoilered image behind a spoiler when it quotes it in public', async () => {
    for (const read of ['Signed in as jane doe, Premium Family plan', 'Songs stop after ten seconds and then skip']) {
      const asked = ask('mention', '', { images: [image(read, 'SPOILER_account.png')] });
      const reply = answerer.present(await answerer.answer(asked), asked, audience)!;
      expect(reply.private).toBe(false);
      expect(reply.payload.content).toContain(`The text I read: ||“${read}”||`);
      // An image that was not hidden is quoted as it is.
      const open = ask('mention', '', { images: [image(read, 'account.png')] });
      expect(answerer.present(await answerer.answer(open), open, audience)!.payload.content).toContain(`The text I read: “${read}”`);
    }
  });

  it('says a screenshot is not read on a bot that reads none (OCR_WORKERS=0), instead of asking as if nothing was attached', async () => {
    const noImages = new Answerer(sharedLookup());
    const shot = ask('mention', '', { images: [image('Error code: auth:73')] });
    const reply = noImages.present(await noImages.answer(shot), shot, audience)!;
    expect(reply.payload.content).toBe(
      'I could not read this image: reading screenshots is turned off on this bot. Type the code Spotify shows (like `auth:3`) or its message instead.',
    );
    // A helper's Send Spotify fix on such a message hears the same, above the list to pick from.
    const target = { channelId: '100000000000000010', messageId: '100000000000000011', authorId: '100000000000000002' };
    const fix = ask('context', '', { images: [image('Error code: auth:73')] });
    const listed = noImages.present(await noImages.answer(fix), fix, { ...audience, target })!;
    expect(listed.payload.content).toMatch(/^I could not read the screenshot: reading screenshots is turned off on this bot\. Pick the fix/);
  });

  it('asks for the error when a mention carries nothing', () => {
    const reply = answerer.present({ kind: 'none', source: 'text' }, ask('mention', ''), audience)!;
    expect(reply.payload.content).toMatch(/^Paste the Spotify error after the mention/);
    expect(reply.stats).toEqual([]);
  });

  it('asks again, with no menu and no miss, when a mention replying to its own answer shows no error; an error there is answered', async () => {
    for (const query of ["it didn't work", 'nope', 'still not working', 'that didnt help']) {
      const followUp = { ...ask('mention', query), followsUp: true };
      const reply = answerer.present(await answerer.answer(followUp), followUp, audience)!;
      expect(reply.payload.content, query).toMatch(/^Sorry it's not fixed yet\. Tell me what Spotify shows now/);
      expect(reply.payload.components.flatMap((row) => row.components).map((c) => c.type), query).toEqual([ComponentType.Button]);
      expect(reply.stats, query).toEqual([]);
    }
    for (const query of ['now it says Error code: auth:3', 'now it says the country in my profile does not match']) {
      const followUp = { ...ask('mention', query), followsUp: true };
      const reply = answerer.present(await answerer.answer(followUp), followUp, audience)!;
      expect(reply.codes.length, query).toBeGreaterThan(0);
    }
  });
});
