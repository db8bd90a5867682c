import { once } from 'node:events';
import { createServer, request } from 'node:http';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { stopAfterEach } from './harness.js';
import { DiscordStandIn, freePort, snowflake, startBotProcess, temporaryDatabaseUrl } from '../../scripts/discord-standin/index.js';
import { commandPayloads } from '../../src/commands/index.js';

const track = stopAfterEach();
type BotProcess = ReturnType<typeof startBotProcess>;

/** Resolves once a shard manager's output closes: its shards write to it, so every one of them has exited. */
function everyShardExited(bot: BotProcess): Promise<string> {
  return (bot.child.stdout!.closed ? Promise.resolve() : once(bot.child.stdout!, 'close')).then(() => 'every shard exited');
}

/** Shards a failing manager left running are the test's to end. */
function killShardsOf(bot: BotProcess): void {
  for (const pid of new Set(bot.logs.map((l) => l.pid).filter((pid) => typeof pid === 'number' && pid !== bot.child.pid))) {
    try {
      process.kill(pid as number, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Runs `use` while another server listens on a free port. */
async function withPortTaken(use: (port: number) => Promise<void>): Promise<void> {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    await use(port);
  } finally {
    blocker.close();
  }
}

const portInUse = (port: number) =>
  `HEALTH_PORT ${port} is already in use on 127.0.0.1: give a free port, or leave HEALTH_PORT empty to turn the health endpoint off.`;

async function setup() {
  const standin = track(await new DiscordStandIn().start());
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `14000000000000000${i}`, name: c.name })));
  return standin;
}

/** A bot on a database file of its own that has answered one lookup (its count waiting to be written). */
async function runningAfterOneLookup() {
  const s = await setup();
  const guild = s.addGuild();
  const member = s.addMember(guild, 'member');
  const url = temporaryDatabaseUrl();
  const bot = track(startBotProcess(s.botEnv({ DATABASE_URL: url })));
  await bot.ready();
  const reply = await s.slash(guild.help, member, 'spotify-error', { query: 'auth:3' }).reply(5000);
  expect(reply.embeds[0]!.title).toMatch(/^auth:3/);
  return { s, url, bot };
}

/** A shard manager running one shard, with its health endpoint on `port`, once every shard is ready. */
async function oneShardUnderAManager() {
  const s = await setup();
  const guild = s.addGuild();
  const member = s.addMember(guild, 'member');
  const port = await freePort();
  const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '1', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
  await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
  return { s, guild, member, port, bot };
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
    bot.child.kill('SIGTERM');
    const reply = await interaction.reply(5000);
    expect(reply.embeds[0]!.title).toMatch(/^auth:3/);
    // 0, not 1: it stopped before its own 9.5-second limit would have ended it.
    expect(await bot.exit()).toBe(0);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('shuts down on SIGTERM within 10 seconds, exiting 0 with the stats written, when Discord does not answer the gateway close (the network cut)', async () => {
    const { s, url, bot } = await runningAfterOneLookup();
    // The connection stays open, and nothing the bot sends on it is answered, its close neither.
    s.stallGateway();
    bot.child.kill('SIGTERM');
    // Before, it waited for the close to be answered (half a minute) until its own 9.5-second limit ended it: exit 1.
    expect(await bot.exit(20_000)).toBe(0);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    const db = new SQLite(url.replace(/^file:/, ''), { readonly: true });
    try {
      expect(db.prepare('SELECT code, count FROM lookups').all()).toEqual([{ code: 'auth:3', count: 1 }]);
    } finally {
      db.close();
    }
  });

  it('on a token reset while running, shuts down as on SIGTERM: writes the stats waiting, then exits 1 with the bad-token line', async () => {
    const { s, url, bot } = await runningAfterOneLookup();
    // The lookup waits for its write (within a second) when the token is reset and the gateway closes with 4004.
    s.dropGateway(4004);
    expect(await bot.exit()).toBe(1);
    expect(bot.logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(/^Discord rejected the bot token/)]);
    const db = new SQLite(url.replace(/^file:/, ''), { readonly: true });
    try {
      expect(db.prepare('SELECT code, count FROM lookups').all()).toEqual([{ code: 'auth:3', count: 1 }]);
    } finally {
      db.close();
    }
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('stops with one line and exits 1 when Discord closes the gateway for good while it runs (sharding required, intents refused), not end by itself with 0 and no word', async () => {
    for (const [code, line] of [
      [4011, /^Discord requires sharding \(gateway close 4011\).*SHARD_COUNT=auto/],
      [4014, /^Discord refused the Message Content intent \(gateway close 4014\)/],
    ] as const) {
      const s = await setup();
      s.addGuild();
      const bot = track(startBotProcess(s.botEnv()));
      await bot.ready();
      // discord.js does not reconnect after these: the process ended by itself, exit 0 with no line,
      // which a process manager does not start again.
      s.dropGateway(code);
      expect(await bot.exit(), String(code)).toBe(1);
      expect(bot.logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([expect.stringMatching(line)]);
      expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    }
  }, 60_000);

  it('logs a crash (a rejection nothing handled) as every line is, without the request body or the interaction token, then stops as on SIGTERM and exits 1', async () => {
    const s = await setup();
    s.addGuild();
    // A bug's stand-in: on SIGUSR2, a rejection nothing handles, of what discord.js throws when Discord
    // refuses a reply (read from the environment, so that no stack frame shows it).
    const thrown = {
      url: 'https://discord.com/api/v10/interactions/1234567890/aW50ZXJhY3Rpb246c2VjcmV0/callback',
      requestBody: { json: { content: 'text I read: My bank PIN is 4321' } },
    };
    const bug = "process.on('SIGUSR2', () => void Promise.reject(Object.assign(new Error('Unknown interaction'), JSON.parse(process.env.THROWN))));";
    const bot = track(startBotProcess(s.botEnv({ NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(bug)}`, THROWN: JSON.stringify(thrown) })));
    await bot.ready();
    bot.child.kill('SIGUSR2');
    expect(await bot.exit()).toBe(1);
    // Before, Node printed the error raw on stderr, with its request body and the interaction token.
    const output = `${bot.stderr}\n${bot.dump()}`;
    expect(output).not.toContain('PIN is 4321');
    expect(output).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
    expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual(['crashed']);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('exits 1 when a crash comes while it is stopping on SIGTERM (the crash is not lost in the clean stop)', async () => {
    const s = await setup();
    s.addGuild();
    // A bug's stand-in: a rejection nothing handles, on the same SIGTERM that stops the bot.
    const bug = "process.on('SIGTERM', () => void Promise.reject(new Error('a bug while stopping')));";
    const bot = track(startBotProcess(s.botEnv({ NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(bug)}` })));
    await bot.ready();
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(1);
    expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual(['crashed']);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('stops cleanly on SIGTERM during start-up, a second one too: it gives up logging in, closes the database and exits 0', async () => {
    const s = await setup();
    // Discord is slow to say where the gateway is: the bot is still logging in when the signal comes.
    s.inject({ path: /\/gateway\/bot$/, status: 429, retryAfter: 1, times: 1 });
    const bot = track(startBotProcess(s.botEnv()));
    await bot.waitForLog((l) => l.msg === 'storage ready');
    bot.child.kill('SIGTERM');
    await bot.waitForLog((l) => l.msg === 'shutting down');
    // An impatient second signal does not cut the start-up short either.
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('stops on SIGTERM within 10 seconds, exiting 0, while Discord makes its login wait longer than that', async () => {
    const s = await setup();
    s.addGuild();
    // Discord's rate limit (or its session start limit) holds the login for half a minute.
    s.inject({ path: /\/gateway\/bot$/, status: 429, retryAfter: 30, times: 1 });
    const bot = track(startBotProcess(s.botEnv()));
    await s.waitForRequest((r) => r.status === 429, 15_000);
    bot.child.kill('SIGTERM');
    // Before, its 9.5-second limit ended it: exit 1, the database left open.
    expect(await bot.exit(20_000)).toBe(0);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(s.identifies).toEqual([]);
  });

  it('stops on SIGTERM within 10 seconds, exiting 0 with the database closed, when the network is cut as it logs in (its close unanswered too)', async () => {
    const s = await setup();
    s.addGuild();
    s.stallAtIdentify = true;
    const stalled = once(s, 'stalledIdentify');
    const bot = track(startBotProcess(s.botEnv()));
    await stalled;
    bot.child.kill('SIGTERM');
    // Before, giving the login up waited for its close to be answered until its 9.5-second limit ended it: exit 1, the database left open.
    expect(await bot.exit(20_000)).toBe(0);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  }, 30_000);

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

  it('answers the health endpoint 503 while the gateway connection is lost, and ready again once it resumes', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.ready();
    // A dropped connection that resumes: ready again.
    s.dropGateway(4000);
    await bot.waitForLog((l) => l.msg === 'gateway resumed');
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    // Discord unreachable: the bot keeps trying, and cannot answer meanwhile.
    const before = bot.logs.length;
    await s.stop();
    await bot.waitForLog((l) => l.msg === 'gateway connection lost, reconnecting' && bot.logs.indexOf(l) >= before);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', gateway: 'reconnecting' });
  });

  it('warns once that the gateway connection is lost, not at every try, while Discord cannot be reached', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess(s.botEnv()));
    await bot.ready();
    const before = bot.logs.length;
    await s.stop();
    const since = (msg: string) => bot.logs.slice(before).filter((l) => l.msg === msg);
    // The client tries again about twice a second: five tries, or a second warning.
    await bot.waitForLog(() => since('gateway reconnecting').length >= 5 || since('gateway connection lost, reconnecting').length >= 2, 20_000);
    expect(since('gateway connection lost, reconnecting').map((l) => [l.level, l.reconnects])).toEqual([[40, 1]]);
  });

  it('answers a request for a path that is not a URL (GET //) with 404 and keeps running', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.ready();
    // fetch() would normalise the path; a scanner or a misconfigured probe sends it as it is.
    const status = await new Promise<number | undefined>((resolve) => {
      request({ host: '127.0.0.1', port, path: '//' }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', () => resolve(undefined))
        .end();
    });
    expect(status, bot.stderr).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });

  it('stops with one line, before it logs in to Discord, when the health port is taken', async () => {
    const s = await setup();
    s.addGuild();
    await withPortTaken(async (port) => {
      const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
      expect(await bot.exit(20_000)).toBe(1);
      expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual([portInUse(port)]);
      expect(bot.dump()).not.toContain('EADDRINUSE');
      // A configuration error, found before the bot is up: no login (a process manager starting it
      // again and again would spend Discord's daily logins), and nothing answered meanwhile.
      expect(s.identifies).toEqual([]);
      expect(bot.logs.map((l) => l.msg)).not.toContain('ready');
    });
  });

  it('answers the health endpoint 503 while the bot is starting, before it has logged in', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    // Discord makes the login wait: the endpoint is up, and says the bot cannot answer yet.
    s.inject({ path: /\/gateway\/bot$/, status: 429, retryAfter: 30, times: 1 });
    const bot = track(startBotProcess(s.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.waitForLog((l) => l.msg === 'health endpoint listening');
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', starting: true });
  });

  it('stops the shard manager with one line, too, when the health port is taken', async () => {
    const s = await setup();
    s.addGuild();
    await withPortTaken(async (port) => {
      const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
      expect(await bot.exit(20_000)).toBe(1);
      expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual([portInUse(port)]);
      expect(bot.stderr).not.toContain('EADDRINUSE');
      expect(s.identifies).toEqual([]);
    });
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

  it('says once every shard is ready which AUTO_REPLY_CHANNEL_IDS are no channel of a server the bot is in, as a lone bot does', async () => {
    const s = await setup();
    const now = Date.now();
    const guilds = [0, 1, 2].map((i) => s.addGuild(`Server ${i}`, { id: snowflake(now + i) }));
    expect(new Set(guilds.map((g) => s.shardOf(g.id, 2))).size).toBe(2);
    const nowhere = '990000000000000001';
    const ids = [...guilds.map((g) => g.help.id), nowhere].join(',');
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', AUTO_REPLY_CHANNEL_IDS: ids })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    // Each shard sees only its own servers: the manager asks them all, and one line names what none knows.
    const line = await bot.waitForLog((l) => l.msg.startsWith('AUTO_REPLY_CHANNEL_IDS names channels of no server'));
    expect(line).toMatchObject({ level: 40, channels: [nowhere], pid: bot.child.pid });
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
    expect(bot.logs.filter((l) => l.msg.startsWith('AUTO_REPLY_CHANNEL_IDS names')).length).toBe(1);
  }, 60_000);

  it('is not ready under a shard manager until every shard it runs is ready, not only those launched so far', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    // The manager launches shard 1 some seconds after shard 0: ask once it has heard shard 0 is ready, before shard 1 is launched.
    await bot.waitForLog((l) => l.msg === 'shard ready' && l.shard === 0, 30_000);
    const early = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await early.json()).toMatchObject({ status: 'not ready', shardsReady: [0], totalShards: 2 });
    expect(early.status).toBe(503);
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toMatchObject({ status: 'ready', shardsReady: [0, 1] });
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
  }, 60_000);

  it('keeps the counters of a shard that died and was started again in the manager\'s scrape: they never go down', async () => {
    const s = await setup();
    const guild = s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    await s.slash(guild.help, s.addMember(guild, 'm'), 'spotify-error', { query: 'accounts:4' }).reply();
    const answers = async () => (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).match(/^spotify_bot_answers_total\{way="autocomplete",outcome="entry"\} (\d+)$/m)?.[1];
    expect(await answers()).toBe('1');
    const shardPids = new Set(bot.logs.filter((l) => l.msg === 'ready' && l.pid !== bot.child.pid).map((l) => l.pid));
    expect(shardPids.size).toBe(2);
    for (const pid of shardPids) process.kill(pid as number, 'SIGKILL');
    // The manager starts both again: wait until each new process is ready.
    const restarted = (l: { msg: string; pid?: unknown }) => l.msg === 'ready' && l.pid !== bot.child.pid && !shardPids.has(l.pid);
    await bot.waitForLog(() => bot.logs.filter(restarted).length === 2, 30_000);
    // A counter that went down would be read by Prometheus as a reset, and the next rise as that many new answers.
    expect(await answers()).toBe('1');
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
  }, 60_000);

  it('reports under a shard manager the shards whose gateway connection is lost as not ready', async () => {
    const s = await setup();
    s.addGuild();
    const port = await freePort();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    await s.stop();
    // Each shard tells the manager over its process channel: wait until the manager has heard it of both.
    const notReady = (shard: number) => bot.waitForLog((l) => l.msg === 'shard not ready' && l.shard === shard);
    await Promise.all([notReady(0), notReady(1)]);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', shards: 2, shardsReady: [] });
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
  }, 60_000);

  it('reports under a shard manager a shard that stops by itself as not ready from the moment it stops, until it is started again', async () => {
    const { s, guild, member, port, bot } = await oneShardUnderAManager();
    const shardPid = (await bot.waitForLog((l) => l.msg === 'ready' && l.pid !== bot.child.pid)).pid as number;
    // A reply in flight, held by Discord's rate limit: the shard finishes it before it exits.
    s.inject({ path: /\/callback$/, status: 429, retryAfter: 2 });
    const interaction = s.slash(guild.help, member, 'spotify-error', { query: 'auth:3' });
    await s.waitForRequest((r) => r.status === 429);
    // Stopped by itself, not by the manager (as a crash or a gateway closed for good stops it).
    process.kill(shardPid, 'SIGTERM');
    await bot.waitForLog((l) => l.msg === 'shard not ready' && l.shard === 0 && l.pid === bot.child.pid);
    // Before, "ready" until the shard had finished its work and closed its gateway connection.
    const answered = () => s.requests.some((r) => /\/callback$/.test(r.path) && r.status < 300);
    expect(answered()).toBe(false);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', shards: 1, shardsReady: [] });
    expect((await interaction.reply(10_000)).embeds[0]!.title).toMatch(/^auth:3/);
    // The manager starts it again: ready once the new process is.
    const shardReady = (l: { msg: string; shard?: unknown; pid?: unknown }) => l.msg === 'shard ready' && l.shard === 0 && l.pid === bot.child.pid;
    await bot.waitForLog(() => bot.logs.filter(shardReady).length === 2, 30_000);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toMatchObject({ status: 'ready', shardsReady: [0] });
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
  }, 60_000);

  it('answers the health endpoint 503 under a shard manager from the moment it is stopping, as a lone bot does, not ready while its shards finish their work', async () => {
    const { s, guild, member, port, bot } = await oneShardUnderAManager();
    // A reply in flight, held by Discord's rate limit: the shard finishes it before it stops, taking no new work meanwhile.
    s.inject({ path: /\/callback$/, status: 429, retryAfter: 2 });
    const interaction = s.slash(guild.help, member, 'spotify-error', { query: 'auth:3' });
    await s.waitForRequest((r) => r.status === 429);
    bot.child.kill('SIGTERM');
    await bot.waitForLog((l) => l.msg === 'stopping shards');
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    // Before, 200 "ready" until the shard had finished its work and closed its gateway connection.
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not ready', stopping: true });
    expect((await interaction.reply(10_000)).embeds[0]!.title).toMatch(/^auth:3/);
    expect(await bot.exit()).toBe(0);
  }, 60_000);

  it('stops every shard on SIGTERM to the shard manager: none is started again', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
    try {
      // The shards write to the manager's output, which closes once the last of them has exited.
      const outcome = await Promise.race([
        everyShardExited(bot),
        s.waitForIdentify(3, 30_000).then(
          () => 'a shard was started again',
          () => 'timed out',
        ),
      ]);
      expect(outcome).toBe('every shard exited');
    } finally {
      killShardsOf(bot);
    }
  }, 60_000);

  it('stops the shard manager on SIGTERM, exiting 0, when a second SIGTERM comes while it stops', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    bot.child.kill('SIGTERM');
    await bot.waitForLog((l) => l.msg === 'stopping shards');
    // An impatient process manager, or Ctrl-C pressed twice.
    bot.child.kill('SIGTERM');
    try {
      expect(await bot.exit()).toBe(0);
      expect(await everyShardExited(bot)).toBe('every shard exited');
    } finally {
      killShardsOf(bot);
    }
  }, 60_000);

  it('stops its shards when the shard manager dies (killed, out of memory): none is left answering beside a new one', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    bot.child.kill('SIGKILL');
    try {
      const outcome = await Promise.race([
        everyShardExited(bot),
        new Promise((resolve) => setTimeout(resolve, 15_000, 'a shard is left running')),
      ]);
      expect(outcome).toBe('every shard exited');
      // Each stopped as on SIGTERM, its stats written, with no stack trace.
      expect(bot.logs.filter((l) => l.msg === 'stopped').length).toBe(2);
      expect(bot.stderr).toBe('');
    } finally {
      killShardsOf(bot);
    }
  }, 60_000);

  it('stops with the bad-token line when SHARD_COUNT=auto cannot ask Discord for the shard count', async () => {
    const s = await setup();
    const bot = track(startBotProcess({ ...s.botEnv({ SHARD_COUNT: 'auto' }), DISCORD_TOKEN: 'not-the-right-token-at-all' }));
    expect(await bot.exit()).toBe(1);
    expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual([expect.stringMatching(/^Discord rejected the bot token \(DISCORD_TOKEN\)/)]);
    expect(bot.stderr).toBe('');
  });

  it('stops every shard with one line when a shard that died cannot be started again', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess(s.botEnv({ SHARD_COUNT: '2' })));
    await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
    const shardPid = (await bot.waitForLog((l) => l.msg === 'ready' && l.pid !== bot.child.pid)).pid as number;
    // The token was reset meanwhile: the shard started again in place of the dead one is refused.
    s.rejectGatewayToken = true;
    process.kill(shardPid, 'SIGKILL');
    try {
      expect(await bot.exit(90_000)).toBe(1);
      expect(await Promise.race([everyShardExited(bot), new Promise((resolve) => setTimeout(resolve, 15_000, 'a shard is left running'))])).toBe(
        'every shard exited',
      );
      expect(bot.logs.filter((l) => l.level >= 60 && l.pid === bot.child.pid).map((l) => l.msg)).toEqual([
        expect.stringMatching(/^Shard \d could not start again/),
      ]);
      expect(bot.stderr).toBe('');
    } finally {
      killShardsOf(bot);
    }
  }, 120_000);

  it('stops the shard manager with one line, and no shard left behind, when a shard cannot start', async () => {
    const s = await setup();
    s.addGuild();
    const bot = track(startBotProcess({ ...s.botEnv({ SHARD_COUNT: '2' }), DISCORD_TOKEN: 'not-the-right-token-at-all' }));
    expect(await bot.exit(30_000)).toBe(1);
    const refusedLogins = () => s.requests.filter((r) => r.status === 401).length;
    const refusedBeforeExit = refusedLogins();
    try {
      const outcome = await Promise.race([
        everyShardExited(bot),
        s.waitForRequest((r) => r.status === 401 && refusedLogins() > refusedBeforeExit, 30_000).then(
          () => 'a shard was started again',
          () => 'timed out',
        ),
      ]);
      expect(outcome).toBe('every shard exited');
      // The shard's own line says why; the manager adds one line, no stack trace.
      expect(bot.logs.filter((l) => l.level >= 60).map((l) => l.msg)).toEqual([
        expect.stringMatching(/^Discord rejected the bot token/),
        expect.stringMatching(/^Shard 0 could not start/),
      ]);
      expect(bot.stderr).toBe('');
    } finally {
      killShardsOf(bot);
    }
  }, 60_000);
});
