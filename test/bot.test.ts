/** spotify_bot_storage_errors_total as the bot wires it: each failed database operation counts once. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createContext } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { DEFAULT_SETTINGS } from '../src/settings/schema.js';
import { openStorage } from '../src/storage/open.js';
import { collectingLogger } from './helpers.js';
import { freshDatabaseUrl, TEST_VOTE_SECRET } from './storage/helpers.js';

const GUILD = '111111111111111111';

/** The bot's context on a fresh SQLite file, and the counter's value. */
async function botOnSqlite() {
  const url = await freshDatabaseUrl('sqlite');
  const { logger } = collectingLogger();
  const storage = await openStorage(url, DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET, probeIntervalMs: 60_000, logger });
  const config = loadConfig({ DISCORD_TOKEN: 'MTIz.not-a-real-token.for-tests', DISCORD_APPLICATION_ID: '123456789012345678', DATABASE_URL: url, OCR_WORKERS: '0' });
  const ctx = createContext(config, logger, storage);
  const errors = async () => (await ctx.metrics.storageErrors.get()).values.reduce((sum, v) => sum + v.value, 0);
  // The file refuses writes from now on (a read-only remount).
  const refuseWrites = () => sql`PRAGMA query_only = ON`.execute(storage.db);
  return { storage, ctx, errors, refuseWrites };
}

describe('storage_errors_total', () => {
  it('counts a failed stats write once, also when it is the failure that starts an outage', async () => {
    const { storage, ctx, errors, refuseWrites } = await botOnSqlite();
    await refuseWrites();
    ctx.stats.record(GUILD, [{ kind: 'lookup', code: 'auth:3', source: 'slash' }]);
    await ctx.stats.flush();
    expect(storage.status.available).toBe(false);
    expect(await errors()).toBe(1);

    await ctx.stats.close();
    await storage.close();
  });

  it('counts once the failed write of another kind that starts an outage', async () => {
    const { storage, ctx, errors, refuseWrites } = await botOnSqlite();
    await refuseWrites();
    await expect(ctx.guildData.updateSettings(GUILD, (s) => ({ ...s, compact: false }))).rejects.toThrow();
    expect(storage.status.available).toBe(false);
    expect(await errors()).toBe(1);

    await ctx.stats.close();
    await storage.close();
  });
});
