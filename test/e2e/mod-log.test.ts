import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, P, type Channel, type Message } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, handled, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
let log: Channel;
let clockFile = '';
beforeAll(async () => {
  clockFile = join(mkdtempSync(join(tmpdir(), 'clock-')), 'offset');
  writeFileSync(clockFile, '0');
  world = await startWorld({
    env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id, CLOCK_OFFSET_FILE: clockFile, FORUM_SWEEP_SECONDS: '1' }),
  });
  log = world.standin.addChannel(world.guild, 'mod-log', CHANNEL.Text);
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

const ADMIN = 'spotify-error-admin';
const admin = (path: string[], options: Record<string, unknown> = {}) =>
  world!.standin.slash(world!.guild.help, world!.helper, ADMIN, options, path).reply();
/** The next line in the log channel containing `text`. */
const logLine = (text: string) => world!.standin.waitForBotMessage((m) => m.channel_id === log.id && m.content.includes(text), 20_000);
const logLines = () => world!.standin.botMessages(log.id);
const buttonIn = (message: Message, label: string) => {
  for (const row of message.components) for (const c of row.components ?? []) if (c.label === label) return c.custom_id!;
  throw new Error(`no ${label}`);
};

describe("the moderators' log", () => {
  it('records each moderator action and forum event once, naming people without pinging them', async () => {
    const { standin, guild, helper, member } = world!;
    const set = await admin(['log', 'channel'], { channel: log });
    expect(set.content).toContain("The moderators' log now goes to");
    const first = await logLine('changed settings');
    expect(first.content).toBe(`⚙️ <@${helper.id}> changed settings: log channel: — → <#${log.id}>`);

    await admin(['settings', 'symptom-mode'], { enabled: true });
    expect((await logLine('symptom mode')).content).toBe(`⚙️ <@${helper.id}> changed settings: symptom mode: off → on`);

    await admin(['phrase', 'add'], { phrase: 'stuck on the **purple** spinner', code: 'desktop_login_accounts:2' });
    expect((await logLine('added the phrase')).content).toBe(
      `📝 <@${helper.id}> added the phrase “stuck on the \\*\\*purple\\*\\* spinner” → \`desktop_login_accounts:2\``,
    );
    // Named loosely: the log shows the phrase removed, as it was stored, and its error.
    const removed = await admin(['phrase', 'remove'], { phrase: 'STUCK on the purple spinner!!' });
    expect(removed.content).toBe('Removed the phrase “stuck on the \\*\\*purple\\*\\* spinner” (it meant `desktop_login_accounts:2`).');
    expect((await logLine('removed the phrase')).content).toBe(
      `📝 <@${helper.id}> removed the phrase “stuck on the \\*\\*purple\\*\\* spinner” → \`desktop_login_accounts:2\``,
    );

    const question = standin.say(guild.general, member, 'it says Error code: accounts:406');
    await standin.messageCommand(guild.general, helper, 'Send Spotify fix', question).reply();
    await replyTo(world!, question);
    expect((await logLine('sent `accounts:406`')).content).toBe(
      `🛠️ <@${helper.id}> sent \`accounts:406\` to <@${member.id}>: https://discord.com/channels/${guild.id}/${guild.general.id}/${question.id}`,
    );

    const pasted = standin.say(guild.help, standin.addMember(guild, 'paster'), 'Error code: auth:73');
    const auto = await replyTo(world!, pasted);
    await standin.click(auto, buttonIn(auto, 'Dismiss'), helper).response();
    expect((await logLine('dismissed')).content).toBe(`🗑️ <@${helper.id}> dismissed an answer of the bot in <#${guild.help.id}>`);

    standin.allowBot(guild.forum, P.ManageThreads);
    await admin(['forum', 'add'], { forum: guild.forum, 'idle-hours': 1 });
    const owner = standin.addMember(guild, 'owner');
    const solvedPost = standin.addForumPost(guild, guild.forum, { title: 'Error code: auth:1', content: 'help', owner });
    const answer = await replyTo(world!, solvedPost.starter);
    await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply();
    expect((await logLine('marked')).content).toBe(`✅ <@${owner.id}> marked <#${solvedPost.thread.id}> solved (its owner)`);
    const quiet = standin.addForumPost(guild, guild.forum, { title: 'spotify broke', content: 'no idea', owner: standin.addMember(guild, 'q') });
    const greeting = await replyTo(world!, quiet.starter);
    // The bot counts its own greeting as the post's last activity: move the clock only once it has.
    await handled(world!, [quiet.starter, greeting]);
    writeFileSync(clockFile, String(2 * 3_600_000));
    expect((await logLine('was closed')).content).toBe(`🔒 <#${quiet.thread.id}> was closed after going quiet (never answered)`);

    for (const line of logLines()) expect(standin.pingsOf(line), line.content).toEqual({ users: [], roles: [], everyone: false });
    const kinds = ['changed settings: log channel', 'symptom mode', 'added the phrase', 'removed the phrase', 'sent `accounts:406`', 'dismissed', 'marked', 'was closed'];
    for (const kind of kinds) expect(logLines().filter((l) => l.content.includes(kind)), kind).toHaveLength(1);
  }, 60_000);

  it('posts a warning at most once an hour per cause', async () => {
    const { standin, guild } = world!;
    const muted = standin.addChannel(guild, 'muted', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const asks = [0, 1].map(() => standin.say(muted, standin.addMember(guild, 'asker'), `<@${standin.bot.id}> Error code: auth:3`));
    await handled(world!, asks);
    const warning = await logLine(`In <#${muted.id}>`);
    expect(warning.content).toBe(`⚠️ In <#${muted.id}>: cannot answer here: the bot lacks Send Messages.`);
    // A line posted after both asks were handled: a second warning, had there been one, came before it.
    await admin(['phrase', 'add'], { phrase: 'after the warnings', code: 'auth:3' });
    await logLine('“after the warnings”');
    expect(logLines().filter((l) => l.content.includes(`In <#${muted.id}>`))).toHaveLength(1);
  });

  it('names what a help forum lacks as Discord spells it, and what the bot cannot do there for it', async () => {
    const { standin, guild } = world!;
    const bare = standin.addForum(guild, 'bare-help');
    await admin(['forum', 'add'], { forum: bare });
    const owner = standin.addMember(guild, 'bare-owner');
    const post = standin.addForumPost(guild, bare, { title: 'Error code: auth:1', content: 'help', owner });
    const answer = await replyTo(world!, post.starter);
    await standin.click(answer, buttonIn(answer, 'Mark solved'), owner).reply();
    // It answers there: only closing posts needs what it lacks.
    expect((await logLine(`Help forum <#${bare.id}>`)).content).toBe(
      `⚠️ Help forum <#${bare.id}>: I lack Manage Threads there, so I answer its posts but cannot tag or close them.`,
    );
  });

  it('says in the log that it was turned off, then posts nothing, and a log channel it may not post in costs one process-log line', async () => {
    const { standin, guild, bot } = world!;
    await admin(['log', 'off']);
    // Its last line says who turned it off, where it was: the log does not just fall silent.
    expect((await logLine(`log channel: <#${log.id}> → —`)).content).toBe(`⚙️ <@${world!.helper.id}> changed settings: log channel: <#${log.id}> → —`);
    const earlier = new Set(logLines().map((l) => l.id));
    await admin(['settings', 'symptom-mode'], { enabled: false });
    await admin(['settings', 'screenshots'], { enabled: false });
    // Turned on again, its first line is the one of turning it on: nothing came in between.
    await admin(['log', 'channel'], { channel: log });
    await standin.waitForBotMessage((m) => m.channel_id === log.id && !earlier.has(m.id) && m.content.includes('changed settings: log channel'));
    const since = logLines().filter((l) => !earlier.has(l.id));
    expect(since.map((l) => l.content)).toEqual([`⚙️ <@${world!.helper.id}> changed settings: log channel: — → <#${log.id}>`]);

    const closed = standin.addChannel(guild, 'closed-log', CHANNEL.Text);
    standin.denyBot(closed, P.SendMessages);
    const set = await admin(['log', 'channel'], { channel: closed });
    expect(set.content).toContain('I need **Send Messages** there');
    await admin(['settings', 'screenshots'], { enabled: true });
    await bot.waitForLog((l) => l.msg === "cannot post in the moderators' log channel");
    await admin(['settings', 'symptom-mode'], { enabled: true });
    expect(bot.logs.filter((l) => l.msg === "cannot post in the moderators' log channel")).toHaveLength(1);
    expect(standin.botMessages(closed.id)).toEqual([]);
  });

  it('posts in a log channel where it may send but not read the history: its lines are no replies', async () => {
    const { standin, guild, helper } = world!;
    const writeOnly = standin.addChannel(guild, 'write-only-log', CHANNEL.Text);
    standin.denyBot(writeOnly, P.ReadMessageHistory);
    const set = await admin(['log', 'channel'], { channel: writeOnly });
    expect(set.content).toBe(`The moderators' log now goes to <#${writeOnly.id}>.`);
    const line = await standin.waitForBotMessage((m) => m.channel_id === writeOnly.id && m.content.includes('changed settings'), 20_000);
    expect(line.content).toMatch(new RegExp(`^⚙️ <@${helper.id}> changed settings: log channel: .* → <#${writeOnly.id}>$`));
  });
});
