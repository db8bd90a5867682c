import { describe, expect, it } from 'vitest';
import { CHANNEL, P, type Channel } from '../../../scripts/discord-standin/index.js';
import { api, GatewayClient, useStandIn } from './helpers.js';

const world = useStandIn();

/** A member's forum post in the default forum. */
function post(tags: string[] = []) {
  const { standin, guild, member } = world;
  return standin.addForumPost(guild, guild.forum, { title: 'Spotify will not log in', content: 'Error code: auth:3', owner: member, appliedTags: tags });
}

const tagIds = (forum: Channel, ...names: string[]) => names.map((name) => world.standin.forumTag(forum, name).id);

describe('forum channels', () => {
  it('offer tags, in GUILD_CREATE and GET /channels/:id', async () => {
    const { standin, guild, gateway } = world;
    const names = guild.forum.available_tags!.map((t) => t.name);
    expect(names).toEqual(['Solved', 'Windows', 'macOS', 'Bug', 'Question', 'Other']);
    const created = await gateway.next('GUILD_CREATE');
    const forum = created.d.channels.find((c: { id: string }) => c.id === guild.forum.id);
    expect(forum).toMatchObject({ type: CHANNEL.Forum, parent_id: guild.help.parent_id, available_tags: guild.forum.available_tags });
    expect(forum.available_tags[0]).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Solved', moderated: false, emoji_id: null, emoji_name: '✅' });
    const fetched = await api(standin, 'GET', `/channels/${guild.forum.id}`);
    expect(fetched.json).toMatchObject({ id: guild.forum.id, type: 15, available_tags: guild.forum.available_tags });
  });

  it('addForum creates a forum with its own tags and sends CHANNEL_CREATE', async () => {
    const { standin, guild, gateway } = world;
    const forum = standin.addForum(guild, 'bugs', { tags: ['Open', { name: 'Fixed', moderated: true, emoji_name: '🛠️' }] });
    const created = await gateway.next('CHANNEL_CREATE', (d) => d.d.id === forum.id);
    expect(created.d.available_tags.map((t: { name: string; moderated: boolean }) => [t.name, t.moderated])).toEqual([
      ['Open', false],
      ['Fixed', true],
    ]);
  });
});

describe('forum posts', () => {
  it('are created as Discord does: THREAD_CREATE (newly created), then the starter message, whose ID is the post’s', async () => {
    const { standin, guild, member, gateway } = world;
    const mark = gateway.dispatches.length;
    const { thread, starter } = post(['Windows', 'Bug']);
    expect(starter.id).toBe(thread.id);
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === starter.id);
    const events = gateway.since(mark, 'THREAD_CREATE', 'MESSAGE_CREATE', 'CHANNEL_CREATE');
    expect(events.map((e) => e.t)).toEqual(['THREAD_CREATE', 'MESSAGE_CREATE']);
    const [created, message] = events as [(typeof events)[0], (typeof events)[0]];
    expect(created.d).toMatchObject({
      id: thread.id,
      type: CHANNEL.PublicThread,
      guild_id: guild.id,
      parent_id: guild.forum.id,
      owner_id: member.id,
      name: 'Spotify will not log in',
      newly_created: true,
      applied_tags: tagIds(guild.forum, 'Windows', 'Bug'),
      message_count: 0,
      thread_metadata: { archived: false, locked: false, auto_archive_duration: 1440, archive_timestamp: expect.any(String) },
    });
    expect(message.d).toMatchObject({ id: thread.id, channel_id: thread.id, content: 'Error code: auth:3', author: { id: member.id } });

    // What the bot may fetch: the post, and its starter message (discord.js fetches it from the post itself).
    const fetched = await api(standin, 'GET', `/channels/${thread.id}`);
    expect(fetched.json).toMatchObject({ id: thread.id, applied_tags: tagIds(guild.forum, 'Windows', 'Bug'), thread_metadata: { archived: false, locked: false } });
    expect((await api(standin, 'GET', `/channels/${thread.id}/messages/${thread.id}`)).json).toMatchObject({ id: thread.id, content: 'Error code: auth:3' });
    expect(standin.violations).toEqual([]);
  });

  it('refuse unknown tags and more than five at creation (a test mistake, not something Discord lets happen)', () => {
    expect(() => post(['Nope'])).toThrow(/no tag Nope/);
    const { standin, guild } = world;
    const many = standin.addForum(guild, 'many', { tags: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(() => standin.addForumPost(guild, many, { title: 't', content: 'c', owner: world.member, appliedTags: ['a', 'b', 'c', 'd', 'e', 'f'] })).toThrow(/at most 5/);
  });

  it('count the messages after the starter and keep the latest', async () => {
    const { standin, member } = world;
    const { thread } = post();
    const reply = standin.say(thread, member, 'still broken');
    const fetched = await api(standin, 'GET', `/channels/${thread.id}`);
    expect(fetched.json).toMatchObject({ message_count: 1, total_message_sent: 1, last_message_id: reply.id });
  });
});

describe('PATCH /channels/:id on a forum post', () => {
  it('applies tags with Manage Threads: THREAD_UPDATE, the post returned, and the tags kept', async () => {
    const { standin, guild, gateway } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    const { thread } = post(['Windows']);
    const solved = tagIds(guild.forum, 'Windows', 'Solved');
    const patched = await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: solved });
    expect(patched).toMatchObject({ status: 200, json: { id: thread.id, applied_tags: solved } });
    expect((await gateway.next('THREAD_UPDATE', (d) => d.d.id === thread.id)).d.applied_tags).toEqual(solved);
    const update = await standin.waitForThreadUpdate((t) => t.id === thread.id && t.applied_tags?.includes(solved[1]!) === true);
    expect(update.applied_tags).toEqual(solved);
    expect(standin.threadUpdates.at(-1)!.by).toBe('bot');
    expect((await api(standin, 'GET', `/channels/${thread.id}`)).json.applied_tags).toEqual(solved);
    expect(standin.violations).toEqual([]);
  });

  it('refuses a tag the forum does not offer, and more than five tags (400, 50035), changing nothing', async () => {
    const { standin, guild } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    const { thread } = post(['Windows']);
    const unknown = await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: [...tagIds(guild.forum, 'Solved'), '123456789012345678'] });
    expect(unknown).toMatchObject({ status: 400, json: { code: 50035, message: 'Invalid Form Body' } });
    expect(unknown.json.errors).toEqual([expect.stringMatching(/^applied_tags\.1: /)]);
    const six = tagIds(guild.forum, 'Solved', 'Windows', 'macOS', 'Bug', 'Question', 'Other');
    const tooMany = await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: six });
    expect(tooMany).toMatchObject({ status: 400, json: { code: 50035, errors: ['applied_tags: Must be 5 or fewer in length.'] } });
    expect(thread.applied_tags).toEqual(tagIds(guild.forum, 'Windows'));
    expect(standin.threadUpdates).toEqual([]);
    expect(standin.violations.map((v) => [v.code, v.route])).toEqual([
      [50035, `PATCH /channels/${thread.id}`],
      [50035, `PATCH /channels/${thread.id}`],
    ]);
  });

  it('needs Manage Threads to tag, archive or rename a member’s post, and to lock any (403, 50013)', async () => {
    const { standin, guild } = world;
    const { thread } = post();
    for (const body of [{ applied_tags: tagIds(guild.forum, 'Solved') }, { archived: true }, { name: 'renamed' }, { locked: true }]) {
      expect(await api(standin, 'PATCH', `/channels/${thread.id}`, body), JSON.stringify(body)).toMatchObject({
        status: 403,
        json: { code: 50013, message: 'Missing Permissions' },
      });
    }
    expect(standin.violations).toHaveLength(4);
    standin.violations.length = 0;

    // Its own thread the bot may tag and archive without it; locking still needs it, and so do moderated tags.
    const mine = standin.addThread(guild, guild.forum, 'bot post', standin.bot);
    expect((await api(standin, 'PATCH', `/channels/${mine.id}`, { applied_tags: tagIds(guild.forum, 'Bug'), name: 'bot post (bug)' })).status).toBe(200);
    expect((await api(standin, 'PATCH', `/channels/${mine.id}`, { locked: true })).json.code).toBe(50013);
    const moderated = standin.addForum(guild, 'moderated', { tags: [{ name: 'Staff pick', moderated: true }] });
    const own = standin.addThread(guild, moderated, 'own', standin.bot);
    expect((await api(standin, 'PATCH', `/channels/${own.id}`, { applied_tags: tagIds(moderated, 'Staff pick') })).json.code).toBe(50013);
    expect(standin.violations.map((v) => v.code)).toEqual([50013, 50013]);
    standin.violations.length = 0;

    // With Manage Threads in the forum (a member overwrite, as for denyBot) all of it works.
    standin.allowBot(guild.forum, P.ManageThreads);
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: tagIds(guild.forum, 'Solved'), name: 'renamed' })).status).toBe(200);
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { archived: true, locked: true })).json.thread_metadata).toMatchObject({ archived: true, locked: true });
    expect(standin.violations).toEqual([]);
  });

  it('answers 404 (10003) for an unknown channel and refuses invalid values', async () => {
    const { standin, guild } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    const { thread } = post();
    expect(await api(standin, 'PATCH', '/channels/1', { archived: true })).toMatchObject({ status: 404, json: { code: 10003, message: 'Unknown Channel' } });
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { auto_archive_duration: 30 })).json.code).toBe(50035);
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { name: '' })).json.code).toBe(50035);
    const textThread = standin.addThread(guild, guild.help, 'plain thread', world.member);
    expect((await api(standin, 'PATCH', `/channels/${textThread.id}`, { applied_tags: [] })).json.code).toBe(50035);
    expect(standin.violations.map((v) => v.code)).toEqual([10003, 50035, 50035, 50035]);
  });
});

describe('archived and locked posts', () => {
  it('close in order: the closing message, then archive and lock; after that the bot can neither post, edit nor delete there (50083)', async () => {
    const { standin, guild, gateway } = world;
    standin.allowBot(guild.forum, P.ManageThreads);
    const { thread } = post();
    const closing = await api(standin, 'POST', `/channels/${thread.id}/messages`, { content: 'Marked as solved.' });
    expect(closing.status).toBe(200);
    await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: tagIds(guild.forum, 'Solved'), archived: true, locked: true });
    const archived = await gateway.next('THREAD_UPDATE', (d) => d.d.id === thread.id && d.d.thread_metadata.archived);
    expect(archived.d.thread_metadata).toMatchObject({ archived: true, locked: true });
    expect(standin.violations).toEqual([]);

    const late = await api(standin, 'POST', `/channels/${thread.id}/messages`, { content: 'one more thing' });
    expect(late).toMatchObject({ status: 400, json: { code: 50083, message: 'Thread is archived' } });
    expect((await api(standin, 'PATCH', `/channels/${thread.id}/messages/${closing.json.id}`, { content: 'edited' })).json.code).toBe(50083);
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { applied_tags: [] })).json.code).toBe(50083);
    // Not even deleting: Discord's own client unarchives a thread before it deletes a message there.
    expect((await api(standin, 'DELETE', `/channels/${thread.id}/messages/${closing.json.id}`)).json.code).toBe(50083);
    expect(standin.violations.map((v) => v.code)).toEqual([50083, 50083, 50083, 50083]);
  });

  it('a member’s message reopens an archived, unlocked post: THREAD_UPDATE (archived: false), then MESSAGE_CREATE', async () => {
    const { standin, member, gateway } = world;
    const { thread } = post();
    standin.updateThread(thread, { archived: true });
    await gateway.next('THREAD_UPDATE', (d) => d.d.id === thread.id && d.d.thread_metadata.archived);
    const mark = gateway.dispatches.length;
    const message = standin.say(thread, member, 'it broke again');
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === message.id);
    const events = gateway.since(mark, 'THREAD_UPDATE', 'MESSAGE_CREATE');
    expect(events.map((e) => [e.t, e.t === 'THREAD_UPDATE' ? e.d.thread_metadata.archived : e.d.id])).toEqual([
      ['THREAD_UPDATE', false],
      ['MESSAGE_CREATE', message.id],
    ]);
    const reopened = await standin.waitForThreadUpdate((t, u) => t.id === thread.id && u.by === 'member');
    expect(reopened.thread_metadata.archived).toBe(false);
    expect(thread.thread_metadata!.archived).toBe(false);
  });

  it('a member cannot post in a locked, archived post: say() throws and nothing is sent', async () => {
    const { standin, guild, member, gateway } = world;
    const { thread } = post();
    standin.updateThread(thread, { archived: true, locked: true });
    await gateway.next('THREAD_UPDATE', (d) => d.d.id === thread.id && d.d.thread_metadata.locked);
    const mark = gateway.dispatches.length;
    const before = standin.messages.size;
    expect(() => standin.say(thread, member, 'hello?')).toThrow(/archived and locked/);
    expect(standin.messages.size).toBe(before);
    expect(thread.thread_metadata).toMatchObject({ archived: true, locked: true });
    // Everything sent before the next message has arrived by the time it does.
    const sentinel = standin.say(guild.general, member, 'sentinel');
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === sentinel.id);
    expect(gateway.since(mark).map((d) => d.t)).toEqual(['MESSAGE_CREATE']);
  });

  it('a locked post that is still open takes messages only from members with Manage Threads', async () => {
    const { standin, guild, member } = world;
    const { thread } = post();
    standin.updateThread(thread, { locked: true });
    expect(() => standin.say(thread, member, 'hello?')).toThrow(/locked/);
    const helper = standin.addMember(guild, 'helper', { moderator: true });
    expect(standin.say(thread, helper, 'Locked: see the pinned answer.').channel_id).toBe(thread.id);
    // The bot without Manage Threads is refused too.
    expect((await api(standin, 'POST', `/channels/${thread.id}/messages`, { content: 'x' })).json.code).toBe(160005);
    standin.violations.length = 0;
  });

  it('a member cannot edit in an archived post, nor in a locked one without Manage Threads: edit() throws', () => {
    const { standin, member } = world;
    const { thread, starter } = post();
    standin.updateThread(thread, { locked: true });
    expect(() => standin.edit(starter, 'Error code: auth:73')).toThrow(/locked/);
    standin.updateThread(thread, { locked: false, archived: true });
    expect(() => standin.edit(starter, 'Error code: auth:73')).toThrow(/archived/);
    standin.updateThread(thread, { archived: false });
    expect(standin.edit(starter, 'Error code: auth:73').content).toBe('Error code: auth:73');
    expect(starter.author.id).toBe(member.id);
  });

  it('the bot edits its messages in a locked post that is still open only with Manage Threads (160005); deleting stays possible', async () => {
    const { standin, guild } = world;
    const { thread } = post();
    const path = `/channels/${thread.id}/messages`;
    const mine = await api(standin, 'POST', path, { content: 'answer' });
    const other = await api(standin, 'POST', path, { content: 'another answer' });
    standin.updateThread(thread, { locked: true });
    expect(await api(standin, 'PATCH', `${path}/${mine.json.id}`, { content: 'edited' })).toMatchObject({ status: 403, json: { code: 160005 } });
    expect((await api(standin, 'DELETE', `${path}/${other.json.id}`)).status).toBe(204);
    standin.allowBot(guild.forum, P.ManageThreads);
    expect((await api(standin, 'PATCH', `${path}/${mine.json.id}`, { content: 'edited' })).status).toBe(200);
    expect(standin.violations.map((v) => v.code)).toEqual([160005]);
  });

  it('the bot’s message reopens an archived, unlocked post, as any message does on Discord', async () => {
    const { standin, gateway } = world;
    const { thread } = post();
    standin.updateThread(thread, { archived: true });
    await gateway.next('THREAD_UPDATE', (d) => d.d.id === thread.id && d.d.thread_metadata.archived);
    const mark = gateway.dispatches.length;
    const sent = await api(standin, 'POST', `/channels/${thread.id}/messages`, { content: 'Did that help?' });
    expect(sent.status).toBe(200);
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === sent.json.id);
    expect(gateway.since(mark, 'THREAD_UPDATE', 'MESSAGE_CREATE').map((e) => e.t)).toEqual(['THREAD_UPDATE', 'MESSAGE_CREATE']);
    expect(standin.threadUpdates.at(-1)).toMatchObject({ by: 'bot', thread: { id: thread.id, thread_metadata: { archived: false } } });
  });

  it('the bot unarchives an unlocked post it does not own with Send Messages in Threads; a locked one needs Manage Threads', async () => {
    const { standin } = world;
    const { thread } = post();
    standin.updateThread(thread, { archived: true });
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { archived: false })).status).toBe(200);
    standin.updateThread(thread, { archived: true, locked: true });
    expect((await api(standin, 'PATCH', `/channels/${thread.id}`, { archived: false })).json.code).toBe(50013);
    expect(standin.violations.map((v) => v.code)).toEqual([50013]);
    standin.violations.length = 0;
  });

  it('the bot joins an open post (THREAD_MEMBER_UPDATE), not an archived one (50083)', async () => {
    const { standin, gateway } = world;
    const open = post().thread;
    expect((await api(standin, 'PUT', `/channels/${open.id}/thread-members/@me`)).status).toBe(204);
    expect((await gateway.next('THREAD_MEMBER_UPDATE')).d).toMatchObject({ id: open.id, user_id: standin.bot.id });
    expect((await api(standin, 'GET', `/channels/${open.id}`)).json.member_count).toBe(2);
    const closed = post().thread;
    standin.updateThread(closed, { archived: true });
    expect((await api(standin, 'PUT', `/channels/${closed.id}/thread-members/@me`)).json.code).toBe(50083);
    expect(standin.violations.map((v) => v.code)).toEqual([50083]);
    standin.violations.length = 0;
  });

  it('GUILD_CREATE carries only active threads', async () => {
    const { standin, guild } = world;
    const open = post().thread;
    const closed = post().thread;
    standin.updateThread(closed, { archived: true });
    world.gateway.close();
    const again = await GatewayClient.connect(standin);
    const created = await again.next('GUILD_CREATE', (d) => d.d.id === guild.id);
    expect(created.d.threads.map((t: { id: string }) => t.id)).toEqual([open.id]);
    again.close();
  });
});
