import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PRUNE_BATCH_ROWS } from '../../src/storage/batches.js';
import { migrate } from '../../src/storage/migrations.js';
import { openStorage } from '../../src/storage/open.js';
import { PHRASE_LIMITS, type KyselyStorage } from '../../src/storage/storage.js';
import { voterKey } from '../../src/storage/vote-secret.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { sharedLookup } from '../helpers.js';
import { BACKENDS, freshDatabaseUrl, rawDb, TEST_VOTE_SECRET, openTestStorage } from './helpers.js';

const GUILD = '111111111111111111';
const OTHER = '222222222222222222';
const channel = (i: number) => `3333333333333333${String(i).padStart(2, '0')}`;

describe.each(BACKENDS)('storage on %s', (backend) => {
  const open = (url?: string) => openTestStorage(backend, url);

  it('migrates an empty database and keeps settings across reopening', async () => {
    const { url, storage } = await open();
    expect(storage.kind).toBe(backend);
    expect(await storage.getSettings(GUILD)).toEqual(DEFAULT_SETTINGS);
    const updated = await storage.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true, allowIds: ['333333333333333333'] }));
    expect(updated.autoReplies).toBe(true);
    await storage.close();
    const { storage: again } = await open(url);
    expect(await again.getSettings(GUILD)).toMatchObject({ autoReplies: true, allowIds: ['333333333333333333'] });
    expect(await again.getSettings(OTHER)).toEqual(DEFAULT_SETTINGS);
    await again.close();
  });

  it('adds, lists and removes phrases per server, refusing duplicates and enforcing limits', async () => {
    const { storage } = await open();
    expect(await storage.addPhrase(GUILD, 'Stuck on the login spinner', 'desktop_login_accounts:2', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, 'stuck   on the LOGIN spinner!', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'duplicate' });
    expect(await storage.addPhrase(OTHER, 'stuck on the login spinner', 'auth:3', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, 'x', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'length' });
    expect(await storage.addPhrase(GUILD, 'y'.repeat(101), 'auth:3', 'mod')).toEqual({ ok: false, reason: 'length' });
    expect((await storage.listPhrases(GUILD)).map((p) => [p.phrase, p.code])).toEqual([
      ['Stuck on the login spinner', 'desktop_login_accounts:2'],
    ]);
    // What was removed, as it was stored: not what the moderator typed to name it.
    expect(await storage.removePhrase(GUILD, 'STUCK on the login spinner')).toMatchObject({
      phrase: 'Stuck on the login spinner',
      code: 'desktop_login_accounts:2',
      createdBy: 'mod',
    });
    expect(await storage.removePhrase(GUILD, 'stuck on the login spinner')).toBeUndefined();
    expect(await storage.listPhrases(GUILD)).toEqual([]);
    for (let i = 0; i < PHRASE_LIMITS.perGuild; i++) {
      expect((await storage.addPhrase(GUILD, `phrase number ${i}`, 'auth:3', 'mod')).ok).toBe(true);
    }
    expect(await storage.addPhrase(GUILD, 'one too many', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'limit' });
    await storage.close();
  });

  it('keeps phrases in any script apart by all their words, and removes them as typed', async () => {
    const { storage } = await open();
    expect(await storage.addPhrase(GUILD, 'Spotify Premium не работает', 'auth:3', 'mod')).toMatchObject({ ok: true });
    // Only the Cyrillic words differ: another phrase, not a duplicate of the first.
    expect(await storage.addPhrase(GUILD, 'Spotify Premium не входит', 'auth:1', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, 'spotify premium — НЕ работает!', 'auth:2', 'mod')).toEqual({ ok: false, reason: 'duplicate' });
    // All Chinese, or accented Latin: stored, not refused as too short.
    expect(await storage.addPhrase(GUILD, '登不上去', 'auth:3', 'mod')).toMatchObject({ ok: true });
    // Two characters of a script written without spaces are a word ("黑屏", black screen); one is not, nor are two Latin letters.
    expect(await storage.addPhrase(GUILD, '黑屏', 'auth:1', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, '闪退!', 'auth:3', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, '黑', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'length' });
    expect(await storage.addPhrase(GUILD, 'ab', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'length' });
    expect(await storage.addPhrase(GUILD, 'no me deja iniciar sesión', 'auth:3', 'mod')).toMatchObject({ ok: true });
    expect(await storage.addPhrase(GUILD, 'no me deja iniciar sesion', 'auth:3', 'mod')).toMatchObject({ ok: true });
    expect(await storage.removePhrase(GUILD, 'spotify premium не работает')).toBeDefined();
    expect(new Set((await storage.listPhrases(GUILD)).map((p) => p.phrase))).toEqual(
      new Set(['Spotify Premium не входит', '登不上去', '黑屏', '闪退!', 'no me deja iniciar sesión', 'no me deja iniciar sesion']),
    );
    await storage.close();
  });

  it('keeps words an invisible character separates apart in a phrase, as its key and a message read them', async () => {
    const { storage } = await open();
    // Copied from a web page: a zero-width space (or a word joiner) between two words.
    const copied = 'spotify\u200bpremium keeps crashing';
    const added = await storage.addPhrase(GUILD, copied, 'auth:3', 'mod');
    expect(added).toMatchObject({ ok: true });
    // The same words typed with spaces are the same phrase.
    expect(await storage.addPhrase(GUILD, 'spotify premium keeps crashing', 'auth:1', 'mod')).toEqual({ ok: false, reason: 'duplicate' });
    // It answers the message it was copied from, and the same words typed.
    const phrases = await storage.listPhrases(GUILD);
    for (const text of [copied, 'my spotify premium keeps crashing']) {
      expect(sharedLookup().detector.detect(text, { phrases }).matches.map((m) => m.entry.code), text).toEqual(['auth:3']);
    }
    expect(await storage.removePhrase(GUILD, copied)).toBeDefined();
    await storage.close();
  });

  it('re-keys phrases stored by their Latin letters only, so they can be removed as typed', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0003_forum_posts');
    const row = (phrase: string, phrase_key: string, guild_id = GUILD) => ({ guild_id, phrase_key, phrase, code: 'auth:3', created_by: 'mod', created_at: '2026-11-20T00:00:00.000Z' });
    await old
      .insertInto('phrases')
      .values([row('Spotify Premium не работает', 'spotify premium'), row('no me deja iniciar sesión', 'no me deja iniciar sesi n'), row('plain words', 'plain words')])
      .execute();
    await old.destroy();

    const { storage } = await open(url);
    expect(await storage.addPhrase(GUILD, 'spotify premium', 'auth:1', 'mod')).toMatchObject({ ok: true });
    expect(await storage.removePhrase(GUILD, 'Spotify Premium не работает')).toBeDefined();
    expect(await storage.removePhrase(GUILD, 'no me deja iniciar sesión')).toBeDefined();
    expect((await storage.listPhrases(GUILD)).map((p) => p.phrase).sort()).toEqual(['plain words', 'spotify premium']);
    await storage.close();
  });

  it('counts lookups, misses and votes per day, and reports 7 and 30 days', async () => {
    const { storage } = await open();
    const now = new Date('2026-11-25T12:00:00Z');
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    await storage.recordLookup(GUILD, 'auth:3', 'slash', now);
    await storage.recordLookup(GUILD, 'auth:3', 'auto', now);
    await storage.recordLookup(GUILD, 'auth:3', 'auto', daysAgo(1));
    await storage.recordLookup(GUILD, 'accounts:4', 'context', daysAgo(10));
    await storage.recordLookup(OTHER, 'auth:3', 'slash', now);
    await storage.recordMiss(GUILD, `  my ${'very '.repeat(40)} odd   problem `, now);
    await storage.recordMiss(GUILD, 'spotify eats my homework', now);
    await storage.recordMiss(GUILD, 'spotify eats my homework', daysAgo(20));
    expect(await storage.recordVote(GUILD, 'user1', 'auth:3', true, now)).toBe('recorded');
    expect(await storage.recordVote(GUILD, 'user1', 'auth:3', true, now)).toBe('unchanged');
    expect(await storage.recordVote(GUILD, 'user1', 'auth:3', false, now)).toBe('changed');
    expect(await storage.recordVote(GUILD, 'user2', 'auth:3', true, now)).toBe('recorded');

    const week = await storage.stats(GUILD, 7, now);
    expect(week.lookups).toEqual([{ code: 'auth:3', count: 3 }]);
    expect(week.bySource).toEqual({ slash: 1, auto: 2 });
    expect(week.misses).toHaveLength(2);
    expect(week.misses).toContainEqual({ query: 'spotify eats my homework', count: 1 });
    for (const miss of week.misses) expect(miss.query.length).toBeLessThanOrEqual(100);
    expect(week.helpfulness).toEqual([{ code: 'auth:3', helped: 1, notHelped: 1 }]);
    const month = await storage.stats(GUILD, 30, now);
    expect(month.lookups).toEqual([
      { code: 'auth:3', count: 3 },
      { code: 'accounts:4', count: 1 },
    ]);
    expect(month.misses[0]).toEqual({ query: 'spotify eats my homework', count: 2 });
    await storage.close();
  });

  it('keeps every write when many arrive at once', async () => {
    const { storage } = await open();
    const now = new Date();
    await Promise.all(Array.from({ length: 200 }, () => storage.recordLookup(GUILD, 'auth:1', 'auto', now)));
    expect((await storage.stats(GUILD, 1, now)).lookups).toEqual([{ code: 'auth:1', count: 200 }]);
    await storage.close();
  });

  it('writes a batch of counters and votes in one transaction, adding to what is stored', async () => {
    const { storage } = await open();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    await storage.recordLookup(GUILD, 'auth:3', 'slash', now);
    const results = await storage.writeStats({
      lookups: [
        { guildId: GUILD, day, code: 'auth:3', source: 'slash', count: 4 },
        { guildId: GUILD, day, code: 'auth:3', source: 'auto', count: 2 },
      ],
      misses: [{ guildId: GUILD, day, query: '  what   is this ', count: 3 }],
      votes: [
        { guildId: GUILD, day, userId: 'u1', code: 'auth:3', helpful: true },
        { guildId: GUILD, day, userId: 'u1', code: 'auth:3', helpful: true },
        { guildId: GUILD, day, userId: 'u1', code: 'auth:3', helpful: false },
      ],
    });
    expect(results).toEqual(['recorded', 'unchanged', 'changed']);
    const stats = await storage.stats(GUILD, 1, now);
    expect(stats.lookups).toEqual([{ code: 'auth:3', count: 7 }]);
    expect(stats.misses).toEqual([{ query: 'what is this', count: 3 }]);
    expect(stats.helpfulness).toEqual([{ code: 'auth:3', helped: 0, notHelped: 1 }]);
    await storage.close();
  });

  it('takes back a count written before (an edited reply that shows another error), listing nothing at zero', async () => {
    const { storage } = await open();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    await storage.recordLookup(GUILD, 'auth:3', 'auto', now);
    await storage.recordLookup(GUILD, 'auth:73', 'auto', now);
    await storage.writeStats({
      lookups: [
        { guildId: GUILD, day, code: 'auth:3', source: 'auto', count: -1 },
        { guildId: GUILD, day, code: 'auth:1', source: 'auto', count: 1 },
      ],
      misses: [],
      votes: [],
    });
    const stats = await storage.stats(GUILD, 1, now);
    expect(stats.lookups).toEqual([
      { code: 'auth:1', count: 1 },
      { code: 'auth:73', count: 1 },
    ]);
    expect(stats.bySource).toEqual({ auto: 2 });
    await storage.close();
  });

  // A mention answered with a miss, then edited to show an error: the miss is taken back, as a count of minus one.
  it('takes back a miss written before, listing nothing at zero or below', async () => {
    const { storage } = await open();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    await storage.recordMiss(GUILD, 'spotify ate my playlist', now);
    await storage.recordMiss(GUILD, 'spotify hums at night', now);
    await storage.writeStats({
      lookups: [],
      misses: [
        { guildId: GUILD, day, query: 'spotify ate my playlist', count: -1 },
        // Its count was dropped while the database failed; the taking back was not.
        { guildId: GUILD, day, query: 'spotify sings off key', count: -1 },
      ],
      votes: [],
    });
    expect((await storage.stats(GUILD, 1, now)).misses).toEqual([{ query: 'spotify hums at night', count: 1 }]);
    await storage.close();
  });

  // The member edited their words away: the bot no longer counts them as a miss, and must not keep them for months.
  it('keeps no text of a miss taken back: a count at zero or below leaves no row', async () => {
    const { url, storage } = await open();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    await storage.recordMiss(GUILD, 'my email is someone@example.com and spotify crashed', now);
    await storage.recordMiss(GUILD, 'spotify hums at night', now);
    await storage.writeStats({
      lookups: [],
      misses: [
        { guildId: GUILD, day, query: 'my email is someone@example.com and spotify crashed', count: -1 },
        { guildId: GUILD, day, query: 'spotify sings off key', count: -1 },
      ],
      votes: [],
    });
    await storage.close();
    const db = rawDb(backend, url);
    const rows = await db.selectFrom('misses').select(['query', 'count']).execute();
    await db.destroy();
    expect(rows.map((r) => [r.query, Number(r.count)])).toEqual([['spotify hums at night', 1]]);
  });

  // PostgreSQL refused a NUL in a miss, and with it the whole batch; a mention's member ID was kept.
  it('stores member text no database refuses, and no one\'s mention, without losing the batch around it', async () => {
    const { storage } = await open();
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const results = await storage.writeStats({
      lookups: [{ guildId: GUILD, day, code: 'auth:3', source: 'auto', count: 5 }],
      misses: [
        { guildId: GUILD, day, query: 'spotify \u0000 broken\u0007 again', count: 1 },
        { guildId: GUILD, day, query: '<@123456789012345678> keeps asking <@&222> in <#333> why', count: 1 },
        { guildId: GUILD, day, query: `${'x'.repeat(99)}\u{1F600} and a lone \ud83d half`, count: 1 },
        // Nothing anyone could read: not a miss worth listing as an empty quote.
        { guildId: GUILD, day, query: '\u200b\u202e\u200b', count: 1 },
      ],
      votes: [{ guildId: GUILD, day, userId: 'u1', code: 'auth:3', helpful: true }],
    });
    expect(results).toEqual(['recorded']);
    const stats = await storage.stats(GUILD, 1, now);
    expect(stats.lookups).toEqual([{ code: 'auth:3', count: 5 }]);
    expect(stats.misses.map((m) => m.query).sort()).toEqual(['keeps asking in why', 'spotify broken again', 'x'.repeat(99)].sort());
    expect((await storage.addPhrase(GUILD, 'no \u0000 sound at all', 'auth:3', 'mod')).ok).toBe(true);
    expect((await storage.listPhrases(GUILD)).map((p) => p.phrase)).toContain('no sound at all');
    // Words either side of what was removed stay apart: the phrase is found again as typed.
    expect((await storage.addPhrase(GUILD, 'spotify\u0000error sixteen', 'auth:3', 'mod')).ok).toBe(true);
    expect(await storage.removePhrase(GUILD, 'spotify\u0000error sixteen')).toBeDefined();
    await storage.close();
  });

  // #15, item 2: read-change-write without a lock lost confirmed changes on PostgreSQL.
  it('stores every one of many simultaneous settings changes, from one process or two', async () => {
    const { url, storage: first } = await open();
    const { storage: second } = await open(url);
    const allow = (storage: KyselyStorage, i: number) =>
      storage.updateSettings(GUILD, (s) => ({ ...s, allowIds: [...s.allowIds.filter((id) => id !== channel(i)), channel(i)] }));
    const confirmed = await Promise.all(Array.from({ length: 20 }, (_, i) => allow(i % 2 ? second : first, i)));
    expect(confirmed).toHaveLength(20);
    expect([...(await first.getSettings(GUILD)).allowIds].sort()).toEqual(Array.from({ length: 20 }, (_, i) => channel(i)).sort());

    // Two moderators changing two different settings at once: both changes stay.
    await Promise.all([
      first.updateSettings(OTHER, (s) => ({ ...s, compact: false })),
      second.updateSettings(OTHER, (s) => ({ ...s, symptomMode: true })),
      first.updateSettings(OTHER, (s) => ({ ...s, userCooldownSeconds: 5 })),
      second.updateSettings(OTHER, (s) => ({ ...s, screenshots: false })),
    ]);
    expect(await second.getSettings(OTHER)).toMatchObject({ compact: false, symptomMode: true, userCooldownSeconds: 5, screenshots: false });
    await first.close();
    await second.close();
  });

  it('never passes the phrase limit when moderators add at once', async () => {
    const { url, storage: first } = await open();
    const { storage: second } = await open(url);
    for (let i = 0; i < PHRASE_LIMITS.perGuild - 2; i++) await first.addPhrase(GUILD, `phrase number ${i}`, 'auth:3', 'mod');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? second : first).addPhrase(GUILD, `late phrase ${i}`, 'auth:3', 'mod')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.reason === 'limit')).toHaveLength(4);
    const same = await Promise.all([first.addPhrase(OTHER, 'same words here', 'auth:3', 'a'), second.addPhrase(OTHER, 'same words here', 'auth:3', 'b')]);
    expect(same.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['duplicate', 'ok']);
    expect(await first.listPhrases(GUILD)).toHaveLength(PHRASE_LIMITS.perGuild);
    await first.close();
    await second.close();
  });

  // #15, item 2: ten simultaneous clicks by one member failed with a duplicate key on PostgreSQL.
  it('takes simultaneous votes by one member without an error, counting one', async () => {
    const { url, storage: first } = await open();
    const { storage: second } = await open(url);
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? second : first).recordVote(GUILD, 'member', 'auth:3', i % 3 !== 0, now)),
    );
    expect(results).toHaveLength(10);
    expect(results).toContain('recorded');
    const [helpfulness] = (await first.stats(GUILD, 1, now)).helpfulness;
    expect(helpfulness!.helped + helpfulness!.notHelped).toBe(1);
    await first.close();
    await second.close();
  });

  // #15, item 10: one member voting on 15 private answers made "100 % helped (15 of 15)".
  it('counts one vote per member per entry per day; a new vote the same day changes it', async () => {
    const { storage } = await open();
    const today = new Date('2026-11-25T10:00:00Z');
    const later = new Date('2026-11-25T23:00:00Z');
    const tomorrow = new Date('2026-11-26T09:00:00Z');
    for (let i = 0; i < 15; i++) await storage.recordVote(GUILD, 'stuffer', 'auth:3', true, today);
    expect(await storage.recordVote(GUILD, 'stuffer', 'auth:3', false, later)).toBe('changed');
    await storage.recordVote(GUILD, 'stuffer', 'accounts:4', true, today);
    await storage.recordVote(GUILD, 'honest', 'auth:3', true, today);
    expect((await storage.stats(GUILD, 1, later)).helpfulness).toEqual([
      { code: 'auth:3', helped: 1, notHelped: 1 },
      { code: 'accounts:4', helped: 1, notHelped: 0 },
    ]);
    expect(await storage.recordVote(GUILD, 'stuffer', 'auth:3', true, tomorrow)).toBe('recorded');
    expect((await storage.stats(GUILD, 2, tomorrow)).helpfulness[0]).toEqual({ code: 'auth:3', helped: 2, notHelped: 1 });
    await storage.close();
  });

  // #15, item 12: voter = sha256("answerId:userId") could be recomputed from the database alone.
  it('keeps voters only as a keyed hash that the database alone cannot trace back', async () => {
    const { url, storage } = await open();
    const now = new Date('2026-11-25T12:00:00Z');
    const userId = '444444444444444444';
    await storage.recordVote(GUILD, userId, 'auth:3', true, now);
    await storage.close();
    const db = rawDb(backend, url);
    const rows = await db.selectFrom('votes').selectAll().execute();
    await db.destroy();
    expect(rows).toHaveLength(1);
    const stored = String(rows[0]!.voter);
    expect(Object.keys(rows[0]!).sort()).toEqual(['code', 'day', 'guild_id', 'helpful', 'voter']);
    // Not any unkeyed hash of what the database holds plus a member ID someone could list.
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    for (const guess of [userId, `${GUILD}:${userId}`, `${GUILD}:auth:3:2026-11-25:${userId}`, ['vote', GUILD, 'auth:3', '2026-11-25', userId].join('\u0000')]) {
      expect(sha(guess)).not.toContain(stored);
    }
    expect(stored).toBe(voterKey(TEST_VOTE_SECRET, { guildId: GUILD, code: 'auth:3', day: '2026-11-25', userId }));
    expect(stored).not.toBe(voterKey('another-secret-of-enough-length-0123456789', { guildId: GUILD, code: 'auth:3', day: '2026-11-25', userId }));
  });

  // #15, item 14: misses, counters and votes were kept for ever (and ended help-forum posts, with their owners' IDs).
  it('prunes misses, counters, votes and ended help-forum posts older than the retention period', async () => {
    const { storage } = await open();
    const now = new Date('2026-11-25T12:00:00Z');
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    for (const n of [0, 30, 89, 90, 120, 400]) {
      await storage.recordLookup(GUILD, 'auth:3', 'slash', daysAgo(n));
      await storage.recordMiss(GUILD, `query from ${n} days ago`, daysAgo(n));
      await storage.recordVote(GUILD, `user${n}`, 'auth:3', true, daysAgo(n));
    }
    // Help-forum posts (with their owners' IDs): those that ended before the first day kept go; open ones stay, however old.
    const post = (threadId: string, daysOld: number) => ({
      guildId: GUILD,
      threadId,
      forumId: channel(1),
      ownerId: '444444444444444444',
      createdAt: daysAgo(daysOld).getTime(),
      lastActivityAt: daysAgo(daysOld).getTime(),
      answered: false,
      onboarded: true,
      state: 'open' as const,
    });
    for (const [threadId, daysOld, endedDaysAgo] of [['5550', 400, 120], ['5551', 200, 91], ['5552', 100, 89], ['5553', 300, undefined]] as const) {
      await storage.forumPosts.claimPost(post(threadId, daysOld));
      if (endedDaysAgo !== undefined) await storage.forumPosts.closePost(threadId, { state: 'closed' }, daysAgo(endedDaysAgo).getTime());
    }
    // One the bot stopped following (its thread deleted, or its forum no longer a help forum) goes too.
    await storage.forumPosts.claimPost(post('5554', 150));
    await storage.forumPosts.closePost('5554', { state: 'ended' }, daysAgo(100).getTime());
    const result = await storage.prune(90, now);
    expect(result).toEqual({ keptFrom: '2026-08-28', lookups: 3, misses: 3, votes: 3, forumPosts: 3 });
    const kept = await storage.stats(GUILD, 1000, now);
    expect(kept.lookups).toEqual([{ code: 'auth:3', count: 3 }]);
    expect(kept.misses.map((m) => m.query).sort()).toEqual(['query from 0 days ago', 'query from 30 days ago', 'query from 89 days ago']);
    expect(kept.helpfulness).toEqual([{ code: 'auth:3', helped: 3, notHelped: 0 }]);
    expect((await storage.forumPosts.stats(GUILD, 1000, now.getTime())).opened).toBe(2);
    expect((await storage.forumPosts.idlePosts([GUILD], now.getTime())).map((p) => p.threadId)).toEqual(['5553']);
    expect(await storage.prune(90, now)).toMatchObject({ lookups: 0, misses: 0, votes: 0, forumPosts: 0 });
    await storage.close();
  });

  // Pruning deleted each table in one statement: the first pruning of stats an older version kept for
  // ever held SQLite's thread, so every answer, until the whole table was gone.
  it('prunes a large table in batches, with turns for the event loop between them, deleting exactly what is older', async () => {
    const { url, storage } = await open();
    const now = new Date('2026-11-25T12:00:00Z');
    const db = rawDb(backend, url);
    const old = 2 * PRUNE_BATCH_ROWS + 500;
    const lookups = (day: string, n: number) => Array.from({ length: n }, (_, i) => ({ guild_id: GUILD, day, code: `code:${i}`, source: 'slash', count: 1 }));
    const posts = (closedAt: number, n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        thread_id: String(from + i),
        guild_id: GUILD,
        forum_id: channel(1),
        owner_id: '444444444444444444',
        created_at: closedAt,
        last_activity_at: closedAt,
        answered: 0,
        onboarded: 1,
        state: 'closed',
        closed_at: closedAt,
      }));
    const firstKept = Date.parse('2026-08-28T00:00:00Z');
    for (let i = 0; i < old; i += 500) await db.insertInto('lookups').values(lookups('2026-08-27', old).slice(i, i + 500)).execute();
    await db.insertInto('lookups').values(lookups('2026-08-28', 10)).execute();
    for (let i = 0; i < PRUNE_BATCH_ROWS + 100; i += 500) await db.insertInto('forum_posts').values(posts(firstKept - 1, Math.min(500, PRUNE_BATCH_ROWS + 100 - i), i)).execute();
    await db.insertInto('forum_posts').values(posts(firstKept, 5, 900_000)).execute();

    let turns = 0;
    let pruning = true;
    const turn = () => {
      turns += 1;
      if (pruning) setImmediate(turn);
    };
    setImmediate(turn);
    const result = await storage.prune(90, now);
    pruning = false;
    expect(result).toEqual({ keptFrom: '2026-08-28', lookups: old, misses: 0, votes: 0, forumPosts: PRUNE_BATCH_ROWS + 100 });
    // Answers (Discord's events) get the event loop between batches: at least once per batch after the first.
    expect(turns).toBeGreaterThanOrEqual(3);
    const left = async (table: string) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await left('lookups')).toBe(10);
    expect(await left('forum_posts')).toBe(5);
    await db.destroy();
    await storage.close();
  });
});

describe('the SQLite file after pruning and removing', () => {
  // The privacy section promises old misses are deleted: SQLite only marks a deleted row's space free,
  // so the member's text stayed readable in bot.sqlite (and in every backup of it).
  it('no longer holds the text of pruned misses or removed phrases', async () => {
    const url = await freshDatabaseUrl('sqlite');
    const path = url.replace(/^file:/, '');
    const now = new Date('2026-11-25T12:00:00Z');
    let storage = await openStorage(url, DEFAULT_SETTINGS, {});
    await storage.recordMiss(GUILD, 'my card ends in 4242 please help', new Date(now.getTime() - 200 * 86_400_000));
    await storage.recordMiss(GUILD, 'a query from today', now);
    await storage.addPhrase(GUILD, 'phrase the moderator removed', 'auth:3', 'mod');
    await storage.removePhrase(GUILD, 'phrase the moderator removed');
    await storage.close();
    storage = await openStorage(url, DEFAULT_SETTINGS, {});
    expect(await storage.prune(90, now)).toMatchObject({ misses: 1 });
    await storage.close();
    const bytes = [path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p).toString('latin1')).join('');
    expect(bytes).toContain('a query from today');
    expect(bytes).not.toContain('ends in 4242');
    expect(bytes).not.toContain('the moderator removed');
  });
});
