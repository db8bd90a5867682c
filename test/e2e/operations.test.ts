import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { stopAfterEach } from './harness.js';
import { DiscordStandIn, freePort, snowflake, startBotProcess } from '../../scripts/discord-standin/index.js';
import { commandPayloads } from '../../src/commands/index.js';

const track = stopAfterEach();


async function setup() {
  const standin = track(await new DiscordStandIn().start());
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `14000000000000000${i}`, name: c.name })));
  return standin;
}

describe('operations', () => {
  it('shuts down on SIGTERM: finishes the reply in flight, then exits 0 within 10 seconds', async () => {
    const s = await setup();
    const guild = s.addGuild();
    const member = s.addMember(guild, 'member');
    const bot = track(startBotProcess(s.botEnv()));
    await bot.ready();
    s.inject({ path: /\/callback$/, status: 429, retryAfter: 1 });
    const interaction = s.slash(guild.help, member, 'spotify-error', { query: 'auth:3' });
    await s.waitForRequest((r) => r.status === 429);
    const started = Date.now();
    bot.child.kill('SIGTERM');
    const reply = await interaction.reply(5000);
    expect(reply.embeds[0]!.title).toMatch(/^auth:3/);
    expect(await bot.exit()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('answers the health endpoint: ready with counters', async () => {
    const s = await setup();
    const guild = s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.ready();
    await s.slash(guild.help, s.addMember(guild, 'm'), 'spotify-error', { query: 'auth:3' }).reply();
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ready', guilds: 1, interactions: 1, errors: 0 });
    // No image yet: the screenshot reader has started no worker.
    expect(body.screenshots).toEqual({ workers: 0, busy: 0, queued: 0, read: 0, failed: 0, dropped: 0, inFlight: 0 });
    // Which data it answers from.
    expect(body.data).toEqual({ errors: 62, edition: 2, platforms: ['windows', 'macos'], commit: '3eacc699df0aa74e895d566b87eafbc21835791e' });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('stops with one line, the database closed, when the health port is taken', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
      expect(await bot.exit(20_000)).toBe(1);
      const fatal = bot.logs.filter((l) => l.level >= 60);
      expect(fatal.map((l) => l.msg)).toEqual([
        `HEALTH_PORT ${port} is already in use on 127.0.0.1: give a free port, or leave HEALTH_PORT empty to turn the health endpoint off.`,
      ]);
      expect(bot.logs.map((l) => l.msg)).toContain('stopped');
      expect(bot.dump()).not.toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it('starts two shards with SHARD_COUNT=2: each gets only its guilds and answers there', async () => {
    const s = await setup();
    // A guild's shard comes from its ID's timestamp: consecutive milliseconds fall on both shards.
    const now = Date.now();
    const guilds = [0, 1, 2].map((i) => s.addGuild(`Server ${i}`, { id: snowflake(now + i) }));
    const onShard = (shard: number) => guilds.filter((g) => s.shardOf(g.id, 2) === shard);
    const byShard = [onShard(0), onShard(1)];
    expect(byShard[0]!.length).toBeGreaterThan(0);
    expect(byShard[1]!.length).toBeGreaterThan(0);
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    const shards = s.identifies.map((i) => i.shard[0]).sort();
    expect(shards).toEqual([0, 1]);
    for (const identify of s.identifies) {
      expect(identify.shard[1]).toBe(2);
      expect(identify.guilds.sort()).toEqual(byShard[identify.shard[0]]!.map((g) => g.id).sort());
    }
    for (const group of byShard) {
      const guild = group[0]!;
      const reply = await s.slash(guild.help, s.addMember(guild, 'm'), 'spotify-error', { query: 'accounts:4' }).reply();
      expect(reply.embeds[0]!.title).toMatch(/^accounts:4/);
    }
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ready', shards: 2, shardsReady: [0, 1], totalShards: 2 });
    // One scrape of the manager returns every shard's figures, merged: one answer in each shard.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('spotify_bot_answers_total{way="autocomplete",outcome="entry"} 2');
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
  }, 60_000);
});
