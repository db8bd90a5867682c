import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, type Message } from '../../scripts/discord-standin/index.js';
import { BACKENDS, botDatabaseEnv } from '../storage/helpers.js';
import { expectNoViolations, expectRefused, handled, replyTo, restartBot, startWorld, stopWorld, type World } from './harness.js';

const ADMIN = 'spotify-error-admin';
const FIX = 'Send Spotify fix';
const NOTICE = "That is a notice from Discord, not a member's message, and Discord takes no reply to it. Use **Send Spotify fix** on the member's own message.";
const OWN_MESSAGE = "That is one of my own messages. Use **Send Spotify fix** on the member's message.";

const selectIn = (message: Message) => {
  for (const row of message.components) for (const c of row.components ?? []) if (c.type === 3) return c;
  throw new Error('no select');
};

describe.each(BACKENDS)('moderator features on %s', (backend) => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld({ env: await botDatabaseEnv(backend) });
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  const admin = (user: World['member'], path: string[], options: Record<string, unknown> = {}) =>
    world!.standin.slash(world!.guild.help, user, ADMIN, options, path).reply();

  it('"Send Spotify fix" replies to the message with the entry, mentioning only its author', async () => {
    const { standin, guild, member, helper, bot } = world!;
    expect(bot.logs.some((l) => l.msg === 'storage ready' && l.storage === backend)).toBe(true);
    const question = standin.say(guild.general, member, 'help, spotify shows Error code: accounts:406 on my PC');
    const confirmation = await standin.messageCommand(guild.general, helper, FIX, question).reply();
    expect(confirmation.flags & 64).toBe(64);
    const fix = await replyTo(world!, question);
    expect(fix.content).toBe(`<@${member.id}>, here is the fix for \`accounts:406\` (sent by <@${helper.id}>).`);
    expect(fix.embeds[0]!.title).toMatch(/^accounts:406/);
    expect(standin.pingsOf(fix).users).toEqual([member.id]);
    await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content.startsWith('Sent `accounts:406`'));
  });

  it('offers a private choice when the message is unclear, then posts the pick', async () => {
    const { standin, guild, member, helper } = world!;
    const vague = standin.say(guild.general, member, 'my spotify just will not log in anymore, it spins forever');
    const picker = await standin.messageCommand(guild.general, helper, FIX, vague).reply();
    expect(picker.flags & 64).toBe(64);
    const select = selectIn(picker);
    expect(select.options!.length).toBeGreaterThan(3);
    const pick = standin.select(picker, select.custom_id!, ['desktop_login_accounts:2'], helper);
    expect((await pick.response()).type).toBe(6);
    const fix = await replyTo(world!, vague);
    expect(fix.embeds[0]!.title).toMatch(/^desktop_login_accounts:2/);
    expect(standin.pingsOf(fix).users).toEqual([member.id]);
    // The private list closes and says what was sent.
    const closed = await pick.reply();
    expect(closed.id).toBe(picker.id);
    expect(closed.content).toBe(`Sent \`desktop_login_accounts:2\` to <@${member.id}>.`);
    expect(closed.components).toEqual([]);
  });

  it('sends one fix from a private list, however quickly the helper picks again', async () => {
    const { standin, guild, member, helper } = world!;
    const vague = standin.say(guild.general, member, 'spotify will not log in for me, the wheel spins forever');
    const picker = await standin.messageCommand(guild.general, helper, FIX, vague).reply();
    const select = selectIn(picker);
    const [one, two] = select.options!.map((o) => o.value!);
    // A change of mind before the list closed: both choices reach the bot.
    const first = standin.select(picker, select.custom_id!, [one!], helper);
    const second = standin.select(picker, select.custom_id!, [two!], helper);
    expect((await first.reply()).content).toBe(`Sent \`${one}\` to <@${member.id}>.`);
    expect((await second.reply()).content).toBe('A fix from this list was sent already. Use **Send Spotify fix** again to send another.');
    expect(standin.botMessages().filter((m) => m.message_reference?.message_id === vague.id)).toHaveLength(1);
  });

  it('"Send Spotify fix" says Discord failed, not that a permission is missing, when Discord fails the reply', async () => {
    const { standin, guild, member, helper } = world!;
    const question = standin.say(guild.general, member, 'spotify shows Error code: accounts:406 again');
    // 5xx each time, past discord.js's three retries.
    standin.inject({ method: 'POST', path: new RegExp(`/channels/${guild.general.id}/messages$`), status: 503, message: 'Service Unavailable', times: 4 });
    const confirmation = await standin.messageCommand(guild.general, helper, FIX, question).reply();
    const said = await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content !== '', 15_000);
    expect(said.content).not.toContain('I need');
    expect(said.content).toBe('Discord did not take the fix just now (it is failing or slow). Try again in a moment.');
    // Nor that the message is gone, when Discord fails to give it.
    standin.inject({ method: 'GET', path: new RegExp(`/channels/${guild.general.id}/messages/${question.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    const again = await standin.messageCommand(guild.general, helper, FIX, question).reply();
    const saidAgain = await standin.waitForBotMessage((m) => m.id === again.id && m.content !== '', 15_000);
    expect(saidAgain.content).toBe('Discord did not take the fix just now (it is failing or slow). Try again in a moment.');
  });

  it('says to use "Send Spotify fix" on the message again when Discord fails the fix picked from a list, which is closed', async () => {
    const { standin, guild, member, helper } = world!;
    const vague = standin.say(guild.general, member, 'spotify will not log me in, the login wheel just spins');
    const picker = await standin.messageCommand(guild.general, helper, FIX, vague).reply();
    const select = selectIn(picker);
    standin.inject({ method: 'POST', path: new RegExp(`/channels/${guild.general.id}/messages$`), status: 503, message: 'Service Unavailable', times: 4 });
    const pick = standin.select(picker, select.custom_id!, [select.options![0]!.value!], helper);
    const closed = await pick.reply(15_000);
    expect(closed.components).toEqual([]);
    expect(closed.content).toBe('Discord did not take the fix just now (it is failing or slow). Use **Send Spotify fix** on the message again in a moment.');
  });

  it('"Send Spotify fix" in a thread not in the cache says Discord failed, not that the message is gone, when Discord fails to give the thread', async () => {
    const { standin, guild, member, helper } = world!;
    const thread = standin.addThread(guild, guild.general, 'spotify stopped playing', member);
    const question = standin.say(thread, member, 'spotify keeps saying Error code: accesspoint:22');
    standin.updateThread(thread, { archived: true });
    // Discord sends only active threads when the bot connects: this one is looked up, and Discord fails (past discord.js's retries).
    await restartBot(world!);
    standin.inject({ method: 'GET', path: new RegExp(`/channels/${thread.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    const confirmation = await standin.messageCommand(thread, helper, FIX, question).reply();
    const said = await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content !== '', 15_000);
    expect(said.content).toBe('Discord did not take the fix just now (it is failing or slow). Try again in a moment.');
  });

  it('sends the fix picked again from a private list after Discord lost the first pick (its 3 seconds missed)', async () => {
    const { standin, guild, member, helper } = world!;
    const vague = standin.say(guild.general, member, 'spotify login keeps failing, the spinner never stops');
    const picker = await standin.messageCommand(guild.general, helper, FIX, vague).reply();
    const select = selectIn(picker);
    const value = select.options![0]!.value!;
    // Under load the pick's acknowledgement came too late: Discord refuses it, and the apology after it.
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 404, code: 10062, message: 'Unknown interaction', times: 2 });
    const lost = standin.select(picker, select.custom_id!, [value], helper);
    const refused = (r: { path: string; status: number }) => r.path.includes(`/interactions/${lost.id}/`) && r.status === 404;
    await standin.waitForRequest(() => standin.requests.filter(refused).length === 2);
    expect((await standin.select(picker, select.custom_id!, [value], helper).reply()).content).toBe(`Sent \`${value}\` to <@${member.id}>.`);
    expect((await replyTo(world!, vague)).embeds[0]!.title).toMatch(new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('"Send Spotify fix" works in a thread archived before a restart, and names what it lacks where it cannot see', async () => {
    const { standin, guild, member, helper } = world!;
    const thread = standin.addThread(guild, guild.general, 'spotify will not start', member);
    const question = standin.say(thread, member, 'spotify keeps saying Error code: accesspoint:22');
    standin.updateThread(thread, { archived: true });
    // Discord sends only active threads when the bot connects: this one is not in its cache.
    await restartBot(world!);
    const confirmation = await standin.messageCommand(thread, helper, FIX, question).reply();
    await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content.startsWith('Sent `accesspoint:22`'));

    const hidden = standin.addChannel(guild, 'staff-only');
    const asked = standin.say(hidden, member, 'Error code: auth:3');
    standin.denyBot(hidden, P.ViewChannel);
    const refused = await standin.messageCommand(hidden, helper, FIX, asked).reply();
    const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
    expect(said.content).toContain("I can't post in that channel (I need View Channel");

    // Out of the bot's sight and out of its cache (a thread of a hidden channel, archived before a restart): it says it cannot see it.
    const unseenParent = standin.addChannel(guild, 'moderators');
    const unseen = standin.addThread(guild, unseenParent, 'an old report', member);
    const report = standin.say(unseen, member, 'Error code: auth:3');
    standin.updateThread(unseen, { archived: true });
    standin.denyBot(unseenParent, P.ViewChannel);
    await restartBot(world!);
    const refusedUnseen = await standin.messageCommand(unseen, helper, FIX, report).reply();
    const saidUnseen = await standin.waitForBotMessage((m) => m.id === refusedUnseen.id && m.content !== '');
    expect(saidUnseen.content).toBe("I can't see that channel or thread: I need View Channel there (in a private thread, add me to it first).");
    expectRefused(world!, `GET /channels/${unseen.id}`, 50001);

    // A thread a moderator closed for good takes no message from anyone: that is what the helper is told.
    const closed = standin.addThread(guild, guild.general, 'closed for good', member);
    const old = standin.say(closed, member, 'Error code: auth:3');
    standin.updateThread(closed, { archived: true, locked: true });
    const refusedLocked = await standin.messageCommand(closed, helper, FIX, old).reply();
    const saidLocked = await standin.waitForBotMessage((m) => m.id === refusedLocked.id && m.content !== '');
    expect(saidLocked.content).toBe('That thread is archived and locked, so nothing can be posted in it. Unlock it first to send the fix there.');
  });

  it('"Send Spotify fix" in a private thread it is not in asks to be added, and sends the fix once it is', async () => {
    const { standin, guild, member, helper } = world!;
    const thread = standin.addThread(guild, guild.general, 'just me and the helpers', member, { private: true });
    const question = standin.say(thread, member, 'Error code: auth:3');
    const refused = await standin.messageCommand(thread, helper, FIX, question).reply();
    const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
    expect(said.content).toBe("I can't see that channel or thread: I need View Channel there (in a private thread, add me to it first).");
    expectRefused(world!, `GET /channels/${thread.id}`, 50001);

    standin.addToThread(thread, standin.bot);
    const confirmation = await standin.messageCommand(thread, helper, FIX, question).reply();
    await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content.startsWith('Sent `auth:3`'));
    expect((await replyTo(world!, question)).embeds[0]!.title).toMatch(/^auth:3 /);
  });

  it('"Send Spotify fix" in a locked thread that is still open says it needs Manage Threads there', async () => {
    const { standin, guild, member, helper } = world!;
    const thread = standin.addThread(guild, guild.general, 'locked but open', member);
    const question = standin.say(thread, member, 'Error code: auth:3');
    standin.updateThread(thread, { locked: true });
    const refused = await standin.messageCommand(thread, helper, FIX, question).reply();
    const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
    expect(said.content).toBe("I can't post in that channel (I need Manage Threads there).");
    expect(standin.botMessages(thread.id).filter((m) => !(m.flags & 64))).toEqual([]);
  });

  it('"Send Spotify fix" on a notice from Discord (a system message) says so, and posts nothing', async () => {
    const { standin, guild, member, helper } = world!;
    // "poster started a thread: …": its text is the thread's name, and Discord takes no reply to it.
    const notice = standin.say(guild.general, member, 'Error code: auth:73 again', { type: 18 });
    const mark = standin.botMessages().length;
    const refused = await standin.messageCommand(guild.general, helper, FIX, notice).reply();
    const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
    expect(said.content).toBe(NOTICE);
    expect(standin.botMessages().slice(mark).filter((m) => !(m.flags & 64))).toEqual([]);
  });

  it('"Send Spotify fix" on the bot\'s own answer says so, and posts nothing addressed to the bot', async () => {
    const { standin, guild, member, helper } = world!;
    // A fix sent before names its error in its text; an answer to a mention has none outside its embed.
    const question = standin.say(guild.general, member, 'help, Error code: accounts:406 again');
    await standin.messageCommand(guild.general, helper, FIX, question).reply();
    const fix = await replyTo(world!, question);
    const asked = standin.say(guild.general, member, `<@${standin.bot.id}> Error code: accounts:406`);
    const answer = await replyTo(world!, asked);
    for (const own of [fix, answer]) {
      const mark = standin.botMessages().length;
      const refused = await standin.messageCommand(guild.general, helper, FIX, own).reply();
      const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
      expect(refused.flags & 64).toBe(64);
      expect(said.content).toBe(OWN_MESSAGE);
      expect(standin.botMessages().slice(mark).filter((m) => !(m.flags & 64))).toEqual([]);
    }
  });

  it('"Send Spotify fix" where the bot may not post says so at once, not after the helper picked from a list', async () => {
    const { standin, guild, member, helper } = world!;
    const muted = standin.addChannel(guild, 'no-bots-talking');
    const vague = standin.say(muted, member, 'spotify will not log in for me, the wheel spins forever');
    standin.denyBot(muted, P.SendMessages);
    const refused = await standin.messageCommand(muted, helper, FIX, vague).reply();
    const said = await standin.waitForBotMessage((m) => m.id === refused.id && m.content !== '');
    expect(said.content).toBe("I can't post in that channel (I need Send Messages there).");
    expect(said.components).toEqual([]);
  });

  it('refuses moderator tools to ordinary members', async () => {
    const { standin, guild, member } = world!;
    const target = standin.say(guild.general, member, 'Error code: auth:3');
    const refused = await standin.messageCommand(guild.general, member, FIX, target).reply();
    expect(refused.content).toContain('needs the **Manage Messages** permission');
    const adminRefused = await admin(member, ['phrase', 'list']);
    expect(adminRefused.content).toContain('Manage Messages');
  });

  it('learns server phrases: they feed search, autocomplete, auto-replies and the context menu', async () => {
    const { standin, guild, member, helper } = world!;
    const codeChoices = await standin.autocomplete(guild.help, helper, ADMIN, 'code', 'desktop_login_accounts:2', ['phrase', 'add']);
    expect(codeChoices[0]!.value).toBe('desktop_login_accounts:2');
    const added = await admin(helper, ['phrase', 'add'], { phrase: 'stuck on the purple spinner', code: 'desktop_login_accounts:2' });
    expect(added.content).toBe('Added: “stuck on the purple spinner” now means `desktop_login_accounts:2` in this server.');
    const duplicate = await admin(helper, ['phrase', 'add'], { phrase: 'Stuck on the PURPLE spinner!', code: 'auth:3' });
    expect(duplicate.content).toContain('already has the phrase');
    const badCode = await admin(helper, ['phrase', 'add'], { phrase: 'some other words', code: 'auth:999' });
    expect(badCode.content).toContain('is not a documented error');
    // A documented code or message keeps its meaning: taught as another error, every paste of it would show both.
    const clash = await admin(helper, ['phrase', 'add'], { phrase: 'Error code: auth:73', code: 'auth:3' });
    expect(clash.content).toBe('“Error code: auth:73” already shows `auth:73`, a documented error: a phrase cannot give it another meaning.');
    // Links in messages are read as their site only: a phrase with one would never be found.
    const linked = await admin(helper, ['phrase', 'add'], { phrase: 'accounts.spotify.com/login keeps looping', code: 'auth:3' });
    expect(linked.content).toBe('A phrase is found by its words, and a link in a message is read as its site only: leave the link out.');
    const notAdded = await admin(helper, ['phrase', 'list']);
    expect(notAdded.content).not.toContain('auth:73');
    expect(notAdded.content).not.toContain('looping');

    const slash = await standin.slash(guild.help, member, 'spotify-error', { query: 'stuck on the purple spinner' }).reply();
    expect(slash.embeds[0]!.title).toMatch(/^desktop_login_accounts:2/);
    const suggestions = await standin.autocomplete(guild.help, member, 'spotify-error', 'query', 'purple spinner');
    expect(suggestions[0]!.value).toBe('desktop_login_accounts:2');
    const message = standin.say(guild.general, member, 'i am stuck on the purple spinner again');
    await standin.messageCommand(guild.general, helper, FIX, message).reply();
    expect((await replyTo(world!, message)).embeds[0]!.title).toMatch(/^desktop_login_accounts:2/);

    const list = await admin(helper, ['phrase', 'list']);
    expect(list.content).toContain('“stuck on the purple spinner” → `desktop_login_accounts:2`');
    const removeChoices = await standin.autocomplete(guild.help, helper, ADMIN, 'phrase', 'purple', ['phrase', 'remove']);
    expect(removeChoices.map((c) => c.value)).toEqual(['stuck on the purple spinner']);
  });

  it('changes settings with confirmation, refuses invalid changes, and needs Manage Server', async () => {
    const { standin, guild, helper } = world!;
    const show = await admin(helper, ['settings', 'show']);
    expect(show.embeds[0]!.fields!.find((f) => f.name === 'Automatic replies')!.value).toMatch(/^off/);
    const on = await admin(helper, ['settings', 'auto-replies'], { enabled: true });
    expect(on.content).toBe('Automatic replies are now **on**.');
    const allow = await admin(helper, ['settings', 'channel'], { action: 'allow', channel: guild.help });
    expect(allow.content).toContain('is now **allowed**');
    expect(allow.embeds[0]!.fields!.find((f) => f.name === 'Allowed')!.value).toBe(`<#${guild.help.id}>`);
    const cooldown = await admin(helper, ['settings', 'cooldowns'], { 'channel-minutes': 5 });
    expect(cooldown.embeds[0]!.fields!.find((f) => f.name === 'Cooldowns')!.value).toContain('5 min');
    const nothing = await admin(helper, ['settings', 'cooldowns']);
    expect(nothing.content).toContain('Nothing was changed');
    await admin(helper, ['settings', 'replies'], { style: 'full' });

    const moderatorOnly = standin.addMember(guild, 'msg-mod');
    guild.members.get(moderatorOnly.id)!.roles = [];
    const ownRole = `${Date.now()}`;
    guild.roles.set(ownRole, { id: ownRole, name: 'Helper', permissions: 1n << 13n });
    guild.members.get(moderatorOnly.id)!.roles = [ownRole];
    const refused = await admin(moderatorOnly, ['settings', 'auto-replies'], { enabled: false });
    expect(refused.content).toContain('Manage Server');

    // Auto-replies now run in #spotify-help with full answers.
    const paste = standin.say(guild.help, standin.addMember(guild, 'paster'), 'Error code: accounts:407');
    const reply = await replyTo(world!, paste);
    expect(reply.embeds[0]!.fields!.map((f) => f.name)).toContain('Likely causes');
    // The server phrase added earlier triggers an automatic reply too.
    const phrased = standin.say(guild.help, standin.addMember(guild, 'spinner'), 'help, I am stuck on the purple spinner');
    expect((await replyTo(world!, phrased)).embeds[0]!.title).toMatch(/^desktop_login_accounts:2/);
  });

  it('counts answers, misses and feedback, and shows them', async () => {
    const { standin, guild, member, helper } = world!;
    const answer = await standin.slash(guild.help, member, 'spotify-error', { query: 'accounts:408' }).reply();
    await standin.slash(guild.help, member, 'spotify-error', { query: 'spotify deleted my cat pictures' }).reply();
    const helpedId = answer.components[0]!.components!.find((c) => c.label === 'Helped')!.custom_id!;
    const notId = answer.components[0]!.components!.find((c) => c.label === "Didn't help")!.custom_id!;
    expect((await standin.click(answer, helpedId, member).reply()).content).toBe('Thanks! Glad it helped.');
    expect((await standin.click(answer, helpedId, member).reply()).content).toContain('already said');
    expect((await standin.click(answer, notId, helper).reply()).flags & 64).toBe(64);
    const stats = await admin(helper, ['stats']);
    const field = (name: string) => stats.embeds[0]!.fields!.find((f) => f.name === name)!.value;
    expect(field('Top errors, 7 days')).toContain('`accounts:408` — 1');
    expect(stats.embeds[0]!.footer!.text).toContain('Data: 62 errors, Windows & macOS (reference edition 2, commit 3eacc69).');
    expect(field('Not found, 7 days (what the reference lacks)')).toContain('spotify deleted my cat pictures');
    expect(field('Helpfulness, 30 days')).toContain('`accounts:408` — 50% helped (1 of 2)');
  });

  it('keeps settings, phrases and stats across a restart of the bot process', async () => {
    const w = world!;
    await restartBot(w);
    const show = await admin(w.helper, ['settings', 'show']);
    expect(show.embeds[0]!.fields!.find((f) => f.name === 'Automatic replies')!.value).toMatch(/^on/);
    expect(show.embeds[0]!.fields!.find((f) => f.name === 'Reply style')!.value).toBe('full');
    const list = await admin(w.helper, ['phrase', 'list']);
    expect(list.content).toContain('stuck on the purple spinner');
    const stats = await admin(w.helper, ['stats']);
    expect(stats.embeds[0]!.fields!.find((f) => f.name === 'Top errors, 30 days')!.value).toContain('accounts:408');
    const removed = await admin(w.helper, ['phrase', 'remove'], { phrase: 'stuck on the purple spinner' });
    expect(removed.content).toBe('Removed the phrase “stuck on the purple spinner” (it meant `desktop_login_accounts:2`).');
  });

  it('forgets a deleted channel, and turns automatic replies off rather than open them to every channel', async () => {
    const { standin, guild, helper, bot } = world!;
    const show = () => standin.slash(guild.general, helper, ADMIN, {}, ['settings', 'show']).reply();
    const field = (message: Message, name: string) => message.embeds[0]!.fields!.find((f) => f.name === name)!.value;
    // #spotify-help, the one channel allowed above, is deleted: no command can name it any more.
    expect(field(await show(), 'Allowed')).toBe(`<#${guild.help.id}>`);
    standin.deleteChannel(guild.help);
    await bot.waitForLog((l) => l.msg === 'deleted channel removed from the settings' && l.channel === guild.help.id);
    const after = await show();
    expect(field(after, 'Allowed')).toBe('—');
    expect(field(after, 'Automatic replies')).toMatch(/^off/);
    // An empty allow list would mean every channel: ordinary channels stay quiet.
    const paste = standin.say(guild.general, standin.addMember(guild, 'elsewhere'), 'Error code: accounts:406');
    expect(await handled(world!, [paste])).toEqual(['not-enabled']);
  });
});

describe.each(BACKENDS)('help-forum limit on %s', (backend) => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld({ env: await botDatabaseEnv(backend) });
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('keeps ten forums when two moderators add the tenth at once, and every other setting with them', async () => {
    const { standin, guild, helper } = world!;
    const admin = (path: string[], options: Record<string, unknown> = {}) => standin.slash(guild.help, helper, ADMIN, options, path).reply();
    await admin(['settings', 'auto-replies'], { enabled: true });
    const forums = Array.from({ length: 11 }, (_, i) => standin.addForum(guild, `help-${i}`));
    for (const forum of forums.slice(0, 9)) expect((await admin(['forum', 'add'], { forum })).content).toContain('is a help forum now');
    const answers = await Promise.all(forums.slice(9).map((forum) => admin(['forum', 'add'], { forum })));
    expect(answers.filter((a) => a.content.includes('is a help forum now'))).toHaveLength(1);
    expect(answers.filter((a) => a.content.includes('at most 10 help forums'))).toHaveLength(1);
    // What the database holds, not what this process remembers.
    await restartBot(world!);
    const show = await admin(['settings', 'show']);
    expect(show.embeds[0]!.fields!.find((f) => f.name === 'Automatic replies')!.value).toMatch(/^on/);
    expect(show.embeds[0]!.fields!.find((f) => f.name === 'Help forums')!.value?.match(/<#\d+>/g)).toHaveLength(10);
  }, 60_000);
});
