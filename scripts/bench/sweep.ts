import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { HelpForums, type HelpForumDeps } from '../../src/discord/forums/index.js';
import { GuildData } from '../../src/storage/guild-data.js';
import { openStorage } from '../../src/storage/open.js';

/**
 * A help-forum sweep over a shard's servers on SQLite (2,500 servers with a help forum each, 40,000 open posts
 * written in within the day, none quiet for the forum's 24 hours yet): the longest the event loop was held, as the
 * process's CPU time between two turns of a 1 ms timer (wall time on a busy machine counts other processes' too).
 * It was the whole sweep, 250–560 ms of CPU, while the posts were read a few queries at once and looped over
 * without a turn.
 */
export async function benchSweep(posts = 40_000, guildCount = 2_500, sweeps = 3) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  const storage = await openStorage(`file:${join(dir, 'bot.sqlite')}`);
  try {
    const guilds = Array.from({ length: guildCount }, (_, g) => `1000${g}`);
    const now = Date.now();
    for (const guildId of guilds) {
      await storage.updateSettings(guildId, (s) => ({ ...s, forums: [{ forumId: '5', idleHours: 24, onboarding: true, lock: false }] }));
    }
    const at = now - 5 * 3_600_000;
    const rows = Array.from({ length: posts }, (_, i) => ({
      guild_id: guilds[i % guilds.length]!, thread_id: `2000${i}`, forum_id: '5', owner_id: '6', created_at: at, last_activity_at: at, answered: 0, onboarded: 0, state: 'open',
    }));
    const db = storage.db as unknown as { insertInto(table: string): { values(rows: unknown[]): { execute(): Promise<unknown> } } };
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('forum_posts').values(rows.slice(i, i + 500)).execute();
    const deps = {
      store: storage.forumPosts,
      guildData: new GuildData(storage),
      clock: { now: () => now, every: () => () => undefined },
      logger: { warn: () => undefined, debug: () => undefined, info: () => undefined },
    } as unknown as HelpForumDeps;
    const client = { guilds: { cache: new Map(guilds.map((g) => [g, {}])) }, channels: { cache: new Map(), fetch: async () => null } } as unknown as Client;
    const longest: number[] = [];
    for (let i = 0; i < sweeps; i++) {
      let maxCpuMs = 0;
      let last = process.cpuUsage();
      const timer = setInterval(() => {
        const used = process.cpuUsage(last);
        maxCpuMs = Math.max(maxCpuMs, (used.user + used.system) / 1000);
        last = process.cpuUsage();
      }, 1);
      await new HelpForums(deps).sweep(client);
      await new Promise((resolve) => setTimeout(resolve, 10));
      clearInterval(timer);
      longest.push(maxCpuMs);
    }
    longest.sort((a, b) => a - b);
    return { posts, guilds: guildCount, medianLongestMs: longest[Math.floor(longest.length / 2)]! };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
