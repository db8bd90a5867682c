import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/storage/migrations.js';
import { BACKENDS, freshDatabaseUrl, rawDb, openTestStorage } from './helpers.js';

const GUILD = '111111111111111111';
const channel = (i: number) => `3333333333333333${String(i).padStart(2, '0')}`;

describe.each(BACKENDS)('storage on %s', (backend) => {
  const open = (url?: string) => openTestStorage(backend, url);

  it('keeps the bot\'s first reply in a help-forum post, and migrates posts stored before it was kept', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0004_phrase_keys_any_script');
    const row = (thread_id: string) => ({
      thread_id, guild_id: GUILD, forum_id: channel(1), owner_id: 'owner', created_at: 1000, last_activity_at: 1000, answered: 0, onboarded: 1, state: 'open',
    });
    await old.insertInto('forum_posts').values(row('5551')).execute();
    await old.destroy();

    const { storage } = await open(url);
    const posts = storage.forumPosts;
    // A post from before: its reply unknown, the rest as it was.
    expect(await posts.getPost('5551')).toEqual({
      guildId: GUILD, threadId: '5551', forumId: channel(1), ownerId: 'owner', createdAt: 1000, lastActivityAt: 1000, answered: false, onboarded: true, state: 'open',
    });
    const post = { guildId: GUILD, forumId: channel(1), ownerId: 'owner', createdAt: 2000, lastActivityAt: 2000, answered: false, onboarded: false, state: 'open' as const };
    expect(await posts.claimPost({ ...post, threadId: '5552' })).toBe(true);
    await posts.recordWelcome('5552', { onboarded: true }, { replyId: '7771', codes: [], greeting: true });
    expect((await posts.getPost('5552'))?.firstReply).toEqual({ replyId: '7771', codes: [], greeting: true });
    // The greeting turned into an answer by an edit of the opening message; codes with spaces and signs kept whole.
    await posts.recordWelcome('5552', { answerCode: 'com.spotify.installer −1' }, { replyId: '7771', codes: ['com.spotify.installer −1', 'auth:3'], greeting: false });
    expect(await posts.getPost('5552')).toMatchObject({
      answered: true, onboarded: true, answerCode: 'com.spotify.installer −1', firstReply: { replyId: '7771', codes: ['com.spotify.installer −1', 'auth:3'], greeting: false },
    });
    // A shared message's list: answered, with no one entry.
    expect(await posts.claimPost({ ...post, threadId: '5553' })).toBe(true);
    await posts.recordWelcome('5553', { answerCode: '' }, { replyId: '7772', codes: [], greeting: false });
    expect((await posts.getPost('5553'))?.firstReply).toEqual({ replyId: '7772', codes: [], greeting: false });
    // A reply gone (dismissed): forgotten, the rest kept.
    await posts.forgetFirstReply('5552');
    const forgotten = await posts.getPost('5552');
    expect(forgotten?.firstReply).toBeUndefined();
    expect(forgotten).toMatchObject({ answered: true, answerCode: 'com.spotify.installer −1' });
    await storage.close();
  });

  it('keeps what the bot\'s first reply counted in the stats, and migrates replies stored before it was kept', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0005_forum_first_reply');
    await old
      .insertInto('forum_posts')
      .values({
        thread_id: '5591', guild_id: GUILD, forum_id: channel(1), owner_id: 'owner', created_at: 1000, last_activity_at: 1000, answered: 1, onboarded: 0,
        answer_code: 'auth:3', state: 'open', first_reply_id: '7791', first_reply_codes: 'auth:3',
      })
      .execute();
    await old.destroy();

    const { storage } = await open(url);
    const posts = storage.forumPosts;
    // A reply from before: what it counted is unknown (an edit leaves its count where it is).
    expect((await posts.getPost('5591'))?.firstReply).toEqual({ replyId: '7791', codes: ['auth:3'], greeting: false });
    const counted = { guildId: GUILD, day: '2026-11-25', events: [{ kind: 'lookup' as const, code: 'auth:3', source: 'forum' as const }] };
    await posts.recordWelcome('5591', { answerCode: 'auth:1' }, { replyId: '7791', codes: ['auth:1'], greeting: false, counted });
    expect((await posts.getPost('5591'))?.firstReply).toEqual({ replyId: '7791', codes: ['auth:1'], greeting: false, counted });
    // The greeting counted nothing.
    await posts.recordWelcome('5591', { onboarded: true }, { replyId: '7791', codes: [], greeting: true });
    expect((await posts.getPost('5591'))?.firstReply).toEqual({ replyId: '7791', codes: [], greeting: true });
    await storage.close();
  });

  it('keeps what closing a post still has to do in Discord, step by step, and takes posts closed before it was kept as closed there', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0006_forum_first_reply_counted');
    const row = { guild_id: GUILD, forum_id: channel(1), owner_id: 'owner', created_at: 1000, last_activity_at: 1000, answered: 0, onboarded: 0 };
    await old.insertInto('forum_posts').values({ ...row, thread_id: '5541', state: 'closed', closed_at: 2000 }).execute();
    await old.insertInto('forum_posts').values({ ...row, thread_id: '5542', state: 'open' }).execute();
    await old.destroy();

    const { storage } = await open(url);
    const posts = storage.forumPosts;
    expect(await posts.unfinishedCloses([GUILD])).toEqual([]);
    expect(await posts.closePost('5542', { state: 'solved', by: 'helper' }, 3000)).toBe(true);
    expect(await posts.unfinishedCloses([GUILD])).toEqual([expect.objectContaining({ threadId: '5542', state: 'solved', solvedBy: 'helper', discordClose: 'line' })]);
    expect(await posts.closingInDiscord('5542', 'archive')).toBe(true);
    expect((await posts.getPost('5542'))?.discordClose).toBe('archive');
    expect(await posts.closingInDiscord('5542', null)).toBe(true);
    expect(await posts.unfinishedCloses([GUILD])).toEqual([]);
    // Nothing left to do, or reopened by a message: no step to record.
    expect(await posts.closingInDiscord('5542', null)).toBe(false);
    await posts.recordActivity('5542', 4000, false, true);
    expect(await posts.getPost('5542')).toMatchObject({ state: 'open', lastActivityAt: 4000 });
    expect(await posts.closingInDiscord('5542', 'archive')).toBe(false);
    await storage.close();
  });

  it('counts help-forum posts over the same UTC days as the other stats, all of which pruning at the shortest retention keeps', async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    // 01:00 UTC: "the last 7 days" are today and the six days before, from 2026-11-19 00:00 UTC.
    const now = new Date('2026-11-25T01:00:00Z');
    const at = (iso: string) => Date.parse(iso);
    const post = (threadId: string, openedAt: string) =>
      posts.claimPost({ guildId: GUILD, threadId, forumId: channel(1), ownerId: 'owner', createdAt: at(openedAt), lastActivityAt: at(openedAt), answered: false, onboarded: false, state: 'open' });
    await post('5561', '2026-11-19T00:30:00Z'); // first day of the 7 days
    await post('5562', '2026-11-18T12:00:00Z'); // the day before it: 30 days only, though less than 7 × 24 hours ago
    await post('5563', '2026-10-27T00:30:00Z'); // first day of the 30 days
    await post('5564', '2026-10-26T12:00:00Z'); // the day before it, though less than 30 × 24 hours ago
    for (const thread of ['5563', '5564']) await posts.closePost(thread, { state: 'solved', by: 'owner' }, at('2026-10-26T23:00:00Z') + (thread === '5563' ? 2 * 3_600_000 : 0));
    await storage.recordLookup(GUILD, 'auth:3', 'forum', new Date(at('2026-11-18T12:00:00Z')));
    expect((await storage.stats(GUILD, 7, now)).bySource).toEqual({});
    expect(await posts.stats(GUILD, 7, now.getTime())).toMatchObject({ opened: 1 });
    expect(await posts.stats(GUILD, 30, now.getTime())).toMatchObject({ opened: 3, solvedByOwner: 1 });
    // Pruning at the shortest retention (30 days) keeps every post the 30 days count.
    await storage.prune(30, now);
    expect(await posts.stats(GUILD, 30, now.getTime())).toMatchObject({ opened: 3, solvedByOwner: 1 });
    await storage.close();
  });

  it("lists each quiet open post of a shard's servers once, however many servers and posts it reads", async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    const now = Date.parse('2026-11-25T12:00:00Z');
    // More servers than one read takes, each with a quiet post, a recent one and a closed one.
    const guilds = Array.from({ length: 120 }, (_, g) => `1111111111111${String(g).padStart(5, '0')}`);
    const quiet: string[] = [];
    for (const [g, guildId] of guilds.entries()) {
      const at = (hours: number) => now - hours * 3_600_000;
      const base = { guildId, forumId: channel(1), ownerId: 'owner', answered: false, onboarded: false, state: 'open' as const };
      await posts.claimPost({ ...base, threadId: `7${g}1`, createdAt: at(30), lastActivityAt: at(30) });
      await posts.claimPost({ ...base, threadId: `7${g}2`, createdAt: at(30), lastActivityAt: at(0.5) });
      await posts.claimPost({ ...base, threadId: `7${g}3`, createdAt: at(30), lastActivityAt: at(30) });
      await posts.closePost(`7${g}3`, { state: 'closed' }, at(1));
      quiet.push(`7${g}1`);
    }
    const listed = await posts.idlePosts([...guilds, '999'], now - 3_600_000);
    expect(listed.map((p) => p.threadId).sort()).toEqual(quiet.sort());
    expect(listed[0]).toMatchObject({ forumId: channel(1), state: 'open', lastActivityAt: now - 30 * 3_600_000 });
    await storage.close();
  });

  it('counts as closed when quiet only the posts the bot closed, not those it stopped following', async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    const now = Date.parse('2026-11-25T12:00:00Z');
    for (const thread of ['5571', '5572']) {
      await posts.claimPost({ guildId: GUILD, threadId: thread, forumId: channel(1), ownerId: 'owner', createdAt: now - 3_600_000, lastActivityAt: now - 3_600_000, answered: false, onboarded: false, state: 'open' });
    }
    expect(await posts.closePost('5571', { state: 'closed' }, now)).toBe(true);
    expect(await posts.closePost('5572', { state: 'ended' }, now)).toBe(true);
    expect(await posts.stats(GUILD, 7, now)).toMatchObject({ opened: 2, closedIdle: 1, solvedByOwner: 0, solvedByHelper: 0 });
    expect(await posts.idlePosts([GUILD], now)).toEqual([]);
    await storage.close();
  });

  it('ends the open posts of a server the bot left, and only those, for retention to delete', async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    const now = Date.parse('2026-11-25T12:00:00Z');
    const other = '222222222222222222';
    const post = (guildId: string, threadId: string) =>
      posts.claimPost({ guildId, threadId, forumId: channel(1), ownerId: 'owner', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open', welcomePending: true });
    for (const thread of ['5581', '5582']) await post(GUILD, thread);
    await post(other, '5583');
    await posts.closePost('5582', { state: 'solved', by: 'owner' }, now);
    expect(await posts.endGuildPosts(GUILD, now + 1)).toBe(1);
    expect(await posts.getPost('5581')).toMatchObject({ state: 'ended' });
    expect(await posts.pendingWelcomes([GUILD])).toEqual([]);
    expect(await posts.getPost('5582')).toMatchObject({ state: 'solved', solvedBy: 'owner', discordClose: 'line' });
    expect(await posts.getPost('5583')).toMatchObject({ state: 'open' });
    await storage.prune(30, new Date(now + 31 * 86_400_000));
    expect(await posts.getPost('5581')).toBeUndefined();
    expect(await posts.getPost('5583')).toMatchObject({ state: 'open' });
    await storage.close();
  });

  it('lists the servers that have open posts, each once, for the posts of servers left while the bot was away', async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    const now = Date.parse('2026-11-25T12:00:00Z');
    const [solvedOnly, ended] = ['222222222222222222', '444444444444444444'];
    const post = (guildId: string, threadId: string) =>
      posts.claimPost({ guildId, threadId, forumId: channel(1), ownerId: 'owner', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    for (const thread of ['5591', '5592']) await post(GUILD, thread);
    await post(solvedOnly, '5593');
    await posts.closePost('5593', { state: 'solved', by: 'owner' }, now);
    await post(ended, '5594');
    await posts.endGuildPosts(ended, now);
    expect(await posts.guildsWithOpenPosts()).toEqual([GUILD]);
    await storage.close();
  });

  it('counts a post whose greeting an edit turned into the answer as answered by the bot, not greeted as well', async () => {
    const { storage } = await open();
    const posts = storage.forumPosts;
    const now = Date.parse('2026-11-25T12:00:00Z');
    const claim = (threadId: string) =>
      posts.claimPost({ guildId: GUILD, threadId, forumId: channel(1), ownerId: 'owner', createdAt: now, lastActivityAt: now, answered: false, onboarded: false, state: 'open' });
    for (const thread of ['5581', '5582', '5583']) await claim(thread);
    await posts.recordWelcome('5581', { answerCode: 'auth:3' }, { replyId: '7781', codes: ['auth:3'], greeting: false });
    await posts.recordWelcome('5582', { onboarded: true }, { replyId: '7782', codes: [], greeting: true });
    // Greeted, then the owner added the error: the same reply now answers it.
    await posts.recordWelcome('5583', { onboarded: true }, { replyId: '7783', codes: [], greeting: true });
    await posts.recordWelcome('5583', { answerCode: 'auth:73' }, { replyId: '7783', codes: ['auth:73'], greeting: false });
    expect(await posts.stats(GUILD, 7, now)).toMatchObject({ opened: 3, answeredByBot: 2, onboarded: 1 });
    await storage.close();
  });

  it('keeps a post whose first reply Discord failed until one process takes it, migrating posts stored before', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0007_forum_discord_close');
    const row = { guild_id: GUILD, forum_id: channel(1), owner_id: 'owner', created_at: 1000, last_activity_at: 1000, answered: 0, onboarded: 0, state: 'open' };
    await old.insertInto('forum_posts').values({ ...row, thread_id: '5601' }).execute();
    await old.destroy();

    const { storage } = await open(url);
    const { storage: other } = await open(url);
    const posts = storage.forumPosts;
    expect(await posts.pendingWelcomes([GUILD])).toEqual([]);
    const claim = (threadId: string) =>
      posts.claimPost({ guildId: GUILD, threadId, forumId: channel(1), ownerId: 'owner', createdAt: 2000, lastActivityAt: 2000, answered: false, onboarded: false, state: 'open' });
    for (const thread of ['5602', '5603']) await claim(thread);
    for (const thread of ['5601', '5602', '5603']) await posts.welcomeFailed(thread);
    expect((await posts.pendingWelcomes([GUILD])).map((p) => p.threadId).sort()).toEqual(['5601', '5602', '5603']);
    expect(await posts.pendingWelcomes(['222222222222222222'])).toEqual([]);
    // Taken by one process only (another shard, or this one before a restart, sends nothing).
    expect(await Promise.all([posts.takeWelcome('5601', 5000), other.forumPosts.takeWelcome('5601', 5000)])).toEqual(expect.arrayContaining([true, false]));
    expect(await posts.takeWelcome('5601', 5000)).toBe(false);
    // Taken and not known to be sent (the process sending it killed): still listed; found not sent, released to one process only.
    expect(await posts.pendingWelcomes([GUILD])).toContainEqual(expect.objectContaining({ threadId: '5601', welcomeTakenAt: 5000 }));
    expect(await Promise.all([posts.releaseWelcome('5601'), other.forumPosts.releaseWelcome('5601')])).toEqual(expect.arrayContaining([true, false]));
    expect(await posts.takeWelcome('5601', 6000)).toBe(true);
    await posts.welcomeSent('5601');
    expect(await posts.releaseWelcome('5601')).toBe(false);
    // Closed meanwhile: nothing to send, also once reopened.
    expect(await posts.closePost('5602', { state: 'closed' }, 3000)).toBe(true);
    await posts.reopenPost('5602', 4000);
    expect(await posts.takeWelcome('5602', 6000)).toBe(false);
    expect(await posts.pendingWelcomes([GUILD])).toEqual([expect.objectContaining({ threadId: '5603', welcomePending: true })]);
    await storage.close();
    await other.close();
  });
});
