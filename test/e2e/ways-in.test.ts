import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, type Attachment } from '../../scripts/discord-standin/index.js';
import { negativeScreenshots, positiveScreenshots, type ScreenshotFixture } from '../../scripts/fixtures/screenshots.js';
import { expectNoViolations, handled, replyTo, startWorld, stopWorld, type World } from './harness.js';

/** One message, several ways in: what happens where they meet on the same message or member. */
let world: World | undefined;
let positives: ScreenshotFixture[];
let negatives: ScreenshotFixture[];

beforeAll(async () => {
  [positives, negatives] = await Promise.all([positiveScreenshots(), negativeScreenshots()]);
  world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id }) });
  const { standin, guild, helper } = world;
  standin.allowBot(guild.forum, P.ManageThreads);
  const setup = await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum }, ['forum', 'add']).reply();
  expect(setup.content).toContain('is a help forum now');
}, 60_000);
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

const OCR_WAIT = 30_000;
const newMember = (name = 'member') => world!.standin.addMember(world!.guild, `${name}-${Math.random().toString(36).slice(2, 7)}`);
/** An image whose download Discord's CDN holds back, so that the test can act while it is being read. */
const slowly = (f: ScreenshotFixture, name: string): Attachment => world!.standin.attach(name, f.bytes, f.contentType, { width: f.width, height: f.height }, { delayMs: 2600 });
const meme = () => negatives.find((f) => f.name.startsWith('meme motivation'))!;
const dialog = (code: string) => positives.find((f) => f.expected === code)!;

describe('a message edited or deleted while its screenshot is read', () => {
  it('answers chat edited into an error while its screenshot (which shows none) was being read, as it would a moment earlier', async () => {
    const { standin, guild } = world!;
    const author = newMember('editor');
    const thread = standin.addThread(guild, guild.help, 'edited while read', author);
    const source = standin.say(thread, author, 'what is this?', { attachments: [slowly(meme(), 'slow-edited.png')] });
    await standin.waitForRequest((r) => r.path.endsWith('/slow-edited.png'));
    standin.edit(source, 'what is this? It says Error code: auth:73');
    expect(await handled(world!, [source], 'message', OCR_WAIT)).toEqual(['replied']);
    const reply = await replyTo(world!, source);
    expect(reply.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['auth:73']);
  }, OCR_WAIT);

  it('posts nothing in a help-forum post whose opening message was deleted while its screenshot was read', async () => {
    const { standin, guild } = world!;
    const post = standin.addForumPost(guild, guild.forum, { title: 'what is this', content: '', owner: newMember('poster'), attachments: [slowly(dialog('auth:73'), 'slow-deleted.png')] });
    await standin.waitForRequest((r) => r.path.endsWith('/slow-deleted.png'));
    standin.delete(post.starter);
    // The deletion is handled once the answer in flight is done.
    await handled(world!, [post.starter], 'delete', OCR_WAIT);
    expect(await handled(world!, [post.starter], 'message')).toEqual(['quiet']);
    const posted = standin.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${post.thread.id}/messages`));
    expect(posted).toEqual([]);
  }, OCR_WAIT);
});
