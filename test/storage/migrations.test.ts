import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forumPostsMigration } from '../../src/storage/forum-posts.js';
import { StorageStartError } from '../../src/storage/errors.js';
import { migrate } from '../../src/storage/migrations.js';
import { BACKENDS, freshDatabaseUrl, rawDb, openTestStorage } from './helpers.js';

const GUILD = '111111111111111111';

describe.each(BACKENDS)('storage on %s', (backend) => {
  const open = (url?: string) => openTestStorage(backend, url);

  it('migrates votes of the first version, keeping them, without their traceable hashes', async () => {
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0001_initial');
    const legacy = (answer: string, user: string) => createHash('sha256').update(`${answer}:${user}`).digest('hex').slice(0, 32);
    await old
      .insertInto('votes')
      .values([
        { guild_id: GUILD, answer_id: 'a1', voter: legacy('a1', 'u1'), code: 'auth:3', helpful: 1, day: '2026-11-20' },
        { guild_id: GUILD, answer_id: 'a2', voter: legacy('a2', 'u1'), code: 'auth:3', helpful: 1, day: '2026-11-20' },
        { guild_id: GUILD, answer_id: 'a2', voter: legacy('a2', 'u2'), code: 'auth:3', helpful: 0, day: '2026-11-21' },
      ])
      .execute();
    await old.insertInto('lookups').values({ guild_id: GUILD, day: '2026-11-20', code: 'auth:3', source: 'slash', count: 5 }).execute();
    await old.destroy();

    const { storage } = await open(url);
    const stats = await storage.stats(GUILD, 30, new Date('2026-11-25T12:00:00Z'));
    expect(stats.helpfulness).toEqual([{ code: 'auth:3', helped: 2, notHelped: 1 }]);
    expect(stats.lookups).toEqual([{ code: 'auth:3', count: 5 }]);
    await storage.recordVote(GUILD, 'u1', 'auth:3', true, new Date('2026-11-20T12:00:00Z'));
    await storage.close();
    const db = rawDb(backend, url);
    const voters = (await db.selectFrom('votes').select('voter').execute()).map((r) => String(r.voter));
    await db.destroy();
    expect(voters).toHaveLength(4);
    for (const hash of [legacy('a1', 'u1'), legacy('a2', 'u1'), legacy('a2', 'u2')]) expect(voters).not.toContain(hash);
  });

  it('migrates a database of the help-forums version (0001 and 0003 applied, 0002 not yet)', async () => {
    // The help forums were released with migration 0003 before 0002 (votes per day) was merged beside it.
    const url = await freshDatabaseUrl(backend);
    const old = rawDb(backend, url);
    await migrate(old as unknown as Kysely<unknown>, '0001_initial');
    await forumPostsMigration.up(old as unknown as Kysely<unknown>);
    await old.insertInto('spotify_bot_migrations').values({ name: '0003_forum_posts', timestamp: new Date().toISOString() }).execute();
    await old.insertInto('guild_settings').values({ guild_id: GUILD, settings: JSON.stringify({ autoReplies: true }), updated_at: '2026-11-20T00:00:00.000Z' }).execute();
    await old
      .insertInto('votes')
      .values({ guild_id: GUILD, answer_id: 'a1', voter: 'old-hash', code: 'auth:3', helpful: 1, day: '2026-11-20' })
      .execute();
    await old.destroy();

    const { storage } = await open(url);
    expect(await storage.getSettings(GUILD)).toMatchObject({ autoReplies: true });
    expect((await storage.stats(GUILD, 30, new Date('2026-11-25T12:00:00Z'))).helpfulness).toEqual([{ code: 'auth:3', helped: 1, notHelped: 0 }]);
    expect(await storage.recordVote(GUILD, 'u1', 'auth:3', false, new Date('2026-11-25T12:00:00Z'))).toBe('recorded');
    await storage.close();
  });

  it('refuses, in one line that says so, a database a newer version of the bot updated, and leaves it as it was', async () => {
    // Rolled back to this version after an upgrade: the database has a migration this version does not know.
    const { url, storage } = await open();
    await storage.updateSettings(GUILD, (current) => ({ ...current, autoReplies: true }));
    await storage.close();
    const db = rawDb(backend, url);
    await db.insertInto('spotify_bot_migrations').values({ name: '0099_from_a_newer_version', timestamp: new Date().toISOString() }).execute();
    await db.destroy();

    const refused = await open(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StorageStartError);
    const message = (refused as Error).message;
    expect(message).toMatch(/^Storage error: .* was updated by a newer version of the bot \(0099_from_a_newer_version\); run that version or a newer one/);
    expect(message).not.toMatch(/corrupted|move it away|empty one/);
    expect(message).not.toContain('\n');

    const after = rawDb(backend, url);
    const settings = await after.selectFrom('guild_settings').select('settings').execute();
    await after.destroy();
    expect(JSON.parse(String(settings[0]!.settings))).toMatchObject({ autoReplies: true });
  });
});
