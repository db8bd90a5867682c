import { describe, expect, it } from 'vitest';
import { openStorage, PHRASE_LIMITS } from '../../src/storage/storage.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { BACKENDS, freshDatabaseUrl } from './helpers.js';

const GUILD = '111111111111111111';
const OTHER = '222222222222222222';

describe.each(BACKENDS)('storage on %s', (backend) => {
  async function open() {
    const url = await freshDatabaseUrl(backend);
    return { url, storage: await openStorage(url) };
  }

  it('migrates an empty database and keeps settings across reopening', async () => {
    const { url, storage } = await open();
    expect(storage.kind).toBe(backend);
    expect(await storage.getSettings(GUILD)).toEqual(DEFAULT_SETTINGS);
    const updated = await storage.updateSettings(GUILD, (s) => ({ ...s, autoReplies: true, allowIds: ['333333333333333333'] }));
    expect(updated.autoReplies).toBe(true);
    await storage.close();
    const again = await openStorage(url);
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
    expect(await storage.removePhrase(GUILD, 'STUCK on the login spinner')).toBe(true);
    expect(await storage.removePhrase(GUILD, 'stuck on the login spinner')).toBe(false);
    expect(await storage.listPhrases(GUILD)).toEqual([]);
    for (let i = 0; i < PHRASE_LIMITS.perGuild; i++) {
      expect((await storage.addPhrase(GUILD, `phrase number ${i}`, 'auth:3', 'mod')).ok).toBe(true);
    }
    expect(await storage.addPhrase(GUILD, 'one too many', 'auth:3', 'mod')).toEqual({ ok: false, reason: 'limit' });
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
    expect(await storage.recordVote(GUILD, 'answer1', 'user1', 'auth:3', true, now)).toBe('recorded');
    expect(await storage.recordVote(GUILD, 'answer1', 'user1', 'auth:3', true, now)).toBe('unchanged');
    expect(await storage.recordVote(GUILD, 'answer1', 'user1', 'auth:3', false, now)).toBe('changed');
    expect(await storage.recordVote(GUILD, 'answer1', 'user2', 'auth:3', true, now)).toBe('recorded');

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
    await Promise.all(Array.from({ length: 200 }, () => storage.recordLookup(GUILD, 'auth:1', 'auto')));
    expect((await storage.stats(GUILD, 1)).lookups).toEqual([{ code: 'auth:1', count: 200 }]);
    await storage.close();
  });
});
