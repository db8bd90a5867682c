import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPayloads } from '../../src/commands/index.js';
import { CHANNEL, DiscordStandIn, startBotProcess, temporaryDatabaseUrl, type Message } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, handled, replyTo, restartBot, startWorld, stopWorld, type World } from './harness.js';

const ADMIN = 'spotify-error-admin';

/** A new member each time, so member cooldowns do not mix tests. */
const newMember = (world: World, guild = world.guild) => world.standin.addMember(guild, `member-${Math.random().toString(36).slice(2, 7)}`);
const field = (message: Message, name: string) => message.embeds[0]!.fields!.find((f) => f.name === name)!.value;

describe('where automatic replies run, as moderators set them', () => {
  let world: World | undefined;
  /** A second server on the same bot: AUTO_REPLY_CHANNEL_IDS names only the first one's channel. */
  let other: World['guild'];
  let otherHelper: World['member'];

  beforeAll(async () => {
    const standin = await new DiscordStandIn().start();
    const guild = standin.addGuild('Main');
    other = standin.addGuild('Other');
    otherHelper = standin.addMember(other, 'other-helper', { moderator: true });
    standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `12000000000000000${i}`, name: c.name })));
    const env = { DATABASE_URL: temporaryDatabaseUrl(), AUTO_REPLY_CHANNEL_IDS: guild.help.id };
    const bot = startBotProcess(standin.botEnv(env));
    world = { standin, bot, guild, member: standin.addMember(guild, 'listener'), helper: standin.addMember(guild, 'helper', { moderator: true }), env };
    await bot.ready();
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it("keeps AUTO_REPLY_CHANNEL_IDS to the server that owns them: another server is off, and once on answers every channel", async () => {
    const w = world!;
    const admin = (path: string[], options: Record<string, unknown> = {}) => w.standin.slash(other.general, otherHelper, ADMIN, options, path).reply();
    // The server named by AUTO_REPLY_CHANNEL_IDS answers there.
    const main = w.standin.say(w.guild.help, newMember(w), 'Error code: auth:3');
    expect((await replyTo(w, main)).embeds[0]!.title).toMatch(/^auth:3 /);

    // The other server never changed anything: off until a moderator turns them on, and no channel of another server shown.
    const shown = await admin(['settings', 'show']);
    expect(field(shown, 'Automatic replies')).toBe('off: nowhere (off)');
    expect(field(shown, 'Allowed')).toBe('—');
    const on = await admin(['settings', 'auto-replies'], { enabled: true });
    expect(field(on, 'Automatic replies')).toBe('on: in every channel');
    const paste = w.standin.say(other.general, newMember(w, other), 'Error code: auth:3');
    expect((await replyTo(w, paste)).embeds[0]!.title).toMatch(/^auth:3 /);
  });

  it("lets moderators allow or deny a voice or stage channel's text chat, as any channel", async () => {
    const w = world!;
    const { standin, guild, helper } = w;
    const admin = (path: string[], options: Record<string, unknown> = {}) => standin.slash(guild.general, helper, ADMIN, options, path).reply();
    // In the category that holds #spotify-help, allowed whole: the voice channel's chat is denied on its own.
    const category = standin.channel(guild.help.parent_id!);
    const voice = standin.addChannel(guild, 'hangout', CHANNEL.Voice, category.id);
    const stage = standin.addChannel(guild, 'town-hall', CHANNEL.Stage);
    await admin(['settings', 'channel'], { action: 'allow', channel: category });
    const denied = await admin(['settings', 'channel'], { action: 'deny', channel: voice });
    expect(field(denied, 'Denied')).toBe(`<#${voice.id}>`);
    const allowed = await admin(['settings', 'channel'], { action: 'allow', channel: stage });
    expect(field(allowed, 'Allowed')).toContain(`<#${stage.id}>`);
    const inVoice = standin.say(voice, newMember(w), 'Error code: auth:3');
    expect(await handled(w, [inVoice])).toEqual(['not-enabled']);
    const onStage = standin.say(stage, newMember(w), 'Error code: auth:3');
    expect((await replyTo(w, onStage)).embeds[0]!.title).toMatch(/^auth:3 /);
  });
});

describe('channels deleted while the bot was away', () => {
  /** A channel of no server the bot is in, named by AUTO_REPLY_CHANNEL_IDS. */
  const NOWHERE = '990000000000000001';
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: `${guild.help.id},${NOWHERE}` }) });
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('says at start which AUTO_REPLY_CHANNEL_IDS are no channel of a server the bot is in', async () => {
    const line = await world!.bot.waitForLog((l) => l.msg.startsWith('AUTO_REPLY_CHANNEL_IDS names channels of no server'));
    expect(line).toMatchObject({ level: 40, channels: [NOWHERE] });
  });

  it('drops them from the lists when the bot starts again, turning automatic replies off when the last allowed one went', async () => {
    const w = world!;
    const { standin, guild, helper } = w;
    const admin = (path: string[], options: Record<string, unknown> = {}) => standin.slash(guild.general, helper, ADMIN, options, path).reply();
    const allowed = standin.addChannel(guild, 'spotify-only');
    const denied = standin.addChannel(guild, 'off-topic');
    const log = standin.addChannel(guild, 'mod-log');
    await admin(['log', 'channel'], { channel: log });
    await admin(['settings', 'channel'], { action: 'remove', channel: guild.help });
    await admin(['settings', 'channel'], { action: 'allow', channel: allowed });
    const before = await admin(['settings', 'channel'], { action: 'deny', channel: denied });
    expect(field(before, 'Automatic replies')).toMatch(/^on: only in /);
    await restartBot(w, () => {
      standin.deleteChannel(allowed);
      standin.deleteChannel(denied);
    });
    await w.bot.waitForLog((l) => l.msg === 'deleted channel removed from the settings' && l.channel === allowed.id);
    const after = await admin(['settings', 'show']);
    expect(field(after, 'Allowed')).toBe('—');
    expect(field(after, 'Denied')).toBe('—');
    expect(field(after, 'Automatic replies')).toMatch(/^off/);
    const warning = await standin.waitForBotMessage((m) => m.channel_id === log.id && m.content.includes('Automatic replies are off'));
    expect(warning.content).toContain(`<#${allowed.id}>`);
    const paste = standin.say(guild.general, newMember(w), 'Error code: auth:3');
    expect(await handled(w, [paste])).toEqual(['not-enabled']);
  });
});

describe('every place a message can be posted, against the allow and deny lists', () => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('follows channels, categories, threads and forum posts, deny winning, and a channel moved in or out of a category', async () => {
    const w = world!;
    const { standin, guild, helper } = w;
    const admin = (path: string[], options: Record<string, unknown> = {}) => standin.slash(guild.general, helper, ADMIN, options, path).reply();
    const outcome = async (channel: Parameters<typeof standin.say>[0]) => (await handled(w, [standin.say(channel, newMember(w), 'Error code: auth:3')]))[0];
    const category = standin.channel(guild.help.parent_id!);
    const news = standin.addChannel(guild, 'news', CHANNEL.Announcement, category.id);
    const denied = standin.addChannel(guild, 'off-topic', CHANNEL.Text, category.id);
    const outside = standin.addChannel(guild, 'lounge');
    await admin(['settings', 'auto-replies'], { enabled: true });
    // The same error may come again at once: only the place decides.
    await admin(['settings', 'cooldowns'], { 'channel-minutes': 0 });
    // Nothing allowed: every channel.
    expect(await outcome(outside)).toBe('replied');
    await admin(['settings', 'channel'], { action: 'allow', channel: category });
    await admin(['settings', 'channel'], { action: 'deny', channel: denied });
    expect(await outcome(guild.help)).toBe('replied');
    expect(await outcome(news)).toBe('replied');
    expect(await outcome(denied)).toBe('not-enabled');
    expect(await outcome(outside)).toBe('not-enabled');
    expect(await outcome(guild.general)).toBe('not-enabled');
    // Threads go as their channel: public, private, under a denied channel.
    expect(await outcome(standin.addThread(guild, guild.help, 'mine', newMember(w)))).toBe('replied');
    const owner = newMember(w);
    const privateThread = standin.addThread(guild, guild.help, 'just us', owner, { private: true });
    standin.addToThread(privateThread, standin.bot);
    expect((await handled(w, [standin.say(privateThread, owner, 'Error code: auth:3')]))[0]).toBe('replied');
    expect(await outcome(standin.addThread(guild, denied, 'chat', newMember(w)))).toBe('not-enabled');
    expect(await outcome(standin.addThread(guild, guild.general, 'chat', newMember(w)))).toBe('not-enabled');
    // A forum post in the allowed category.
    const post = standin.addForumPost(guild, guild.forum, { title: 'help', content: 'Error code: auth:3', owner: newMember(w) });
    expect((await handled(w, [post.starter]))[0]).toBe('replied');
    // Moved into the allowed category, then out of it (the gateway delivers the move before the message).
    standin.moveChannel(outside, category.id);
    expect(await outcome(outside)).toBe('replied');
    const movedThread = standin.addThread(guild, outside, 'moved', newMember(w));
    expect(await outcome(movedThread)).toBe('replied');
    standin.moveChannel(outside, null);
    expect(await outcome(outside)).toBe('not-enabled');
    expect(await outcome(movedThread)).toBe('not-enabled');
  });
});
