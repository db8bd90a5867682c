import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, type Attachment, type Message } from '../../scripts/discord-standin/index.js';
import { drawShot, negativeScreenshots, positiveScreenshots, REGULAR_LOOKS, type ScreenshotFixture } from '../../scripts/fixtures/screenshots.js';
import { botMessagesAfter, expectNoViolations, handled, markBotMessages, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
let positives: ScreenshotFixture[];
let negatives: ScreenshotFixture[];

beforeAll(async () => {
  [positives, negatives] = await Promise.all([positiveScreenshots(), negativeScreenshots()]);
  world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id, OCR_QUEUE_LIMIT: '32' }) });
}, 60_000);
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

const OCR_WAIT = 30_000;
const newMember = (name = 'member') => world!.standin.addMember(world!.guild, `${name}-${Math.random().toString(36).slice(2, 7)}`);
const fixture = (code: string, look = '') => positives.find((f) => f.expected === code && f.name.includes(look))!;
const attach = (f: ScreenshotFixture): Attachment =>
  world!.standin.attach(f.name.replace(/[^\w.-]+/g, '_'), f.bytes, f.contentType, { width: f.width, height: f.height });

/** A dialog in another client version's words: no displayed message of the reference, close to one. */
const olderWording = () =>
  drawShot(
    { code: 'ONE_TRACK_UNPLAYABLE (playback dispatcher)', surface: 'dialog', dialog: { title: 'Spotify', body: 'This song cannot currently be played.' } },
    REGULAR_LOOKS[0]!,
    'older wording.png',
  );

/** The bot handled these messages and answered none of them, and no cooldown held back an answer it found. */
async function expectSilence(since: Set<string>, messages: Message[]): Promise<void> {
  expect((await handled(world!, messages, 'message', OCR_WAIT)).filter((outcome) => outcome.endsWith('-cooldown'))).toEqual([]);
  const ids = new Set(messages.map((m) => m.id));
  const later = await botMessagesAfter(world!, since, messages);
  expect(later.filter((m) => ids.has(m.message_reference?.message_id ?? ''))).toEqual([]);
}

describe('screenshots in channels with automatic replies', () => {
  it('answers an image of the Spotify dialog, saying it was read from the screenshot', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), '', { attachments: [attach(fixture('auth:3', 'dark sans 16px'))] });
    const reply = await replyTo(world!, source, OCR_WAIT);
    expect(reply.content).toBe('Read from your screenshot: `auth:3`.');
    expect(reply.embeds[0]!.title).toBe('auth:3 — Firewall or proxy blocking auth');
    expect(reply.components[0]!.components!.map((c) => c.label)).toContain('Dismiss');
    expect(standin.pingsOf(reply)).toEqual({ users: [], roles: [], everyone: false });
    // What was in the image is never logged above debug level.
    const infoAndAbove = world!.bot.logs.filter((l) => Number(l.level) >= 30).map((l) => JSON.stringify(l));
    expect(infoAndAbove.join('\n')).not.toMatch(/firewall may be blocking|attachments\//i);
  });

  it('reads a full-screen JPEG among other attachments, with the message text beside it', async () => {
    const { standin, guild } = world!;
    const notes = standin.attach('notes.txt', Buffer.from('log file'), 'text/plain');
    const source = standin.say(guild.help, newMember(), 'help, this keeps popping up', {
      attachments: [notes, attach(negatives.find((f) => f.name.startsWith('photo'))!), attach(fixture('accounts:406', 'full-screen'))],
    });
    const reply = await replyTo(world!, source, OCR_WAIT);
    expect(reply.embeds[0]!.title).toMatch(/^accounts:406 — /);
    expect(reply.content).toContain('`accounts:406`');
  });

  it('answers the text when the text itself shows an error, without reading the image', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'Error code: accounts:127', { attachments: [attach(fixture('auth:73'))] });
    const reply = await replyTo(world!, source);
    expect(reply.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['accounts:127']);
    expect(reply.content ?? '').not.toContain('screenshot');
  });

  it('stays silent on images that show no Spotify error', async () => {
    const { standin, guild } = world!;
    const since = markBotMessages(world!);
    const names = ['steam connection error', 'code with auth and 429', 'meme playlist', 'spotify window without an error'];
    const sent = names.map((name) =>
      standin.say(guild.help, newMember(), '', { attachments: [attach(negatives.find((f) => f.name.startsWith(name))!)] }),
    );
    await expectSilence(since, sent);
  }, OCR_WAIT);

  it('ignores oversized, damaged, disguised and non-image attachments without crashing', async () => {
    const { standin, guild } = world!;
    const since = markBotMessages(world!);
    const good = fixture('accounts:103', '.png');
    const oversized = { ...attach(good), size: 9 * 1024 * 1024 };
    const tooManyPixels = attach(good);
    tooManyPixels.width = 8000;
    const damaged = Buffer.from(good.bytes);
    damaged.fill(0x5a, 60, damaged.length - 40);
    const bomb = Buffer.alloc(45);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(bomb);
    bomb.write('IHDR', 12, 'latin1');
    bomb.writeUInt32BE(50_000, 16);
    bomb.writeUInt32BE(50_000, 20);
    bomb.write('IEND', 37, 'latin1');
    const attachments = [
      oversized,
      tooManyPixels,
      standin.attach('damaged.png', damaged, 'image/png'),
      standin.attach('cut.png', good.bytes.subarray(0, 2000), 'image/png'),
      standin.attach('bomb.png', bomb, 'image/png'),
      standin.attach('script.png', Buffer.from('#!/bin/sh\necho not an image\n'), 'image/png'),
      standin.attach('error.txt', Buffer.from('Error code: auth:3'), 'text/plain'),
      standin.attach('clip.gif', Buffer.from('GIF89a'), 'image/gif'),
    ];
    const sent = [];
    for (let i = 0; i < attachments.length; i += 4) {
      sent.push(standin.say(guild.help, newMember(), '', { attachments: attachments.slice(i, i + 4) }));
    }
    await expectSilence(since, sent);
    // Still up and answering.
    const after = standin.say(guild.help, newMember(), '', { attachments: [attach(fixture('session:103', 'dark sans'))] });
    expect((await replyTo(world!, after, OCR_WAIT)).embeds[0]!.title).toMatch(/^session:103/);
  }, 2 * OCR_WAIT);

  it('keeps answering slash commands while 16 images are read', async () => {
    const { standin, guild, member } = world!;
    // Below the 20 automatic replies worked on at once in a server, so that work still finishing from the test before drops none.
    const shots = [...positives].sort((a, b) => b.width - a.width).slice(0, 16);
    expect(shots).toHaveLength(16);
    // Each in its own thread of the help channel, so that no cooldown silences a repeated error.
    const sources = shots.map((shot, i) => {
      const poster = newMember('burst');
      const thread = standin.addThread(guild, guild.help, `screenshot ${i}`, poster);
      return standin.say(thread, poster, '', { attachments: [attach(shot)] });
    });
    const slash = standin.slash(guild.help, member, 'spotify-error', { query: 'accounts:409' });
    const answer = await slash.reply();
    const answeredAt = Date.now();
    expect(answer.embeds[0]!.title).toMatch(/^accounts:409/);
    // The images are still being read when the command is answered: it did not wait behind them.
    const replies = await Promise.all(sources.map((s) => replyTo(world!, s, 4 * OCR_WAIT).then((m) => ({ m, at: Date.now() }))));
    expect(replies.map((r) => r.m.embeds[0]!.title!.split(' — ')[0])).toEqual(shots.map((s) => s.expected));
    expect(Math.max(...replies.map((r) => r.at))).toBeGreaterThan(answeredAt);
  }, 5 * OCR_WAIT);

  it('turns off with the screenshots setting, while pasted text is still answered', async () => {
    const { standin, guild, helper } = world!;
    const admin = (enabled: boolean) =>
      standin.slash(guild.help, helper, 'spotify-error-admin', { enabled }, ['settings', 'screenshots']).reply();
    expect((await admin(false)).content).toBe('Reading screenshots is now **off**.');
    const since = markBotMessages(world!);
    const image = standin.say(guild.help, newMember(), '', { attachments: [attach(fixture('accesspoint:39'))] });
    await expectSilence(since, [image]);
    const text = standin.say(guild.help, newMember(), 'Error code: accesspoint:31');
    expect((await replyTo(world!, text)).embeds[0]!.title).toMatch(/^accesspoint:31/);
    expect((await admin(true)).content).toBe('Reading screenshots is now **on**.');
    const again = standin.say(guild.help, newMember(), '', { attachments: [attach(fixture('accesspoint:39'))] });
    expect((await replyTo(world!, again, OCR_WAIT)).embeds[0]!.title).toMatch(/^accesspoint:39/);
  }, 3 * OCR_WAIT);

  it('keeps its reply through text edits, and removes it with the image or the message', async () => {
    const { standin, guild } = world!;
    const author = newMember('editor');
    const source = standin.say(guild.help, author, '', { attachments: [attach(fixture('accesspoint:17', 'light'))] });
    const reply = await replyTo(world!, source, OCR_WAIT);
    standin.edit(source, 'sorry, forgot to say: this is on Windows 11');
    expect(await handled(world!, [source], 'edit')).toEqual(['unchanged']);
    expect(standin.messages.has(reply.id)).toBe(true);
    standin.edit(source, 'never mind, fixed it', []);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`));
    expect(standin.messages.has(reply.id)).toBe(false);

    // Deleted while its image is still being read: no reply is left behind. In a thread of its own,
    // so that no cooldown (accesspoint:31 was answered in the help channel above) keeps the answer back.
    const since = markBotMessages(world!);
    const deleter = newMember('deleter');
    const thread = standin.addThread(guild, guild.help, 'deleted screenshot', deleter);
    const gone = standin.say(thread, deleter, '', { attachments: [attach(fixture('accesspoint:31', 'full-screen'))] });
    standin.delete(gone);
    // The delete is handled once the answer in flight is done, and takes any reply with it.
    await handled(world!, [gone], 'delete', OCR_WAIT);
    // The image was read and answered, not held back.
    expect(['source-deleted', 'replied']).toContain((await handled(world!, [gone], 'message', OCR_WAIT))[0]);
    const left = (await botMessagesAfter(world!, since, [gone])).filter((m) => m.embeds[0]?.title?.startsWith('accesspoint:31'));
    expect(left.filter((m) => standin.messages.has(m.id))).toEqual([]);
  }, 2 * OCR_WAIT);

  it('answers the error a screenshot shows over the message several errors share that the text quotes, and keeps it through text edits', async () => {
    const { standin, guild, helper } = world!;
    const quoted = 'Spotify says: A firewall may be blocking Spotify.';
    const shot = () => attach(fixture('accounts:103', 'light sans 14px'));
    // In a thread of its own: no channel cooldown of the help channel holds the answer back.
    const author = newMember('quoter');
    const thread = standin.addThread(guild, guild.help, 'firewall again', author);
    const source = standin.say(thread, author, quoted, { attachments: [shot()] });
    const reply = await replyTo(world!, source, OCR_WAIT);
    expect(reply.content).toBe('Read from your screenshot: `accounts:103`.');
    expect(reply.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['accounts:103']);
    standin.edit(source, `${quoted} Happens every morning.`);
    expect(await handled(world!, [source], 'edit')).toEqual(['unchanged']);

    // A help-forum post the same way, and an edit of its opening message.
    standin.allowBot(guild.forum, P.ManageThreads);
    expect((await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum }, ['forum', 'add']).reply()).content).toContain('is a help forum now');
    const post = standin.addForumPost(guild, guild.forum, { title: 'firewall?', content: quoted, owner: newMember('poster'), attachments: [shot()] });
    const answer = await replyTo(world!, post.starter, OCR_WAIT);
    expect(answer.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['accounts:103']);
    standin.edit(post.starter, `${quoted} On Windows 11.`);
    expect(await handled(world!, [post.starter], 'edit')).toEqual(['unchanged']);
    expect(standin.messages.get(answer.id)!.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['accounts:103']);
  }, 2 * OCR_WAIT);

  it('reads at most eight images a minute from one member unasked', async () => {
    const { standin, guild } = world!;
    const poster = newMember('meme-poster');
    const memes = negatives.filter((f) => !f.name.startsWith('photo') && f.width < 1000).slice(0, 8);
    const since = markBotMessages(world!);
    const batches = [memes.slice(0, 4), memes.slice(4, 8)].map((batch) => standin.say(guild.help, poster, '', { attachments: batch.map(attach) }));
    const ninth = standin.say(guild.help, poster, '', { attachments: [attach(fixture('auth:1'))] });
    await expectSilence(since, [...batches, ninth]);
    // Someone else's screenshot is still read.
    const other = standin.say(guild.help, newMember(), '', { attachments: [attach(fixture('auth:1'))] });
    expect((await replyTo(world!, other, OCR_WAIT)).embeds[0]!.title).toMatch(/^auth:1 /);
  }, 2 * OCR_WAIT);

  it('is not read in channels without automatic replies', async () => {
    const { standin, guild } = world!;
    const since = markBotMessages(world!);
    const image = standin.say(guild.general, newMember(), '', { attachments: [attach(fixture('auth:73'))] });
    expect(await handled(world!, [image])).toEqual(['not-enabled']);
    expect((await botMessagesAfter(world!, since, [image])).filter((m) => m.message_reference?.message_id === image.id)).toEqual([]);
  });
});

describe('screenshots on request', () => {
  it('@mention with a screenshot, anywhere: answers what it shows, or says it could not read an error', async () => {
    const { standin, guild } = world!;
    const mention = `<@${standin.bot.id}>`;
    const asked = standin.say(guild.general, newMember('mentioner'), mention, { attachments: [attach(fixture('accounts:103', 'light'))] });
    const answer = await replyTo(world!, asked, OCR_WAIT);
    expect(answer.content).toBe('Read from your screenshot: `accounts:103`.');
    expect(answer.embeds[0]!.title).toMatch(/^accounts:103 — /);

    const receipt = negatives.find((f) => f.name.startsWith('receipt'))!;
    const unreadable = standin.say(guild.general, newMember('mentioner'), mention, { attachments: [attach(receipt)] });
    const sorry = await replyTo(world!, unreadable, OCR_WAIT);
    expect(sorry.content).toContain('I could not read a Spotify error in this image. The text I read: “GROCERY MART');
    // No menu: nothing was close. The member who asked may dismiss it.
    expect(sorry.components.flatMap((row) => row.components ?? []).map((c) => c.label)).toEqual(['Dismiss']);

    const older = standin.say(guild.general, newMember('mentioner'), mention, { attachments: [attach(await olderWording())] });
    const offer = await replyTo(world!, older, OCR_WAIT);
    expect(offer.content).toContain('The closest documented errors are in the menu: pick one to read it.');
    const menu = offer.components.flatMap((row) => row.components ?? []).find((c) => c.type === 3)!;
    expect(menu.options!.map((o) => o.value)).toContain('ONE_TRACK_UNPLAYABLE (playback dispatcher)');
  }, OCR_WAIT);

  it("@mention replying to a member's screenshot keeps its answer through an update that asks nothing new, the screenshot gone since", async () => {
    const { standin, guild } = world!;
    const shot = attach(fixture('accounts:103', 'light'));
    const question = standin.say(guild.general, newMember('asker'), '', { attachments: [shot] });
    const ask = standin.say(guild.general, newMember('helper'), `<@${standin.bot.id}>`, { replyTo: question });
    const answer = await replyTo(world!, ask, OCR_WAIT);
    expect(answer.embeds[0]!.title).toMatch(/^accounts:103 — /);
    // The screenshot's message is deleted: its file is gone from the CDN.
    standin.files.delete(new URL(shot.url).pathname);
    // Pinning the mention, or Discord adding an embed to it, sends an update with the same words.
    standin.edit(ask, ask.content);
    expect(await handled(world!, [ask], 'edit', OCR_WAIT)).toEqual(['unchanged']);
    expect(standin.messages.get(answer.id)!.embeds[0]?.title).toMatch(/^accounts:103 — /);
  }, 2 * OCR_WAIT);

  it('/spotify-error screenshot: answers what the image shows', async () => {
    const { standin, guild, member } = world!;
    const reply = await standin
      .slash(guild.general, member, 'spotify-error', { screenshot: attach(fixture('accesspoint:22', 'light')) })
      .reply(OCR_WAIT);
    expect(reply.content).toContain('Read from the screenshot: `accesspoint:22`.');
    expect(reply.embeds[0]!.title).toMatch(/^accesspoint:22 — /);
  }, OCR_WAIT);

  it('@mention with a slow screenshot, in a channel hidden from it meanwhile: posts nothing and logs that it lacks View Channel', async () => {
    const { standin, guild, bot } = world!;
    const channel = standin.addChannel(guild, 'hidden-meanwhile');
    const shot = fixture('accounts:103', 'light');
    const slow = standin.attach('slow-hidden.png', shot.bytes, shot.contentType, undefined, { delayMs: 2600 });
    const asked = standin.say(channel, newMember('mentioner'), `<@${standin.bot.id}>`, { attachments: [slow] });
    await standin.waitForRequest((r) => r.path.endsWith('/slow-hidden.png'));
    // Discord sends nothing of a channel the bot cannot see: only a message that came before it lost sight of it gets this far.
    standin.denyBot(channel, P.ViewChannel);
    const warning = await bot.waitForLog((l) => l.channel === channel.id && l.level === 40, OCR_WAIT);
    expect(warning.msg).toBe('cannot answer here: the bot lacks View Channel');
    await handled(world!, [asked], 'message', OCR_WAIT);
    expect(standin.botMessages(channel.id)).toEqual([]);
  }, OCR_WAIT);

  it('/spotify-error screenshot: a slow image gets "thinking…" within 3 seconds, then the answer', async () => {
    const { standin, guild, member } = world!;
    const shot = fixture('accounts:408', 'dark sans');
    const slow = standin.attach('slow.png', shot.bytes, shot.contentType, undefined, { delayMs: 2600 });
    const handle = standin.slash(guild.general, member, 'spotify-error', { screenshot: slow, user: world!.helper });
    expect((await handle.response()).type).toBe(5);
    // A new message, not an edit of "thinking…": an edit would notify nobody it mentions.
    const reply = await handle.followup(0, OCR_WAIT);
    expect(reply.content).toContain('Read from the screenshot: `accounts:408`.');
    expect(reply.content).toContain(`<@${world!.helper.id}>, here is the fix for \`accounts:408\``);
    expect(standin.pingsOf(reply).users).toEqual([world!.helper.id]);
    expect(reply.embeds[0]!.title).toMatch(/^accounts:408 — /);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/${handle.token}/messages/@original`));
  }, OCR_WAIT);

  it('/spotify-error screenshot: a slow image it cannot read is answered privately, never in the public "thinking…"', async () => {
    const { standin, guild, member } = world!;
    const meme = negatives.find((f) => f.name.startsWith('meme motivation'))!;
    const slow = standin.attach('slow-meme.png', meme.bytes, meme.contentType, undefined, { delayMs: 2600 });
    const handle = standin.slash(guild.general, member, 'spotify-error', { screenshot: slow });
    const deferral = await handle.response();
    expect(deferral.type).toBe(5);
    expect((deferral.data?.flags ?? 0) & 64).toBe(0);
    const answer = await handle.followup(0, OCR_WAIT);
    expect(answer.content).toContain('I could not read a Spotify error in this image. The text I read:');
    expect(answer.flags & 64).toBe(64);
    // The public "thinking…" said only that the answer was private, and is gone.
    expect(handle.original!.content).toBe('Answered privately.');
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/${handle.token}/messages/@original`));
    expect(standin.messages.has(handle.original!.id)).toBe(false);
  }, OCR_WAIT);

  it('/spotify-error screenshot: says politely when it cannot read an error, with the text it read', async () => {
    const { standin, guild, member } = world!;
    const meme = negatives.find((f) => f.name.startsWith('meme motivation'))!;
    const handle = standin.slash(guild.general, member, 'spotify-error', { screenshot: attach(meme) });
    const reply = await handle.reply(OCR_WAIT);
    expect(reply.content).toContain('I could not read a Spotify error in this image. The text I read:');
    expect(reply.content).toMatch(/MOTIVATION NOT FOUND/);
    expect(reply.flags & 64).toBe(64);

    const gif = standin.attach('funny.gif', Buffer.from('GIF89a'), 'image/gif');
    const refused = await standin.slash(guild.general, member, 'spotify-error', { screenshot: gif }).reply();
    expect(refused.content).toContain('this file is not a PNG, JPEG or WebP image');
    const nothing = await standin.slash(guild.general, member, 'spotify-error', {}).reply();
    expect(nothing.content).toContain('attach a `screenshot`');
  }, OCR_WAIT);

  it('/spotify-error screenshot: a dialog in another version\'s words offers the closest errors, and posts the one picked', async () => {
    const { standin, guild, member } = world!;
    const offer = await standin.slash(guild.general, member, 'spotify-error', { screenshot: attach(await olderWording()) }).reply(OCR_WAIT);
    expect(offer.flags & 64).toBe(64);
    expect(offer.content).toContain('I could not read a Spotify error in this image. The text I read: “');
    expect(offer.content).toContain('The closest documented errors are in the menu');
    const menu = offer.components.flatMap((row) => row.components ?? []).find((c) => c.type === 3)!;
    expect(menu.options!.map((o) => o.value)).toContain('ONE_TRACK_UNPLAYABLE (playback dispatcher)');
    const posted = await standin.select(offer, menu.custom_id!, ['ONE_TRACK_UNPLAYABLE (playback dispatcher)'], member).followup();
    expect(posted.flags & 64).toBe(0);
    expect(posted.embeds[0]!.title).toMatch(/^ONE_TRACK_UNPLAYABLE/);
  }, OCR_WAIT);

  it('"Send Spotify fix" reads the screenshot of the message it is used on', async () => {
    const { standin, guild, helper } = world!;
    const author = newMember('asker');
    const question = standin.say(guild.general, author, 'what does this mean??', {
      attachments: [attach(fixture('desktop_login_accounts:5', 'dark sans'))],
    });
    const confirmation = await standin.messageCommand(guild.general, helper, 'Send Spotify fix', question).reply(OCR_WAIT);
    expect(confirmation.content).toBe(`Sent \`desktop_login_accounts:5\` (read from the screenshot) to <@${author.id}>.`);
    const fix = await standin.waitForBotMessage((m) => m.message_reference?.message_id === question.id, OCR_WAIT);
    expect(fix.embeds[0]!.title).toMatch(/^desktop_login_accounts:5 — /);
    expect(standin.pingsOf(fix).users).toEqual([author.id]);
  }, OCR_WAIT);
});
