import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, P } from '../../scripts/discord-standin/index.js';
import { botMessagesAfter, expectNoViolations, handled, markBotMessages, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
beforeAll(async () => {
  world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: `${guild.help.id},${guild.forum.id}` }) });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

/** A new member each time, so member cooldowns do not mix tests. */
const newMember = (name = 'member') => world!.standin.addMember(world!.guild, `${name}-${Math.random().toString(36).slice(2, 7)}`);

describe('automatic replies', () => {
  it('replies to a pasted error with a compact embed, pinging nobody', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'Spotify says: A firewall may be blocking Spotify. (Error code: accounts:103)');
    const reply = await replyTo(world!, source);
    expect(reply.embeds).toHaveLength(1);
    expect(reply.embeds[0]!.title).toBe('accounts:103 — Firewall blocking account validation');
    expect(reply.embeds[0]!.fields![0]!.name).toBe('Try this');
    expect(reply.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
    expect(standin.pingsOf(reply)).toEqual({ users: [], roles: [], everyone: false });
    const labels = reply.components[0]!.components!.map((c) => c.label);
    expect(labels).toEqual(['Dismiss', 'Helped', "Didn't help", 'Full reference']);
  });

  it('answers the second edition\'s playback, offline and installer errors, and lists shared ones', async () => {
    const { standin, guild } = world!;
    const offline = standin.say(guild.help, newMember(), 'Remove all downloads from another device to listen offline with this one.');
    expect((await replyTo(world!, offline)).embeds[0]!.title).toMatch(/^offline device-limit-reached /);
    const installer = standin.say(guild.help, newMember(), 'mac says: An error occurred while trying to mount the downloaded Spotify disk image.');
    expect((await replyTo(world!, installer)).embeds[0]!.title).toMatch(/^com\.spotify\.installer −3 /);
    const playback = standin.say(guild.help, newMember(), "Spotify can't play this right now. If you have the file on your computer you can import it.");
    const listed = await replyTo(world!, playback);
    expect(listed.embeds[0]!.title).toBe('Several Spotify errors show this message');
    expect(listed.embeds[0]!.description).toContain('ONE_TRACK_UNPLAYABLE');
    expect(listed.embeds[0]!.description).toContain('FRAGMENT_REQUEST_FAILED_WITH_STATUS');
    // Generic wording needs more than the word "error": another program named makes it theirs.
    const generic = standin.say(guild.help, newMember(), 'Discord: Something went wrong.');
    expect(await handled(world!, [generic])).toEqual(['nothing-found']);
  });

  it('answers several codes in one reply, three at most, with a hint', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'got auth:1, then auth:2, then auth:73 and finally session:3');
    const reply = await replyTo(world!, source);
    expect(reply.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['auth:1', 'auth:2', 'auth:73']);
    expect(reply.content).toContain('1 more error(s) in your message');
  });

  it('stays silent on ordinary chat, bots, webhooks and disabled channels', async () => {
    const { standin, guild } = world!;
    const since = markBotMessages(world!);
    const chat = readFileSync(new URL('../fixtures/chat-negative.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);
    const talker = newMember('talker');
    // Ten at a time, half the bound on automatic replies worked on at once in a server (past it a message is
    // dropped unread): work of the tests before, still finishing on a busy machine, leaves room for all ten.
    const said = [];
    for (let i = 0; i < 40; i += 10) {
      const batch = chat.slice(i, i + 10).map((line) => standin.say(guild.help, talker, line.replace(/\\n/g, '\n')));
      await handled(world!, batch);
      said.push(...batch);
    }
    const fromBot = standin.say(guild.help, standin.addMember(guild, 'otherbot', { bot: true }), 'Error code: auth:3');
    const fromWebhook = standin.say(guild.help, newMember(), 'Error code: auth:3', { webhook: true });
    const elsewhere = standin.say(guild.general, newMember(), 'Error code: auth:3');
    expect(await botMessagesAfter(world!, since, [...said, fromBot, fromWebhook, elsewhere])).toEqual([]);
    // Silent because it found nothing, not because a cooldown held back an error it found (one answered above).
    expect(new Set(await handled(world!, said))).toEqual(new Set(['nothing-found']));
    expect(await handled(world!, [fromBot, fromWebhook, elsewhere])).toEqual(['not-from-a-member', 'not-from-a-member', 'not-enabled']);
  });

  it('does not repeat an entry in a channel, and answers a member once a minute', async () => {
    const { standin, guild } = world!;
    const first = standin.say(guild.help, newMember(), 'Error code: accounts:408');
    await replyTo(world!, first);
    const since = markBotMessages(world!);
    const again = standin.say(guild.help, newMember(), 'me too, Error code: accounts:408');
    const busy = newMember('busy');
    const one = standin.say(guild.help, busy, 'Error code: accounts:406');
    await replyTo(world!, one);
    const more = standin.say(guild.help, busy, 'and now Error code: accounts:407');
    const later = await botMessagesAfter(world!, since, [again, one, more]);
    expect(await handled(world!, [again, more])).toEqual(['channel-cooldown', 'member-cooldown']);
    expect(later.map((m) => m.message_reference?.message_id)).toEqual([one.id]);
  });

  it('answers in forum posts when the forum is enabled, and in threads of an enabled channel', async () => {
    const { standin, guild } = world!;
    const author = newMember('poster');
    const post = standin.addThread(guild, guild.forum, 'Spotify will not log in', author);
    const inPost = standin.say(post, author, 'Error code: desktop_login_accounts:4');
    expect((await replyTo(world!, inPost)).embeds[0]!.title).toMatch(/^desktop_login_accounts:4/);
    const thread = standin.addThread(guild, guild.help, 'help thread', author);
    const inThread = standin.say(thread, newMember(), 'Error code: accounts:127');
    expect((await replyTo(world!, inThread)).embeds[0]!.title).toMatch(/^accounts:127/);
  });

  it('lists the candidates when a shared message comes without a code', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'spotify: The username or password is incorrect.');
    const reply = await replyTo(world!, source);
    expect(reply.embeds[0]!.title).toBe('Several Spotify errors show this message');
    const select = reply.components[0]!.components![0]!;
    expect(select.options!.map((o) => o.value)).toEqual(['auth:2', 'accounts:3', 'session:3']);
  });

  it('lets the author or a moderator dismiss the reply, nobody else', async () => {
    const { standin, guild, helper } = world!;
    const author = newMember('author');
    const source = standin.say(guild.help, author, 'Error code: accounts:409');
    const reply = await replyTo(world!, source);
    const dismissId = reply.components[0]!.components![0]!.custom_id!;
    const stranger = await standin.click(reply, dismissId, newMember('stranger')).reply();
    expect(stranger.flags & 64).toBe(64);
    expect(stranger.content).toContain('Only the person this answers, or a moderator');
    expect(standin.messages.has(reply.id)).toBe(true);
    await standin.click(reply, dismissId, author).response();
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`));
    expect(standin.messages.has(reply.id)).toBe(false);

    const second = standin.say(guild.help, newMember(), 'Error code: accounts:413');
    const reply2 = await replyTo(world!, second);
    await standin.click(reply2, reply2.components[0]!.components![0]!.custom_id!, helper).response();
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply2.id}`));
  });

  it('says so when it can no longer remove a reply, in a channel it lost access to', async () => {
    const { standin, guild } = world!;
    const channel = standin.addChannel(guild, 'lost-access');
    const author = newMember('author');
    const ask = standin.say(channel, author, `<@${standin.bot.id}> Error code: accounts:409`);
    const answer = await replyTo(world!, ask);
    standin.denyBot(channel, P.ViewChannel);
    const refused = await standin.click(answer, answer.components[0]!.components![0]!.custom_id!, author).reply();
    expect(refused.flags & 64).toBe(64);
    expect(refused.content).toBe("I can't remove this answer: I no longer have access to this channel. A moderator can delete it.");
    expect(standin.messages.has(answer.id)).toBe(true);
  });

  it('deletes its reply when the source message is deleted', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'Error code: accounts:402');
    const reply = await replyTo(world!, source);
    standin.delete(source);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`));
    expect(standin.messages.has(reply.id)).toBe(false);
  });

  it('deletes its replies when a moderator purges their sources', async () => {
    const { standin, guild } = world!;
    const sources = ['Error code: accounts:417', 'Error code: desktop_login_accounts:5'].map((text) => standin.say(guild.help, newMember(), text));
    const replies = await Promise.all(sources.map((source) => replyTo(world!, source)));
    standin.purge(sources);
    await Promise.all(replies.map((reply) => standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`))));
    expect(replies.filter((reply) => standin.messages.has(reply.id))).toEqual([]);
  });

  it('answers an error again once a purge took the reply that showed it along with its source, newest first', async () => {
    const { standin, guild } = world!;
    const thread = standin.addThread(guild, guild.help, 'purged with its reply', newMember());
    const source = standin.say(thread, newMember(), 'Error code: accounts:417');
    const reply = await replyTo(world!, source);
    expect(await handled(world!, [source])).toEqual(['replied']);
    // A purge lists the newest first, as a moderator's bot fetches them: the reply before its source.
    const purgesBefore = new Set(world!.bot.logs.filter((l) => l.msg === 'bulk delete handled'));
    standin.purge([reply, source]);
    await world!.bot.waitForLog((l) => l.msg === 'bulk delete handled' && !purgesBefore.has(l));
    const again = standin.say(thread, newMember(), 'Error code: accounts:417');
    expect(await handled(world!, [again])).toEqual(['replied']);
  });

  it('follows an edit: updated when the error changes, removed when it is gone', async () => {
    const { standin, guild } = world!;
    const source = standin.say(guild.help, newMember(), 'Error code: accesspoint:31');
    const reply = await replyTo(world!, source);
    standin.edit(source, 'sorry, it is actually Error code: accesspoint:50');
    await standin.waitForBotMessage((m) => m.id === reply.id && m.embeds[0]?.title?.startsWith('accesspoint:50') === true);
    standin.edit(source, 'never mind, it works now');
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`));
  });

  it('keeps following an edit Discord failed to apply (5xx past the retries): the next edit updates the reply', async () => {
    const { standin, guild } = world!;
    // In a thread of its own: the channel cooldowns of the errors other tests showed do not apply there.
    const author = newMember('edits while failing');
    const source = standin.say(standin.addThread(guild, guild.help, 'edited while Discord fails', author), author, 'Error code: accesspoint:31');
    const reply = await replyTo(world!, source);
    const patch = new RegExp(`/messages/${reply.id}$`);
    standin.inject({ method: 'PATCH', path: patch, status: 503, message: 'Service Unavailable', times: 4 });
    standin.edit(source, 'sorry, it is actually Error code: accesspoint:50');
    expect(await handled(world!, [source], 'edit')).toEqual(['failed']);
    expect(standin.messages.get(reply.id)!.embeds[0]!.title).toMatch(/^accesspoint:31 /);
    standin.edit(source, 'sorry, it is actually Error code: accesspoint:50 (edited again)');
    await standin.waitForBotMessage((m) => m.id === reply.id && m.embeds[0]?.title?.startsWith('accesspoint:50') === true);
  });

  it('deletes its reply once Discord answers again when Discord failed the delete (5xx past the retries) after its source was deleted', async () => {
    const { standin, guild } = world!;
    const author = newMember('deleted while failing');
    const source = standin.say(standin.addThread(guild, guild.help, 'deleted while Discord fails', author), author, 'Error code: accounts:407');
    const reply = await replyTo(world!, source);
    await handled(world!, [source]);
    standin.inject({ method: 'DELETE', path: new RegExp(`/messages/${reply.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    standin.delete(source);
    // The source is gone, so no later edit would bring the reply up again: the bot tries the delete again by itself.
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`) && r.status < 300, 15_000);
    expect(standin.messages.has(reply.id)).toBe(false);
    expect(await handled(world!, [source], 'delete')).toEqual(['failed']);
  }, 60_000);

  it('removes its reply once Discord answers again when Discord failed the delete after an edit took the error out', async () => {
    const { standin, guild } = world!;
    const author = newMember('edited out while failing');
    const source = standin.say(standin.addThread(guild, guild.help, 'error edited out while Discord fails', author), author, 'Error code: accounts:408');
    const reply = await replyTo(world!, source);
    await handled(world!, [source]);
    standin.inject({ method: 'DELETE', path: new RegExp(`/messages/${reply.id}$`), status: 503, message: 'Service Unavailable', times: 4 });
    standin.edit(source, 'never mind, it works now');
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`) && r.status < 300, 15_000);
    expect(standin.messages.has(reply.id)).toBe(false);
    expect(await handled(world!, [source], 'edit')).toEqual(['failed']);
  }, 60_000);

  it('answers an error again in the channel once the reply that showed it was edited to another, or went with its source', async () => {
    const { standin, guild } = world!;
    const editor = newMember('edits through errors');
    const thread = standin.addThread(guild, guild.help, 'cooldowns after edits', editor);
    const source = standin.say(thread, editor, 'Error code: accounts:417');
    const reply = await replyTo(world!, source);
    // Followed from here on: an edit that came while the reply was on its way would be caught up instead.
    expect(await handled(world!, [source])).toEqual(['replied']);
    standin.edit(source, 'sorry, it is actually Error code: accounts:402');
    // Handled to the end: the reply edited, then the cooldowns it started set right.
    expect(await handled(world!, [source], 'edit')).toEqual(['updated']);
    expect(standin.messages.get(reply.id)!.embeds[0]!.title).toMatch(/^accounts:402 /);
    // The channel no longer shows accounts:417: another member's paste of it is answered.
    const again = standin.say(thread, newMember(), 'Error code: accounts:417');
    expect((await replyTo(world!, again)).embeds[0]!.title).toMatch(/^accounts:417 /);
    // Still showing accounts:402: a paste of it is not answered twice.
    const repeat = standin.say(thread, newMember(), 'Error code: accounts:402');
    expect(await handled(world!, [repeat])).toEqual(['channel-cooldown']);
    // The source deleted takes its reply along (delete-with-source is on by default): accounts:402 may be answered again.
    standin.delete(source);
    expect(await handled(world!, [source], 'delete')).toEqual(['removed']);
    const afterDelete = standin.say(thread, newMember(), 'Error code: accounts:402');
    expect((await replyTo(world!, afterDelete)).embeds[0]!.title).toMatch(/^accounts:402 /);
  });

  it('answers an error again in the channel once the reply that showed it was dismissed, or deleted by a moderator', async () => {
    const { standin, guild } = world!;
    const author = newMember('dismisses');
    const thread = standin.addThread(guild, guild.help, 'cooldowns after dismissals', author);
    const source = standin.say(thread, author, 'Error code: accounts:409');
    const reply = await replyTo(world!, source);
    // Followed from here on (a reply dismissed on its way would not have been).
    expect(await handled(world!, [source])).toEqual(['replied']);
    await standin.click(reply, reply.components[0]!.components![0]!.custom_id!, author).response();
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${reply.id}`));
    // Nothing in the channel shows accounts:409 any more: another member's paste of it is answered.
    const again = standin.say(thread, newMember(), 'Error code: accounts:409');
    const second = await replyTo(world!, again);
    expect(second.embeds[0]!.title).toMatch(/^accounts:409 /);
    expect(await handled(world!, [again])).toEqual(['replied']);
    // A moderator deletes that reply by hand: the same.
    standin.delete(second);
    expect(await handled(world!, [second], 'delete')).toEqual(['not-followed']);
    const third = standin.say(thread, newMember(), 'Error code: accounts:409');
    expect((await replyTo(world!, third)).embeds[0]!.title).toMatch(/^accounts:409 /);
  });

  it('counts a reply under the error it shows after an edit, and a shared message once, in the stats', async () => {
    const { standin, guild, helper } = world!;
    // Three of each, in threads of their own: above the other tests' counts in the top ten.
    for (let i = 0; i < 3; i++) {
      const author = newMember('editor');
      const source = standin.say(standin.addThread(guild, guild.help, `edited error ${i}`, author), author, 'Error code: accounts:403');
      const reply = await replyTo(world!, source);
      standin.edit(source, 'sorry, it is actually Error code: session:103');
      await standin.waitForBotMessage((m) => m.id === reply.id && m.embeds[0]?.title?.startsWith('session:103') === true);
      const shared = standin.say(standin.addThread(guild, guild.help, `shared message ${i}`, author), newMember(), 'Spotify: Service is temporarily unavailable, please try again later.');
      expect((await replyTo(world!, shared)).embeds[0]!.title).toBe('Several Spotify errors show this message');
    }
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    const top = stats.embeds[0]!.fields!.find((f) => f.name === 'Top errors, 7 days')!.value;
    expect(top).toContain('`session:103` — 3');
    expect(top).not.toContain('accounts:403');
    expect(top).toContain('“Service is temporarily unavailable, please try again later.” (several errors) — 3');
  });

  // A vote on a reply that answered several errors counted for the first of them only.
  it('counts a vote on a reply showing several errors for each, a later vote that day replacing each', async () => {
    const { standin, guild, helper } = world!;
    const author = newMember('voter');
    const thread = standin.addThread(guild, guild.help, 'two errors', author);
    const source = standin.say(thread, author, 'Spotify keeps failing: Error code: accesspoint:22, and after a restart Error code: accesspoint:39');
    const reply = await replyTo(world!, source);
    expect(reply.embeds.map((e) => e.title!.split(' — ')[0])).toEqual(['accesspoint:22', 'accesspoint:39']);
    const button = (label: string) => reply.components[0]!.components!.find((c) => c.label === label)!.custom_id!;
    expect((await standin.click(reply, button('Helped'), author).reply()).content).toBe('Thanks! Glad it helped.');
    expect((await standin.click(reply, button("Didn't help"), author).reply()).content).toBe('Thanks, changed your answer to "didn\'t help".');
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    const helpfulness = stats.embeds[0]!.fields!.find((f) => f.name === 'Helpfulness, 30 days')!.value;
    expect(helpfulness).toContain('`accesspoint:22` — 0% helped (0 of 1)');
    expect(helpfulness).toContain('`accesspoint:39` — 0% helped (0 of 1)');
  });

  it('answers an @mention in any channel, even where auto-replies are off', async () => {
    const { standin, guild } = world!;
    const ask = standin.say(guild.general, newMember(), `<@${standin.bot.id}> spotify says my country does not match my profile`);
    const reply = await replyTo(world!, ask);
    expect(reply.embeds[0]!.title).toBe('accounts:408 — Country mismatch');
    const empty = standin.say(guild.general, newMember(), `<@${standin.bot.id}>`);
    expect((await replyTo(world!, empty)).content).toContain('Paste the Spotify error after the mention');
    // The bot's own role, which Discord offers beside the bot when a member types "@" and its name.
    const byRole = standin.say(guild.general, newMember(), `<@&${guild.botRoleId}> what is Error code: accounts:127`);
    expect((await replyTo(world!, byRole)).embeds[0]!.title).toMatch(/^accounts:127 /);
    const otherRole = standin.say(guild.general, newMember(), `<@&${guild.moderatorRoleId}> Error code: accounts:127`);
    expect(await handled(world!, [otherRole])).toEqual(['not-enabled']);
  });

  it('answers chat with the bot (thanks, a greeting) with the prompt, not as a miss; a question that finds nothing is still one', async () => {
    const { standin, guild, helper } = world!;
    for (const chat of [`thanks <@${standin.bot.id}>!`, `hi <@${standin.bot.id}> 👋`, `<@${standin.bot.id}> ok it works now, cheers`]) {
      const reply = await replyTo(world!, standin.say(guild.general, newMember(), chat));
      expect(reply.content, chat).toBe('Paste the Spotify error after the mention, like `@me Error code: auth:73`, or use `/spotify-error`.');
    }
    const question = standin.say(guild.general, newMember(), `<@${standin.bot.id}> spotify shows error xyz123`);
    expect((await replyTo(world!, question)).content).toContain('spotify shows error xyz123');
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    const notFound = stats.embeds[0]!.fields!.find((f) => f.name === 'Not found, 7 days (what the reference lacks)')!.value;
    expect(notFound).toContain('spotify shows error xyz123');
    for (const chat of ['thanks', 'hi', 'cheers']) expect(notFound).not.toContain(chat);
  });

  it('lets the member who asked by @mention dismiss every public answer, found by search, a menu or a miss', async () => {
    const { standin, guild } = world!;
    for (const question of ['spotify says my country does not match my profile', 'spotify will not log in for me', 'my cat deleted my playlists', '']) {
      const asker = newMember();
      const ask = standin.say(guild.general, asker, `<@${standin.bot.id}> ${question}`);
      const answer = await replyTo(world!, ask);
      const dismiss = answer.components.flatMap((row) => row.components ?? []).find((c) => c.label === 'Dismiss');
      expect(dismiss, question).toBeDefined();
      await standin.click(answer, dismiss!.custom_id!, asker).response();
      await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${answer.id}`));
    }
  });

  it('follows the edits and deletion of an @mention: the answer changes with the question, and goes with it', async () => {
    const { standin, guild, helper } = world!;
    const bot = `<@${standin.bot.id}>`;
    const ask = standin.say(guild.general, newMember(), `${bot} Error code: auth:3`);
    const answer = await replyTo(world!, ask);
    expect(answer.embeds[0]!.title).toMatch(/^auth:3 /);
    standin.edit(ask, `${bot} sorry, it is Error code: accounts:127`);
    await standin.waitForBotMessage((m) => m.id === answer.id && m.embeds[0]?.title?.startsWith('accounts:127') === true);
    standin.delete(ask);
    await standin.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/messages/${answer.id}`));
    // Edited so that it no longer asks the bot: the answer goes.
    const unasked = standin.say(guild.general, newMember(), `${bot} Error code: auth:3`);
    const unaskedAnswer = await replyTo(world!, unasked);
    standin.edit(unasked, 'Error code: auth:3 (never mind, found it)');
    expect(await handled(world!, [unasked], 'edit')).toEqual(['removed']);
    expect(standin.messages.has(unaskedAnswer.id)).toBe(false);
    // Where the server keeps answers when their source is deleted, a mention's answer stays too.
    await standin.slash(guild.general, helper, 'spotify-error-admin', { 'delete-with-source': false }, ['settings', 'replies']).reply();
    const kept = standin.say(guild.general, newMember(), `${bot} Error code: auth:3`);
    const keptAnswer = await replyTo(world!, kept);
    standin.delete(kept);
    await handled(world!, [kept], 'delete');
    expect(standin.messages.has(keptAnswer.id)).toBe(true);
    await standin.slash(guild.general, helper, 'spotify-error-admin', { 'delete-with-source': true }, ['settings', 'replies']).reply();
  });

  it('follows a burst of edits of an @mention with fewer edits of its answer, ending on the latest question', async () => {
    const { standin, guild } = world!;
    const bot = `<@${standin.bot.id}>`;
    const ask = standin.say(guild.general, newMember(), `${bot} Error code: auth:3`);
    const answer = await replyTo(world!, ask);
    const codes = ['auth:1', 'accounts:402', 'auth:73', 'accounts:127', 'auth:1'];
    for (const code of codes) standin.edit(ask, `${bot} sorry, it is Error code: ${code}`);
    const editsHandled = () => world!.bot.logs.filter((l) => l.msg === 'edit handled' && l.message === ask.id).length;
    await world!.bot.waitForLog(() => editsHandled() === codes.length);
    // Edits that came while one was being applied gave way to the latest: it alone was applied after it.
    const patches = standin.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${answer.id}`));
    expect(patches.length).toBeLessThan(codes.length);
    expect(standin.messages.get(answer.id)!.embeds[0]!.title).toMatch(/^auth:1 /);
  });

  it('answers a bare @mention in a reply with the error of the message replied to', async () => {
    const { standin, guild } = world!;
    // Where automatic replies are off, a helper asks the bot about another member's message by replying to it.
    const question = standin.say(guild.general, newMember(), 'spotify keeps saying Error code: accounts:127, what do i do');
    const ask = standin.say(guild.general, newMember('helper'), `<@${standin.bot.id}>`, { replyTo: question });
    expect((await replyTo(world!, ask)).embeds[0]!.title).toMatch(/^accounts:127 /);
    // Not a reply to one of the bot's own messages: that is no question.
    const answer = standin.say(guild.general, newMember(), `<@${standin.bot.id}> Error code: accounts:127`);
    const own = await replyTo(world!, answer);
    const again = standin.say(guild.general, newMember(), `<@${standin.bot.id}>`, { replyTo: own });
    expect((await replyTo(world!, again)).content).toContain('Paste the Spotify error after the mention');
  });

  it('asks again when a member replies to its answer with words that show no error, and answers an error there', async () => {
    const { standin, guild, helper } = world!;
    const bot = `<@${standin.bot.id}>`;
    // Members may mention the bot once every 5 seconds: each message here is another member's.
    const first = await replyTo(world!, standin.say(guild.general, newMember(), `${bot} Error code: auth:3`));
    const feedback = standin.say(guild.general, newMember(), `${bot} it didn't work`, { replyTo: first });
    const again = await replyTo(world!, feedback);
    expect(again.content).toMatch(/^Sorry it's not fixed yet\. Tell me what Spotify shows now/);
    expect(again.components.flatMap((row) => row.components ?? []).map((c) => c.label)).toEqual(['Dismiss']);
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    expect(stats.embeds[0]!.fields!.find((f) => f.name === 'Not found, 7 days (what the reference lacks)')?.value ?? '').not.toContain('didn');
    // Not replying to the bot, the same words are searched as a question.
    const unreplied = await replyTo(world!, standin.say(guild.general, newMember(), `${bot} it didn't work`));
    expect(unreplied.content).not.toMatch(/^Sorry it's not fixed yet/);
    // An error in the reply is answered.
    const now = await replyTo(world!, standin.say(guild.general, newMember(), `${bot} now it says Error code: auth:1`, { replyTo: first }));
    expect(now.embeds[0]!.title).toMatch(/^auth:1 /);
  });

  it('reads the message a bare @mention replies to as it reads a mention\'s own words: chat there asks nothing, and is no miss', async () => {
    const { standin, guild, helper } = world!;
    const chat = standin.say(guild.general, newMember(), 'hey everyone, thanks!');
    const ask = standin.say(guild.general, newMember('helper'), `<@${standin.bot.id}>`, { replyTo: chat });
    expect((await replyTo(world!, ask)).content).toBe('Paste the Spotify error after the mention, like `@me Error code: auth:73`, or use `/spotify-error`.');
    const stats = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['stats']).reply();
    const notFound = stats.embeds[0]!.fields!.find((f) => f.name === 'Not found, 7 days (what the reference lacks)')?.value ?? '';
    expect(notFound).not.toContain('hey everyone');
  });

  it('never echoes a member\'s masked link, plain link or mention as one', async () => {
    const { standin, guild } = world!;
    const ask = standin.say(guild.general, newMember(), `<@${standin.bot.id}> [Fix it here](https://evil.example/login) @everyone`);
    const reply = await replyTo(world!, ask);
    expect(reply.content).not.toContain('https://evil');
    expect(reply.content).not.toMatch(/(?<!\\)\[Fix it here\]/);
    expect(standin.pingsOf(reply)).toEqual({ users: [], roles: [], everyone: false });
  });

  it('never echoes a member\'s command mention, timestamp or bidi override as one', async () => {
    const { standin, guild } = world!;
    const ask = standin.say(guild.general, newMember(), `<@${standin.bot.id}> </spotify-error-admin log off:1234567890123456789> <t:0:R> \u202Ethe rest reads backwards`);
    const reply = await replyTo(world!, ask);
    expect(reply.content).toContain('/spotify-error-admin log off');
    expect(reply.content).not.toMatch(/<(?:\/|t:)/);
    // An unclosed override would reverse the bot's own words after the quote.
    expect(reply.content).not.toContain('\u202E');
  });

  it('falls back to text without Embed Links, and stays quiet without Send Messages', async () => {
    const { standin, guild } = world!;
    const textOnly = standin.addChannel(guild, 'text-only', CHANNEL.Text, guild.help.parent_id);
    standin.denyBot(textOnly, P.EmbedLinks);
    const ask = standin.say(textOnly, newMember(), `<@${standin.bot.id}> Error code: accounts:3`);
    const reply = await replyTo(world!, ask);
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toMatch(/^\*\*accounts:3 — Incorrect username or password\*\*/);

    const muted = standin.addChannel(guild, 'muted', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const before = standin.requests.length;
    const asks = Array.from({ length: 5 }, () => standin.say(muted, newMember(), `<@${standin.bot.id}> Error code: auth:3`));
    expect(await handled(world!, asks)).toEqual(Array(5).fill('send-failed'));
    const attempts = standin.requests.slice(before).filter((r) => r.path.includes(`/channels/${muted.id}/`));
    expect(attempts).toEqual([]);
    const warnings = world!.bot.logs.filter((l) => l.channel === muted.id && l.level === 40);
    expect(warnings).toHaveLength(1);
  });
});
