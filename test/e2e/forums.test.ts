import { ComponentType } from 'discord-api-types/v10';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, snowflake, startBotProcess, type Channel, type Message, type User } from '../../scripts/discord-standin/index.js';
import { positiveScreenshots } from '../../scripts/fixtures/screenshots.js';
import { BACKENDS, botDatabaseEnv } from '../storage/helpers.js';
import { expectNoViolations, handled, replyTo, restartBot, startWorld, stopWorld, type World } from './harness.js';

const HOUR = 3_600_000;

/** A bot whose clock the test moves (by writing `clockFile`), sweeping each second a help forum that closes posts after an hour quiet. */
async function sweepingWorld(): Promise<{ world: World; clockFile: string }> {
  const clockFile = join(mkdtempSync(join(tmpdir(), 'clock-')), 'offset');
  writeFileSync(clockFile, '0');
  const world = await startWorld({ env: { CLOCK_OFFSET_FILE: clockFile, FORUM_SWEEP_SECONDS: '1' } });
  const { standin, guild, helper } = world;
  standin.allowBot(guild.forum, P.ManageThreads);
  await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum, 'idle-hours': 1 }, ['forum', 'add']).reply();
  return { world, clockFile };
}

/** An answered post gone quiet, whose closing line the sweep is sending while Discord makes it wait `retryAfter` seconds. */
async function postBeingClosed(world: World, clockFile: string, retryAfter: number) {
  const { standin, guild } = world;
  const quiet = standin.addForumPost(guild, guild.forum, { title: 'auth:3 help', content: 'Error code: auth:3', owner: standin.addMember(guild, 'asker') });
  // Quiet from the bot's answer on: the bot's own message restarts the post's timer, so the clock moves once it has.
  await handled(world, [await replyTo(world, quiet.starter)]);
  standin.inject({ method: 'POST', path: new RegExp(`/channels/${quiet.thread.id}/messages$`), status: 429, retryAfter });
  writeFileSync(clockFile, String(2 * HOUR));
  await standin.waitForRequest((r) => r.status === 429 && r.path.includes(quiet.thread.id), 15_000);
  return quiet;
}
const buttonIn = (message: Message, label: string) => {
  for (const row of message.components) for (const c of row.components ?? []) if (c.label === label) return c.custom_id!;
  throw new Error(`no ${label} button`);
};

describe.each(BACKENDS)('help forums on %s', (backend) => {
  let world: World | undefined;
  let clockFile = '';
  /** Moves the bot's clock forward (it reads the offset from a file). */
  let offset = 0;
  const advance = (ms: number) => writeFileSync(clockFile, String((offset += ms)));

  beforeAll(async () => {
    clockFile = join(mkdtempSync(join(tmpdir(), 'clock-')), 'offset');
    writeFileSync(clockFile, '0');
    const database = await botDatabaseEnv(backend);
    world = await startWorld({ env: { ...database, CLOCK_OFFSET_FILE: clockFile, FORUM_SWEEP_SECONDS: '1' } });
    const { standin, guild, helper } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    const setup = await standin
      .slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum, 'solved-tag': standin.forumTag(guild.forum, 'Solved').id, 'idle-hours': 24 }, ['forum', 'add'])
      .reply();
    expect(setup.content).toContain('is a help forum now');
    expect(setup.content).not.toContain('I need');
  }, 60_000);
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  const poster = (name = 'asker') => world!.standin.addMember(world!.guild, `${name}-${Math.random().toString(36).slice(2, 7)}`);
  const post = (title: string, content: string, owner: User, extra: { appliedTags?: string[]; attachments?: Message['attachments'] } = {}) =>
    world!.standin.addForumPost(world!.guild, world!.guild.forum, { title, content, owner, ...extra });
  const botMessagesIn = (thread: Channel) => world!.standin.botMessages(thread.id);

  it('answers a new post whose title, text or screenshot shows an error, with Mark solved', async () => {
    const { standin } = world!;
    const titled = post('Error code: auth:73 since yesterday', 'help please', poster());
    const answer = await replyTo(world!, titled.starter);
    expect(answer.embeds[0]!.title).toMatch(/^auth:73 /);
    expect(buttonIn(answer, 'Mark solved')).toBe(`se:solved:${titled.thread.id}`);
    const texted = post('Spotify will not log in', 'It says: Your country does not match the one set in your profile.', poster());
    expect((await replyTo(world!, texted.starter)).embeds[0]!.title).toMatch(/^accounts:408 /);
    const shot = (await positiveScreenshots(1, { small: false })).find((f) => f.expected === 'accesspoint:39')!;
    const image = standin.attach('dialog.png', shot.bytes, shot.contentType, { width: shot.width, height: shot.height });
    const pictured = post('what is this', '', poster(), { attachments: [image] });
    expect((await replyTo(world!, pictured.starter, 30_000)).embeds[0]!.title).toMatch(/^accesspoint:39 /);
  }, 60_000);

  it('greets a post that shows no error once, with what helps, and nothing else answers it', async () => {
    const { standin } = world!;
    const owner = poster();
    const vague = post('spotify keeps stopping', 'it just stops after a few seconds, any idea?', owner);
    const greeting = await replyTo(world!, vague.starter);
    expect(greeting.embeds[0]!.title).toBe('Thanks for posting — a few things help us help you');
    expect(greeting.embeds[0]!.description).toContain('`/spotify-error`');
    expect(greeting.embeds[0]!.description).toContain('Windows or macOS');
    expect(buttonIn(greeting, 'Mark solved')).toBe(`se:solved:${vague.thread.id}`);
    // Its one weak candidate is no suggestion: no menu of one.
    expect(greeting.components.flatMap((row) => row.components ?? []).filter((c) => c.type === ComponentType.StringSelect)).toEqual([]);
    const more = standin.say(vague.thread, owner, 'also it is on Windows 11');
    await handled(world!, [more]);
    expect(botMessagesIn(vague.thread)).toHaveLength(1);
    // Later messages get automatic replies (the forum is not in the channel scope), with Mark solved.
    const pasted = standin.say(vague.thread, owner, 'now it shows Error code: accounts:406');
    const auto = await replyTo(world!, pasted);
    expect(auto.embeds[0]!.title).toMatch(/^accounts:406 /);
    expect(buttonIn(auto, 'Mark solved')).toBe(`se:solved:${vague.thread.id}`);
    // Edited to another error, the reply follows and keeps its Mark solved.
    standin.edit(pasted, 'sorry, it shows Error code: auth:73', []);
    const followed = await standin.waitForBotMessage((m) => m.id === auto.id && (m.embeds[0]?.title ?? '').startsWith('auth:73 '));
    expect(buttonIn(followed, 'Mark solved')).toBe(`se:solved:${vague.thread.id}`);
  });

  it('follows an edit that takes the code out of a post quoting a message several errors share: the answer becomes their list', async () => {
    const quoted = post('firewall?', 'Spotify says: A firewall may be blocking Spotify. (Error code: accounts:103)', poster());
    const answer = await replyTo(world!, quoted.starter);
    expect(answer.embeds[0]!.title).toMatch(/^accounts:103 /);
    world!.standin.edit(quoted.starter, 'Spotify says: A firewall may be blocking Spotify.', []);
    expect(await handled(world!, [quoted.starter], 'edit')).toEqual(['updated']);
    const shown = world!.standin.messages.get(answer.id)!;
    expect(shown.embeds[0]!.title ?? '').not.toMatch(/^accounts:103 /);
    expect(JSON.stringify(shown.embeds)).toContain('desktop_login_accounts:5');
  });

  it('follows edits of a post\'s opening message: the greeting becomes the answer once the error is added, and the answer follows', async () => {
    const { standin } = world!;
    const owner = poster();
    const vague = post('spotify will not start', 'no idea what happened', owner);
    const greeting = await replyTo(world!, vague.starter);
    expect(greeting.embeds[0]!.title).toBe('Thanks for posting — a few things help us help you');
    standin.edit(vague.starter, 'no idea what happened. Edit: it says Error code: accounts:406', []);
    const answered = await standin.waitForBotMessage((m) => m.id === greeting.id && (m.embeds[0]?.title ?? '').startsWith('accounts:406 '));
    expect(buttonIn(answered, 'Mark solved')).toBe(`se:solved:${vague.thread.id}`);
    standin.edit(vague.starter, 'sorry, wrong one: Error code: auth:73', []);
    await standin.waitForBotMessage((m) => m.id === greeting.id && (m.embeds[0]?.title ?? '').startsWith('auth:73 '));
    // The count moves once the post's row says the answer changed, after the reply's edit: both edits handled.
    await world!.bot.waitForLog(() => world!.bot.logs.filter((l) => l.msg === 'edit handled' && l.message === vague.starter.id).length === 2);
    // Still one reply in the post: the greeting was turned into the answer, not followed by another.
    expect(botMessagesIn(vague.thread)).toHaveLength(1);
    // The stats count the answer under the error it shows now (here, and in the post's automatic reply above).
    const stats = await standin.slash(world!.guild.help, world!.helper, 'spotify-error-admin', {}, ['stats']).reply();
    const top = stats.embeds[0]!.fields!.find((f) => f.name === 'Top errors, 7 days')!.value;
    expect(top).toContain('`auth:73`');
    expect(top).not.toContain('accounts:406');
    // The opening message deleted, its answer goes with it.
    standin.delete(vague.starter);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${greeting.id}`));
  });

  it('lets the owner and helpers mark a post solved, keeping its tags within five, and refuses others', async () => {
    const { standin, guild, helper } = world!;
    const owner = poster();
    const tags = ['Windows', 'macOS', 'Bug', 'Question', 'Other'].map((name) => standin.forumTag(guild.forum, name).id);
    const tagged = post('accounts:408 again', 'Error code: accounts:408', owner, { appliedTags: tags });
    const answer = await replyTo(world!, tagged.starter);
    const stranger = await standin.click(answer, buttonIn(answer, 'Mark solved'), poster('stranger')).reply();
    expect(stranger.flags & 64).toBe(64);
    expect(stranger.content).toContain('Only the person who opened this post');
    const marked = standin.click(answer, buttonIn(answer, 'Mark solved'), owner);
    expect((await marked.reply()).content).toBe('Marked solved. Thanks!');
    const closed = await standin.waitForThreadUpdate((t) => t.id === tagged.thread.id && t.thread_metadata!.archived);
    const solved = standin.forumTag(guild.forum, 'Solved').id;
    expect(closed.applied_tags).toEqual([...tags.slice(0, 4), solved]);
    const line = botMessagesIn(tagged.thread).find((m) => m.content.startsWith('✅ Marked solved by'))!;
    expect(line.content).toBe(`✅ Marked solved by <@${owner.id}>. This post is now closed; post again here to reopen it.`);
    expect(standin.pingsOf(line).users).toEqual([]);

    // A helper can too, with /solved.
    const other = post('stuck', 'Error code: auth:1', poster());
    await replyTo(world!, other.starter);
    const bySlash = await standin.slash(other.thread, helper, 'solved').reply();
    expect(bySlash.content).toBe('Marked solved. Thanks!');
    await standin.waitForThreadUpdate((t) => t.id === other.thread.id && t.thread_metadata!.archived);
    const outside = await standin.slash(guild.help, helper, 'solved').reply();
    expect(outside.content).toContain('inside a post');
  }, 30_000);

  it('closes quiet posts once, saying whether they were answered, and a restart does not lose or repeat it', async () => {
    const { standin } = world!;
    const answered = post('auth:3 help', 'Error code: auth:3', poster());
    await replyTo(world!, answered.starter);
    const lonely = post('spotify trouble', 'it does not work at all', poster());
    await replyTo(world!, lonely.starter);
    await restartBot(world!);
    advance(25 * HOUR);
    await standin.waitForThreadUpdate((t) => t.id === answered.thread.id && t.thread_metadata!.archived, 15_000);
    await standin.waitForThreadUpdate((t) => t.id === lonely.thread.id && t.thread_metadata!.archived, 15_000);
    const closing = (thread: Channel) => botMessagesIn(thread).filter((m) => m.content.startsWith('This post was closed'));
    expect(closing(answered.thread)).toHaveLength(1);
    expect(closing(answered.thread)[0]!.content).toContain('It was answered');
    expect(closing(lonely.thread)[0]!.content).toContain('Nobody has answered it yet');
    expect(standin.pingsOf(closing(lonely.thread)[0]!)).toEqual({ users: [], roles: [], everyone: false });
    // A sweep once they would be quiet again closes nothing twice.
    const movedTo = Date.now() + offset + 25 * HOUR;
    advance(25 * HOUR);
    // The bot was restarted above: its process now.
    await world!.bot.waitForLog((l) => l.msg === 'help-forum sweep done' && Number(l.now) >= movedTo, 15_000);
    expect(closing(answered.thread)).toHaveLength(1);
    expect(closing(lonely.thread)).toHaveLength(1);
  }, 60_000);

  it('counts its posts in the stats: opened, answered, greeted, solved, closed, time to solved', async () => {
    const { standin, guild, helper } = world!;
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    const forums = stats.embeds[0]!.fields!.find((f) => f.name === 'Help forums, 7 / 30 days')!.value;
    expect(forums).toMatch(/^posts (\d+) \/ \1 · answered by the bot (\d+) \/ \2 · greeted (\d+) \/ \3/);
    expect(forums).toContain('solved by their owner 1 / 1, by a helper 1 / 1');
    // Every post left open went quiet when the clock moved a day: the first test's three, the greeted one, the two whose opening message was edited, and two more.
    expect(forums).toContain('closed when quiet 8 / 8');
    expect(forums).toMatch(/median time to solved \d+ min \/ \d+ min/);
  });

  it('reads no screenshot in its posts while the server has turned screenshot reading off', async () => {
    const { standin, guild, helper } = world!;
    const screenshots = async (enabled: boolean) =>
      (await standin.slash(guild.help, helper, 'spotify-error-admin', { enabled }, ['settings', 'screenshots']).reply()).content;
    expect(await screenshots(false)).toBe('Reading screenshots is now **off**.');
    try {
      const shot = (await positiveScreenshots(1, { small: false })).find((f) => f.expected === 'accesspoint:39')!;
      const image = standin.attach('dialog.png', shot.bytes, shot.contentType, { width: shot.width, height: shot.height });
      const pictured = post('what is this', '', poster(), { attachments: [image] });
      expect((await replyTo(world!, pictured.starter)).embeds[0]!.title).toBe('Thanks for posting — a few things help us help you');
    } finally {
      expect(await screenshots(true)).toBe('Reading screenshots is now **on**.');
    }
  });

  it('says what it lacks without Manage Threads, and keeps answering', async () => {
    const { standin, guild, helper, bot } = world!;
    const bare = standin.addForum(guild, 'bare-forum', { parentId: guild.help.parent_id });
    const setup = await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: bare }, ['forum', 'add']).reply();
    expect(setup.content).toContain('I need **Manage Threads** in that forum');
    const owner = poster();
    const item = standin.addForumPost(guild, bare, { title: 'Error code: auth:2', content: 'hi', owner });
    const answer = await replyTo(world!, item.starter);
    expect(answer.embeds[0]!.title).toMatch(/^auth:2 /);
    // Counted as solved, and the owner is told the post stays open rather than thanked for a close that did not happen.
    const marked = await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply();
    expect(marked.content).toBe('Marked solved, thanks. I could not close this post, though: I need **Manage Threads** in this forum. A moderator can close it.');
    await bot.waitForLog((l) => l.msg.startsWith('help forum: the bot lacks permissions'));
    expect(standin.channel(item.thread.id).thread_metadata!.archived).toBe(false);
  });

  it('says at set-up that it cannot answer posts where it may not post, rather than that it answers them', async () => {
    const { standin, guild, helper } = world!;
    const mute = standin.addForum(guild, 'mute-forum', { parentId: guild.help.parent_id });
    standin.denyBot(mute, P.SendMessagesInThreads);
    const setup = await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: mute }, ['forum', 'add']).reply();
    expect(setup.content).toContain('⚠️ I need **Manage Threads, Send Messages in Threads** in that forum. Until then I cannot answer its posts, nor tag or close them.');
    expect(setup.content).not.toContain('I answer');
    await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: mute }, ['forum', 'remove']).reply();
  });

  it('marks solved a post Discord archived for inactivity, after a restart (archived posts are not in the cache)', async () => {
    const { standin, guild } = world!;
    const owner = poster();
    const quiet = post('Error code: auth:3 again', 'help', owner);
    const answer = await replyTo(world!, quiet.starter);
    // The forum's own auto-archive can come before the bot's idle hours.
    standin.updateThread(quiet.thread, { archived: true });
    await restartBot(world!);
    const marked = await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply();
    expect(marked.content).toBe('Marked solved. Thanks!');
    const solved = standin.forumTag(guild.forum, 'Solved').id;
    await standin.waitForThreadUpdate((t) => t.id === quiet.thread.id && t.thread_metadata!.archived && (t.applied_tags ?? []).includes(solved));
  }, 30_000);

  it('keeps its answer in a closed post when the owner presses Dismiss, and says why, before and after a restart', async () => {
    const { standin } = world!;
    const owner = poster();
    const solvedPost = post('auth:73 again', 'Error code: auth:73', owner);
    const answer = await replyTo(world!, solvedPost.starter);
    expect((await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply()).content).toBe('Marked solved. Thanks!');
    await standin.waitForThreadUpdate((t) => t.id === solvedPost.thread.id && t.thread_metadata!.archived);
    const archived = "I can't remove this answer: its thread is archived. Post in it to reopen it first.";
    expect((await standin.click(answer, buttonIn(answer, 'Dismiss'), owner).reply()).content).toBe(archived);
    // Discord sends only active threads when the bot connects: this one is not in its cache.
    await restartBot(world!);
    expect((await standin.click(answer, buttonIn(answer, 'Dismiss'), owner).reply()).content).toBe(archived);
    expect(standin.messages.has(answer.id)).toBe(true);
  }, 30_000);

  it('follows edits and the deletion of a post\'s opening message after a restart', async () => {
    const { standin } = world!;
    const vague = post('spotify will not open', 'nothing happens when I click it', poster());
    const greeting = await replyTo(world!, vague.starter);
    expect(greeting.embeds[0]!.title).toBe('Thanks for posting — a few things help us help you');
    await restartBot(world!);
    standin.edit(vague.starter, 'nothing happens when I click it. Error code: auth:3', []);
    await standin.waitForBotMessage((m) => m.id === greeting.id && (m.embeds[0]?.title ?? '').startsWith('auth:3 '));
    expect(botMessagesIn(vague.thread)).toHaveLength(1);
    await restartBot(world!);
    standin.delete(vague.starter);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${greeting.id}`));
  }, 60_000);
});

describe('help forums across a shutdown', () => {
  let world: World | undefined;
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('closes in Discord, too, a quiet post the sweep was closing when the bot was stopped', async () => {
    const sweeping = await sweepingWorld();
    world = sweeping.world;
    const { standin } = world;
    // Discord makes the closing line wait: the sweep is still closing the post when SIGTERM comes.
    const quiet = await postBeingClosed(world, sweeping.clockFile, 3);
    await restartBot(world);
    await standin.waitForThreadUpdate((t) => t.id === quiet.thread.id && t.thread_metadata!.archived, 15_000);
    expect(standin.botMessages(quiet.thread.id).filter((m) => m.content.startsWith('This post was closed'))).toHaveLength(1);
  }, 60_000);
});

describe('help forums across a crash', () => {
  let world: World | undefined;
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('closes in Discord, once started again, a quiet post the sweep had closed in the database when the bot was killed', async () => {
    const sweeping = await sweepingWorld();
    world = sweeping.world;
    const { standin } = world;
    // Discord makes the closing line wait long: the post is closed in the database, not yet in Discord, when the bot is killed.
    const quiet = await postBeingClosed(world, sweeping.clockFile, 60);
    world.bot.child.kill('SIGKILL');
    await world.bot.exit();
    world.bot = startBotProcess(standin.botEnv(world.env));
    await world.bot.ready();
    await standin.waitForThreadUpdate((t) => t.id === quiet.thread.id && t.thread_metadata!.archived, 15_000);
    expect(standin.botMessages(quiet.thread.id).filter((m) => m.content.startsWith('This post was closed'))).toHaveLength(1);
  }, 60_000);
});

describe('help-forum posts opened while the bot was away', () => {
  let world: World | undefined;
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);
  const closedIn = (thread: Channel) => world!.standin.waitForBotMessage((m) => m.channel_id === thread.id && m.content.startsWith('This post was closed'), 30_000);

  it('answers or greets at start those opened within a day, follows older ones, and answers one opened while the gateway connection was lost', async () => {
    world = (await sweepingWorld()).world;
    const { standin, guild } = world;
    const asker = standin.addMember(guild, 'asker');
    const opened: Record<string, { thread: Channel; starter: Message }> = {};
    await restartBot(world, () => {
      opened.answered = standin.addForumPost(guild, guild.forum, { title: 'spotify help', content: 'It says Error code: auth:3', owner: asker });
      opened.greeted = standin.addForumPost(guild, guild.forum, { title: 'spotify keeps stopping', content: 'it just stops after a few seconds, any idea?', owner: asker });
      opened.old = standin.addForumPost(guild, guild.forum, { title: 'old one', content: 'It says Error code: auth:1', owner: asker });
      // Opened two days ago, its last message an hour and a half ago: past the forum's idle hour.
      opened.old.thread.thread_metadata!.create_timestamp = new Date(Date.now() - 48 * HOUR).toISOString();
      opened.old.thread.last_message_id = snowflake(Date.now() - 1.5 * HOUR);
    });
    const { answered, greeted, old } = opened as Record<string, { thread: Channel; starter: Message }>;
    expect((await replyTo(world, answered!.starter, 30_000)).embeds[0]!.title).toMatch(/^auth:3 /);
    expect((await replyTo(world, greeted!.starter, 30_000)).embeds[0]!.title).toBe('Thanks for posting — a few things help us help you');
    // Never greeted: followed, and closed as quiet from its last message.
    expect((await closedIn(old!.thread)).content).toContain('Nobody has answered it yet');
    expect(standin.botMessages(old!.thread.id)).toHaveLength(1);
    // A new session (the connection lost, not resumed): what came meanwhile is never sent.
    standin.dropGateway(4007);
    const missed = standin.addForumPost(guild, guild.forum, { title: 'help', content: 'It says Error code: auth:73', owner: asker });
    expect((await replyTo(world, missed.starter, 30_000)).embeds[0]!.title).toMatch(/^auth:73 /);
    expect([answered!, greeted!, missed].map((p) => standin.botMessages(p.thread.id).length)).toEqual([1, 1, 1]);
  }, 90_000);

  it('follows a post it does not know from a member\'s next message, without greeting it', async () => {
    const { standin, guild, helper } = world!;
    const asker = standin.addMember(guild, 'early-asker');
    const more = standin.addForum(guild, 'more-help');
    standin.allowBot(more, P.ManageThreads);
    // Opened before the forum was chosen.
    const early = standin.addForumPost(guild, more, { title: 'spotify keeps stopping', content: 'any idea?', owner: asker });
    await handled(world!, [early.starter]);
    await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: more, 'idle-hours': 1 }, ['forum', 'add']).reply();
    // A new session: the bot catches up on the forum's active posts, and does not greet one opened before it was chosen.
    standin.dropGateway(4007);
    const missed = standin.addForumPost(guild, more, { title: 'help', content: 'It says Error code: auth:73', owner: asker });
    expect((await replyTo(world!, missed.starter, 30_000)).embeds[0]!.title).toMatch(/^auth:73 /);
    expect(standin.botMessages(early.thread.id)).toEqual([]);
    await handled(world!, [standin.say(early.thread, asker, 'still stopping, anyone?')]);
    expect(standin.botMessages(early.thread.id)).toEqual([]);
    writeFileSync(world!.env.CLOCK_OFFSET_FILE!, String(2 * HOUR));
    expect((await closedIn(early.thread)).content).toContain('Nobody has answered it yet');
  }, 60_000);
});

describe('help forums while Discord fails', () => {
  let world: World | undefined;
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);
  let clockFile = '';
  /** Discord failing a post's messages: 5xx each time, past discord.js's three retries. */
  const failMessagesIn = (thread: Channel) => {
    world!.standin.inject({ method: 'POST', path: new RegExp(`/channels/${thread.id}/messages$`), status: 503, message: 'Service Unavailable', times: 4 });
    const failed = (r: { path: string; status: number }) => r.path.endsWith(`/channels/${thread.id}/messages`) && r.status === 503;
    return world!.standin.waitForRequest(() => world!.standin.requests.filter(failed).length === 4, 15_000);
  };

  beforeAll(async () => {
    ({ world, clockFile } = await sweepingWorld());
  }, 60_000);

  it('does not tell a member their post is solved while Discord failed to close it, and closes it when asked again', async () => {
    const { standin, guild } = world!;
    const owner = standin.addMember(guild, 'solver');
    const asked = standin.addForumPost(guild, guild.forum, { title: 'auth:3 help', content: 'Error code: auth:3', owner });
    const answer = await replyTo(world!, asked.starter);
    const failing = failMessagesIn(asked.thread);
    const first = await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply();
    await failing;
    const said = await standin.waitForBotMessage((m) => m.id === first.id && m.content !== '', 15_000);
    expect(said.content).not.toBe('Marked solved. Thanks!');
    expect(standin.channel(asked.thread.id).thread_metadata!.archived).toBe(false);
    expect((await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply()).content).toBe('Marked solved. Thanks!');
    await standin.waitForThreadUpdate((t) => t.id === asked.thread.id && t.thread_metadata!.archived);
  }, 60_000);

  it('says Discord is not answering, not that it is no help post, when Discord fails to fetch an archived post after a restart', async () => {
    const { standin, guild } = world!;
    const owner = standin.addMember(guild, 'archived-solver');
    const asked = standin.addForumPost(guild, guild.forum, { title: 'auth:3 once more', content: 'Error code: auth:3', owner });
    const answer = await replyTo(world!, asked.starter);
    standin.updateThread(asked.thread, { archived: true });
    await restartBot(world!);
    // An archived post is not in the cache after a restart: fetched, and Discord fails it past discord.js's retries.
    standin.inject({ method: 'GET', path: new RegExp(`/channels/${asked.thread.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    const first = await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply(15_000);
    const said = await standin.waitForBotMessage((m) => m.id === first.id && m.content !== '', 15_000);
    expect(said.content).toBe('Discord is not answering right now, so the post is still open. Try again in a minute.');
    expect((await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply()).content).toBe('Marked solved. Thanks!');
  }, 60_000);

  it('answers Dismiss in an archived post within Discord\'s three seconds while Discord is slow to fetch the post after a restart', async () => {
    const { standin, guild } = world!;
    const owner = standin.addMember(guild, 'slow-dismisser');
    const asked = standin.addForumPost(guild, guild.forum, { title: 'auth:73 once more', content: 'Error code: auth:73', owner });
    const answer = await replyTo(world!, asked.starter);
    standin.updateThread(asked.thread, { archived: true });
    await restartBot(world!);
    // Not in the cache after a restart: fetched, and Discord makes the fetch wait past the interaction's three seconds.
    standin.inject({ method: 'GET', path: new RegExp(`/channels/${asked.thread.id}$`), status: 429, retryAfter: 3.5 });
    const click = standin.click(answer, buttonIn(answer, 'Dismiss'), owner);
    // A late answer is refused (Unknown interaction), which fails the test; the refusal comes once the post is fetched.
    const said = await click.followup(0, 15_000);
    expect(said.content).toBe("I can't remove this answer: its thread is archived. Post in it to reopen it first.");
    expect(said.flags & 64).toBe(64);
    expect(standin.messages.has(answer.id)).toBe(true);
  }, 60_000);

  it('archives a post marked solved once Discord answers again when Discord failed to archive it after the closing line', async () => {
    const { standin, guild } = world!;
    const owner = standin.addMember(guild, 'archive-waiter');
    const asked = standin.addForumPost(guild, guild.forum, { title: 'auth:1 help', content: 'Error code: auth:1', owner });
    const answer = await replyTo(world!, asked.starter);
    // The closing line goes out; archiving the post fails past discord.js's retries.
    standin.inject({ method: 'PATCH', path: new RegExp(`/channels/${asked.thread.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    expect((await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply()).content).toBe('Marked solved. Thanks!');
    await standin.waitForThreadUpdate((t) => t.id === asked.thread.id && t.thread_metadata!.archived, 20_000);
    expect(standin.botMessages(asked.thread.id).filter((m) => m.content.startsWith('✅ Marked solved'))).toHaveLength(1);
  }, 60_000);

  it('closes a quiet post in a later sweep when Discord failed its closing line', async () => {
    const { standin, guild } = world!;
    const quiet = standin.addForumPost(guild, guild.forum, { title: 'auth:73 help', content: 'Error code: auth:73', owner: standin.addMember(guild, 'quiet') });
    await handled(world!, [await replyTo(world!, quiet.starter)]);
    const failing = failMessagesIn(quiet.thread);
    writeFileSync(clockFile, String(2 * HOUR));
    await failing;
    await standin.waitForThreadUpdate((t) => t.id === quiet.thread.id && t.thread_metadata!.archived, 15_000);
    expect(standin.botMessages(quiet.thread.id).filter((m) => m.content.startsWith('This post was closed'))).toHaveLength(1);
  }, 60_000);

  it('answers a new post whose first reply Discord failed once Discord answers again, from its opening message as edited since, once', async () => {
    const { standin, guild } = world!;
    const vague = standin.addForumPost(guild, guild.forum, { title: 'spotify will not start', content: 'no idea why', owner: standin.addMember(guild, 'unanswered') });
    const failing = failMessagesIn(vague.thread);
    await handled(world!, [vague.starter]);
    await failing;
    standin.edit(vague.starter, 'no idea why. It says Error code: accounts:408', []);
    // Sent by a sweep (the greeting, turned into the answer by the edit, if the sweep came first): one reply, the answer.
    await standin.waitForBotMessage((m) => m.message_reference?.message_id === vague.starter.id && (m.embeds[0]?.title ?? '').startsWith('accounts:408 '), 15_000);
    await handled(world!, [vague.starter], 'edit');
    // Not sent again by a sweep after a restart.
    await restartBot(world!);
    await world!.bot.waitForLog((l) => l.msg === 'help-forum sweep done');
    expect(standin.botMessages(vague.thread.id)).toHaveLength(1);
  }, 60_000);

  it('keeps following the opening message when Discord failed to update the greeting, also after a restart', async () => {
    const { standin, guild } = world!;
    const vague = standin.addForumPost(guild, guild.forum, { title: 'spotify will not log in', content: 'no idea why', owner: standin.addMember(guild, 'editor') });
    const greeting = await replyTo(world!, vague.starter);
    standin.inject({ method: 'PATCH', path: new RegExp(`/messages/${greeting.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    standin.edit(vague.starter, 'no idea why. It says Error code: auth:3', []);
    expect(await handled(world!, [vague.starter], 'edit')).toEqual(['failed']);
    await restartBot(world!);
    standin.edit(vague.starter, 'no idea why. It says Error code: auth:3 (still)', []);
    await standin.waitForBotMessage((m) => m.id === greeting.id && (m.embeds[0]?.title ?? '').startsWith('auth:3 '));
  }, 60_000);

  it('deletes the answer once Discord answers again when Discord failed the delete after the opening message was deleted', async () => {
    const { standin, guild } = world!;
    const asked = standin.addForumPost(guild, guild.forum, { title: 'auth:3 again', content: 'Error code: auth:3', owner: standin.addMember(guild, 'deleter') });
    const answer = await replyTo(world!, asked.starter);
    await handled(world!, [asked.starter]);
    standin.inject({ method: 'DELETE', path: new RegExp(`/messages/${answer.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    standin.delete(asked.starter);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${answer.id}`) && r.status < 300, 15_000);
    expect(standin.messages.has(answer.id)).toBe(false);
    expect(await handled(world!, [asked.starter], 'delete')).toEqual(['failed']);
  }, 60_000);
});

describe('a help-forum post its first reply answered', () => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
    const { standin, guild, helper } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum }, ['forum', 'add']).reply();
  }, 60_000);
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('does not answer again in a post the error its first reply shows, while that reply shows it', async () => {
    const { standin, guild } = world!;
    const owner = standin.addMember(guild, 'asker');
    const asked = standin.addForumPost(guild, guild.forum, { title: 'spotify will not log in', content: 'Error code: auth:73', owner });
    const first = await replyTo(world!, asked.starter);
    await handled(world!, [asked.starter]);
    // "Still" the same error: the channel's cooldown holds in a post as in any channel.
    const again = standin.say(asked.thread, owner, 'I tried all that, still Error code: auth:73');
    expect(await handled(world!, [again])).toEqual(['channel-cooldown']);
    expect(standin.botMessages(asked.thread.id).map((m) => m.id)).toEqual([first.id]);
    // Another error there is answered.
    const other = standin.say(asked.thread, owner, 'now it says Error code: accounts:406');
    expect((await replyTo(world!, other)).embeds[0]!.title).toMatch(/^accounts:406 /);
    // The opening message edited to another error, the first reply shows that one instead.
    standin.edit(asked.starter, 'Error code: auth:3');
    await standin.waitForBotMessage((m) => m.id === first.id && (m.embeds[0]?.title ?? '').startsWith('auth:3 '));
    await handled(world!, [asked.starter], 'edit');
    const said = (content: string) => standin.say(asked.thread, standin.addMember(guild, 'same-here'), content);
    expect((await replyTo(world!, said('same here, Error code: auth:73'))).embeds[0]!.title).toMatch(/^auth:73 /);
    expect(await handled(world!, [said('me too, Error code: auth:3')])).toEqual(['channel-cooldown']);
    // Dismissed, the first reply no longer shows it.
    await standin.click(first, buttonIn(first, 'Dismiss'), owner).response();
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${first.id}`));
    expect((await replyTo(world!, said('and me, Error code: auth:3'))).embeds[0]!.title).toMatch(/^auth:3 /);
  }, 30_000);
});
