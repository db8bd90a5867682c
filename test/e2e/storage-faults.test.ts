/**
 * The database failing, through the real bot process (#15): start-up failures said "could not
 * connect to Discord"; a stopped PostgreSQL killed the bot, a hung one left it silent; a locked
 * SQLite file froze it; votes on private answers were counted.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotProcess, DiscordStandIn, freePort, P, startBotProcess, type Message } from '../../scripts/discord-standin/index.js';
import { openStorage } from '../../src/storage/open.js';
import { TEST_VOTE_SECRET } from '../storage/helpers.js';
import { PostgresCluster } from '../storage/pg-cluster.js';
import { expectNoViolations, replyTo, startWorld, stopAfterEach, stopWorld, type World } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = 'spotify-error-admin';
const NOT_ANSWERING = 'The database is not answering right now; nothing was changed. Try again in a minute.';
const track = stopAfterEach();
/** A PNG of one pixel: an image to hold a question in flight while the CDN delays it. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Enough environment to get past the configuration to opening the database. */
const botEnv = (extra: Record<string, string>) => ({
  DISCORD_TOKEN: 'MTIz.not-a-real-token.for-start-up-tests',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
  ...extra,
});

/** The one line a start-up failure leaves, and that Discord was not blamed. */
async function startupFailure(bot: BotProcess): Promise<string> {
  expect(await bot.exit(20_000)).toBe(1);
  const fatal = bot.logs.filter((l) => l.level >= 50);
  expect(fatal, bot.dump()).toHaveLength(1);
  expect(bot.dump()).not.toContain('could not connect to Discord');
  expect(fatal[0]!.msg).not.toContain('\n');
  return fatal[0]!.msg;
}

async function sqliteFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'spotify-bot-faults-'));
  return join(dir, 'bot.sqlite');
}

describe('start-up failures say which database failed and how to fix it', { timeout: 30_000 }, () => {
  it('a corrupt SQLite file', async () => {
    const path = await sqliteFile();
    writeFileSync(path, 'this is not a database, whatever its name says. '.repeat(50));
    const msg = await startupFailure(track(startBotProcess(botEnv({ DATABASE_URL: `file:${path}` }))));
    expect(msg).toBe(
      `Storage error: the SQLite database ${path} is damaged or not a database (file is not a database); restore it from a backup, or move it away to start with an empty one.`,
    );
  });

  it('a read-only SQLite file', async () => {
    const path = await sqliteFile();
    await (await openStorage(`file:${path}`)).close();
    chmodSync(join(path, '..'), 0o777);
    chmodSync(path, 0o444);
    // Root writes anything: the bot runs as nobody then, as a service user would.
    const asRoot = process.getuid?.() === 0;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), DOTENV_CONFIG_PATH: '/nonexistent', ...botEnv({ DATABASE_URL: `file:${path}` }) },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    const msg = await startupFailure(track(new BotProcess(child)));
    expect(msg).toMatch(new RegExp(`^Storage error: the SQLite database ${path} cannot be written \\(EACCES: permission denied`));
    expect(msg).toMatch(/; make the file and its folder writable by the user running the bot .*DATABASE_URL=file:<path>/);
  });

  it('a SQLite file locked by another process', async () => {
    const path = await sqliteFile();
    const locker = new SQLite(path);
    locker.pragma('locking_mode = EXCLUSIVE');
    locker.exec('CREATE TABLE held (x); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);');
    try {
      const msg = await startupFailure(track(startBotProcess(botEnv({ DATABASE_URL: `file:${path}` }))));
      expect(msg).toBe(
        `Storage error: the SQLite database ${path} is locked by another process (database is locked); stop the other program using it (another copy of the bot?) or give this bot its own file with DATABASE_URL=file:<path>.`,
      );
    } finally {
      locker.close();
    }
  });

  // PostgreSQL unreachable at start is an outage the bot starts in (see below); these are not.
  describe('PostgreSQL that answers but refuses', () => {
    let cluster: PostgresCluster | undefined;
    /** A user who must give a password: `bot`, whose password is the-right-pa55word. */
    let passwordUrl = '';
    beforeAll(async () => {
      cluster = await PostgresCluster.create();
      passwordUrl = await cluster.addPasswordUser('bot', 'the-right-pa55word');
    }, 60_000);
    afterAll(() => cluster?.destroy());

    it('a wrong password, without showing it', async () => {
      const url = passwordUrl.replace('the-right-pa55word', 's3cret-pa55word');
      const bot = track(startBotProcess(botEnv({ DATABASE_URL: url, VOTE_SECRET: TEST_VOTE_SECRET })));
      const msg = await startupFailure(bot);
      expect(msg).toBe(
        `Storage error: PostgreSQL at 127.0.0.1:${cluster!.port} refused user "bot" (password authentication failed for user "bot"); check the user name and password in DATABASE_URL.`,
      );
      expect(bot.dump() + bot.stderr).not.toContain('s3cret-pa55word');
      expect(bot.logs.filter((l) => l.msg.startsWith('storage unavailable'))).toEqual([]);
    });

    it('a database that does not exist', async () => {
      const bot = track(startBotProcess(botEnv({ DATABASE_URL: cluster!.url('nosuchdb'), VOTE_SECRET: TEST_VOTE_SECRET })));
      expect(await startupFailure(bot)).toBe(
        `Storage error: PostgreSQL at 127.0.0.1:${cluster!.port} has no database "nosuchdb" (database "nosuchdb" does not exist); create it (createdb nosuchdb) or fix the database name in DATABASE_URL.`,
      );
    });

    it('a wrong password found out once a server that was down at start comes up', async () => {
      const s = track(await new DiscordStandIn().start());
      s.addGuild();
      cluster!.stop('fast');
      const bot = track(startBotProcess(s.botEnv({ DATABASE_URL: passwordUrl.replace('the-right-pa55word', 'the-wrong-pa55word'), VOTE_SECRET: TEST_VOTE_SECRET })));
      await bot.waitForLog((l) => l.msg.startsWith('storage unavailable'));
      await bot.ready();
      cluster!.start();
      expect(await bot.exit(20_000)).toBe(1);
      const fatal = bot.logs.filter((l) => l.level >= 50);
      expect(fatal.map((l) => l.msg)).toEqual([
        `Storage error: PostgreSQL at 127.0.0.1:${cluster!.port} refused user "bot" (password authentication failed for user "bot"); check the user name and password in DATABASE_URL.`,
      ]);
      expect(bot.logs.map((l) => l.msg)).toContain('stopped');
      expect(bot.dump() + bot.stderr).not.toContain('the-wrong-pa55word');
    }, 60_000);

    it('a wrong password found out by a shard under a shard manager: not ready from the moment it starts stopping', async () => {
      const s = track(await new DiscordStandIn().start());
      const guild = s.addGuild();
      cluster!.stop('fast');
      const port = await freePort();
      const env = { DATABASE_URL: passwordUrl.replace('the-right-pa55word', 'the-wrong-pa55word'), VOTE_SECRET: TEST_VOTE_SECRET };
      const bot = track(startBotProcess(s.botEnv({ ...env, SHARD_COUNT: '1', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' })));
      await bot.waitForLog((l) => l.msg === 'all shards ready', 30_000);
      // A question in flight, its screenshot held by Discord's CDN: the shard finishes it before it exits.
      const image = s.attach('slow.png', Buffer.from(PNG_1X1, 'base64'), 'image/png', { width: 1, height: 1 }, { delayMs: 6_000 });
      s.say(guild.general, s.addMember(guild, 'asker'), `<@${s.bot.id}> what is this?`, { attachments: [image] });
      await s.waitForRequest((r) => r.path.endsWith('/slow.png'));
      cluster!.start();
      await bot.waitForLog((l) => l.level >= 50 && l.msg.startsWith('Storage error:'), 20_000);
      // Not ready while still stopping (its question not answered yet): before, "ready" until its gateway closed.
      const seen = await vi.waitFor(
        async () => {
          const status = (await fetch(`http://127.0.0.1:${port}/health`)).status;
          const answered = s.botMessages(guild.general.id).length > 0;
          if (status === 200 && !answered) throw new Error('still reported ready');
          return { status, answered };
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(seen).toEqual({ status: 503, answered: false });
      bot.child.kill('SIGTERM');
      await bot.exit(20_000);
    }, 60_000);
  });
});

/** The moderators' and members' side of a running bot. */
function actions(world: () => World) {
  const admin = (path: string[], options: Record<string, unknown> = {}) =>
    world().standin.slash(world().guild.help, world().helper, ADMIN, options, path).reply(5000);
  const ask = (query: string, extra: Record<string, unknown> = {}) =>
    world().standin.slash(world().guild.help, world().member, 'spotify-error', { query, ...extra }).reply(5000);
  const helped = (answer: Message) => {
    const id = answer.components[0]!.components!.find((c) => c.label === 'Helped')!.custom_id!;
    return world().standin.click(answer, id, world().member).reply(5000);
  };
  const field = (message: Message, name: string) => message.embeds[0]!.fields!.find((f) => f.name === name)!.value;
  const logged = (start: string) => world().bot.logs.filter((l) => l.msg.startsWith(start));
  return { admin, ask, helped, field, logged };
}

describe('PostgreSQL failing under the running bot', () => {
  let cluster: PostgresCluster | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    world = await startWorld({ env: { DATABASE_URL: await cluster.createDatabase(), VOTE_SECRET: TEST_VOTE_SECRET } });
  }, 60_000);
  afterAll(async () => {
    await stopWorld(world);
    await cluster?.destroy();
  });
  expectNoViolations(() => world);
  const { admin, ask, helped, field, logged } = actions(() => world!);

  // Items 1 and 3: the process died (exit 1) when the server stopped.
  it('survives a restart of the server: answers meanwhile, refuses changes politely, reconnects', async () => {
    const { bot } = world!;
    expect((await admin(['phrase', 'add'], { phrase: 'stuck on the purple spinner', code: 'desktop_login_accounts:2' })).content).toMatch(/^Added/);
    expect((await admin(['settings', 'auto-replies'], { enabled: true })).content).toBe('Automatic replies are now **on**.');

    cluster!.stop('fast');
    await bot.waitForLog((l) => l.msg.startsWith('storage unavailable'), 15_000);
    expect(bot.child.exitCode).toBeNull();
    const answer = await ask('auth:3');
    expect(answer.embeds[0]!.title).toMatch(/^auth:3/);
    expect((await ask('stuck on the purple spinner')).embeds[0]!.title).toMatch(/^desktop_login_accounts:2/);
    expect((await helped(answer)).content).toBe('Thanks! Glad it helped.');
    expect((await admin(['settings', 'symptom-mode'], { enabled: true })).content).toBe(NOT_ANSWERING);
    expect((await admin(['phrase', 'add'], { phrase: 'another purple thing', code: 'auth:3' })).content).toBe(NOT_ANSWERING);
    expect((await admin(['phrase', 'list'])).content).toBe(NOT_ANSWERING);
    expect((await admin(['settings', 'show'])).content).toBe(NOT_ANSWERING);
    expect((await admin(['stats'])).content).toBe(NOT_ANSWERING);

    cluster!.start();
    await bot.waitForLog((l) => l.msg === 'storage available again', 15_000);
    expect((await admin(['settings', 'symptom-mode'], { enabled: true })).content).toBe('Symptom mode is now **on**.');
    const stats = await admin(['stats']);
    // What was answered and voted during the outage was kept in memory and written afterwards.
    expect(field(stats, 'Top errors, 7 days')).toContain('`auth:3` — 1');
    expect(field(stats, 'Helpfulness, 30 days')).toContain('`auth:3` — 100% helped (1 of 1)');
    expect(logged('storage unavailable')).toHaveLength(1);
    expect(logged('storage available again')).toHaveLength(1);
  }, 90_000);

  // Item 3: with the server hung (SIGSTOP), nothing ever answered.
  it('keeps answering while the server hangs, tells moderators within Discord\'s limits, recovers by itself', async () => {
    const { bot } = world!;
    const outagesBefore = logged('storage unavailable').length;
    cluster!.pause();
    try {
      const answers = await Promise.all(['auth:3', 'accounts:408', 'stuck on the purple spinner'].map((q) => ask(q)));
      expect(answers.map((a) => a.embeds[0]!.title!.split(' ')[0])).toEqual(['auth:3', 'accounts:408', 'desktop_login_accounts:2']);
      // Each within Discord's three seconds: the stand-in records a late answer as a violation.
      expect((await admin(['settings', 'screenshots'], { enabled: false })).content).toBe(NOT_ANSWERING);
      await bot.waitForLog((l) => l.msg.startsWith('storage unavailable') && logged('storage unavailable').length > outagesBefore, 10_000);
      expect((await admin(['settings', 'cooldowns'], { 'member-seconds': 30 })).content).toBe(NOT_ANSWERING);
      expect((await ask('auth:1')).embeds[0]!.title).toMatch(/^auth:1/);
    } finally {
      cluster!.resume();
    }
    await bot.waitForLog((l) => l.msg === 'storage available again' && logged('storage available again').length === 2, 15_000);
    const show = await admin(['settings', 'show']);
    expect(field(show, 'Screenshots')).toBe('on');
    expect((await admin(['settings', 'screenshots'], { enabled: false })).content).toBe('Reading screenshots is now **off**.');
    expect(logged('storage unavailable')).toHaveLength(outagesBefore + 1);
  }, 90_000);
});

describe('PostgreSQL not running when the bot starts', () => {
  let cluster: PostgresCluster | undefined;
  let world: World | undefined;
  let url = '';
  let port = 0;
  beforeAll(async () => {
    cluster = await PostgresCluster.create();
    url = await cluster.createDatabase();
    cluster.stop('fast');
    port = await freePort();
    world = await startWorld({
      env: (guild) => ({
        DATABASE_URL: url,
        VOTE_SECRET: TEST_VOTE_SECRET,
        AUTO_REPLY_CHANNEL_IDS: guild.help.id,
        HEALTH_PORT: String(port),
        HEALTH_HOST: '127.0.0.1',
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await stopWorld(world);
    await cluster?.destroy();
  });
  expectNoViolations(() => world);
  const { admin, ask, field, logged } = actions(() => world!);
  const health = async () => (await fetch(`http://127.0.0.1:${port}/health`)).json() as Promise<Record<string, unknown>>;

  it('starts in the outage: answers what needs no database, refuses changes politely, migrates once the server is up', async () => {
    const { bot, standin, guild, member } = world!;
    const outage = await bot.waitForLog((l) => l.msg.startsWith('storage unavailable'));
    expect(outage).toMatchObject({ storage: 'postgres', database: `127.0.0.1:${cluster!.port}/${url.split('/').pop()}` });
    expect(bot.dump() + bot.stderr).not.toContain('not-the-real-password');

    expect((await ask('auth:3')).embeds[0]!.title).toMatch(/^auth:3/);
    // A server never seen: the default settings, AUTO_REPLY_CHANNEL_IDS included.
    const pasted = standin.say(guild.help, member, 'Spotify says Error code: auth:73');
    expect((await replyTo(world!, pasted)).embeds[0]!.title).toMatch(/^auth:73/);
    expect((await admin(['settings', 'symptom-mode'], { enabled: true })).content).toBe(NOT_ANSWERING);
    await bot.waitForLog((l) => l.msg === 'health endpoint listening');
    expect(await health()).toMatchObject({ status: 'ready', database: 'unavailable' });

    cluster!.start();
    await bot.waitForLog((l) => l.msg === 'storage available again', 15_000);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>('SELECT name FROM spotify_bot_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(['0001_initial', '0002_votes_per_day_and_retention', '0003_forum_posts', '0004_phrase_keys_any_script', '0005_forum_first_reply', '0006_forum_first_reply_counted', '0007_forum_discord_close', '0008_forum_welcome_pending', '0009_storage_heartbeat', '0010_forum_welcome_taken_at']);
      expect((await admin(['settings', 'symptom-mode'], { enabled: true })).content).toBe('Symptom mode is now **on**.');
      const stored = await db.query<{ settings: string }>('SELECT settings FROM guild_settings WHERE guild_id = $1', [guild.id]);
      expect(JSON.parse(stored.rows[0]!.settings)).toMatchObject({ symptomMode: true });
    } finally {
      await db.end();
    }
    // What was answered during the outage was kept in memory and written once the tables were there.
    expect(field(await admin(['stats']), 'Top errors, 7 days')).toContain('`auth:3` — 1');
    expect(await health()).toMatchObject({ status: 'ready', database: 'available' });
    expect(logged('storage unavailable')).toHaveLength(1);
    expect(logged('storage available again')).toHaveLength(1);
    expect(logged('storage ready')).toHaveLength(1);
  }, 90_000);
});

describe('SQLite locked by another process under the running bot', { timeout: 30_000 }, () => {
  let world: World | undefined;
  let path = '';
  beforeAll(async () => {
    path = await sqliteFile();
    world = await startWorld({ env: { DATABASE_URL: `file:${path}` } });
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);
  const { admin, ask, helped, field, logged } = actions(() => world!);

  // Item 4: every stats write waited 5 s on the main thread; lookups never got a response.
  it('answers every lookup at once while another process holds the write lock, and catches up afterwards', async () => {
    const locker = new SQLite(path);
    locker.exec('BEGIN IMMEDIATE');
    locker.prepare("INSERT INTO misses (guild_id, day, query, count) VALUES ('other', '2026-01-01', 'held', 1)").run();
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? 'auth:3' : 'accounts:408')));
      // Each within Discord's three seconds: the stand-in records a late answer as a violation.
      expect(answers.every((a) => a.embeds.length === 1)).toBe(true);
      expect((await helped(answers[1]!)).content).toBe('Thanks! Glad it helped.');
      expect((await admin(['settings', 'auto-replies'], { enabled: true })).content).toBe(NOT_ANSWERING);
      await world!.bot.waitForLog((l) => l.msg.startsWith('stats write failed'), 10_000);
      expect(logged('storage unavailable')).toHaveLength(0);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await world!.bot.waitForLog((l) => l.msg === 'stats writes working again', 40_000);
    const stats = await admin(['stats']);
    expect(field(stats, 'Top errors, 7 days')).toContain('`accounts:408` — 10');
    expect(field(stats, 'Top errors, 7 days')).toContain('`auth:3` — 10');
    expect(field(stats, 'Helpfulness, 30 days')).toContain('`auth:3` — 100% helped (1 of 1)');
    expect(logged('stats write failed')).toHaveLength(1);
  }, 60_000);

  // A help-forum post's bookkeeping waited on the lock and then threw: nothing in its posts was answered.
  it('answers in help-forum posts while another process holds the write lock', async () => {
    const { standin, guild, helper } = world!;
    standin.allowBot(guild.forum, P.ManageThreads);
    const setup = await standin.slash(guild.help, helper, ADMIN, { forum: guild.forum, 'idle-hours': 24 }, ['forum', 'add']).reply(5000);
    expect(setup.content).toContain('is a help forum now');
    const owner = standin.addMember(guild, 'forum-asker');
    const earlier = standin.addForumPost(guild, guild.forum, { title: 'spotify keeps stopping', content: 'it just stops, any idea?', owner });
    await replyTo(world!, earlier.starter);
    const locker = new SQLite(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      const pasted = standin.say(earlier.thread, owner, 'now it shows Error code: accounts:406');
      expect((await replyTo(world!, pasted, 10_000)).embeds[0]!.title).toMatch(/^accounts:406 /);
      const mention = standin.say(earlier.thread, owner, `<@${standin.bot.id}> what is auth:3`);
      expect((await replyTo(world!, mention, 10_000)).embeds[0]!.title).toMatch(/^auth:3 /);
      // A new post is answered too, though it cannot be claimed for now.
      const fresh = standin.addForumPost(guild, guild.forum, { title: 'Error code: auth:73', content: 'since today', owner });
      expect((await replyTo(world!, fresh.starter, 10_000)).embeds[0]!.title).toMatch(/^auth:73 /);
      await world!.bot.waitForLog((l) => l.msg.includes('the database did not answer') && l.msg.startsWith('help forum:'), 10_000);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  }, 60_000);

  // A message in a post waited for the post's timer to be written (up to the write deadline) before it was looked at.
  it('answers a message in a help-forum post without waiting for its timer to be written', async () => {
    const { standin, guild, helper, bot } = world!;
    standin.allowBot(guild.forum, P.ManageThreads);
    await standin.slash(guild.help, helper, ADMIN, { forum: guild.forum, 'idle-hours': 24 }, ['forum', 'add']).reply(5000);
    const owner = standin.addMember(guild, 'forum-waiter');
    const opened = standin.addForumPost(guild, guild.forum, { title: 'spotify keeps pausing', content: 'it just pauses, any idea?', owner });
    await replyTo(world!, opened.starter);
    const skipped = () => bot.logs.some((l) => l.msg.startsWith('help forum: record forum activity skipped') && l.thread === opened.thread.id);
    const locker = new SQLite(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      const pasted = standin.say(opened.thread, owner, 'now it shows Error code: accounts:406');
      expect((await replyTo(world!, pasted, 10_000)).embeds[0]!.title).toMatch(/^accounts:406 /);
      // Answered while the timer's write still waits on the lock; it is skipped only afterwards.
      expect(skipped()).toBe(false);
      await bot.waitForLog((l) => l.msg.startsWith('help forum: record forum activity skipped') && l.thread === opened.thread.id, 10_000);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  }, 60_000);

  // Item 10: fifteen private answers, each voted on, made "100 % helped (15 of 15)".
  it('does not count votes on private answers, nor more than one per member per entry per day', async () => {
    for (let i = 0; i < 3; i++) {
      const mine = await ask('accounts:406', { private: true });
      expect(mine.flags & 64).toBe(64);
      expect((await helped(mine)).content).toBe('Thanks! Glad it helped.');
    }
    for (let i = 0; i < 3; i++) await helped(await ask('accounts:407'));
    const stats = await admin(['stats']);
    expect(field(stats, 'Helpfulness, 30 days')).not.toContain('accounts:406');
    expect(field(stats, 'Helpfulness, 30 days')).toContain('`accounts:407` — 100% helped (1 of 1)');
  });
});
