import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyTo, restartBot, startWorld, stopAfterEach, stopWorld } from './harness.js';
import { DiscordStandIn, freePort, INTENTS, P, startBotProcess } from '../../scripts/discord-standin/index.js';

const track = stopAfterEach();

async function runScript(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = await once(child, 'exit');
  return { code: code as number, out };
}

describe('start-up', () => {
  it('deploys the command registry globally, or to DEV_GUILD_ID', async () => {
    const standin = track(await new DiscordStandIn().start());
    const guild = standin.addGuild();
    const global = await runScript('scripts/deploy-commands.ts', standin.botEnv());
    expect(global).toMatchObject({ code: 0 });
    expect(global.out).toContain('Deployed 5 commands (global).');
    const put = standin.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/api/v10/applications/${standin.applicationId}/commands`);
    const names = (put.body as Array<{ name: string; integration_types: number[]; contexts: number[] }>).map((c) => c.name);
    expect(names).toEqual(['spotify-error', 'spotify-errors', 'spotify-error-admin', 'Send Spotify fix', 'solved']);
    const command = (put.body as Array<{ integration_types: number[]; contexts: number[]; options: Array<{ autocomplete?: boolean }> }>)[0]!;
    expect(command.integration_types).toEqual([0, 1]);
    expect(command.contexts).toEqual([0, 1, 2]);
    expect(command.options[0]!.autocomplete).toBe(true);

    const local = await runScript('scripts/deploy-commands.ts', standin.botEnv({ DEV_GUILD_ID: guild.id }));
    expect(local.out).toContain(`Deployed 5 commands (server ${guild.id}).`);
    expect(standin.commands.get(guild.id)?.map((c) => c.name)).toEqual(['spotify-error', 'spotify-errors', 'spotify-error-admin', 'Send Spotify fix', 'solved']);
  });

  it('says what to fix when deploying the commands fails: the token rejected, Discord out of reach', async () => {
    const standin = track(await new DiscordStandIn().start());
    const rejected = await runScript('scripts/deploy-commands.ts', standin.botEnv({ DISCORD_TOKEN: 'not-the-right-token-at-all' }));
    expect(rejected.code).toBe(1);
    expect(rejected.out.trim()).toBe(
      'Deploy failed: Discord rejected the bot token (DISCORD_TOKEN): reset it in the Developer Portal → your application → Bot, then update .env.',
    );
    // Nothing listens there: the connection is refused, as without a network.
    const unreachable = await runScript('scripts/deploy-commands.ts', standin.botEnv({ DISCORD_API_URL: `http://127.0.0.1:${await freePort()}/api` }));
    expect(unreachable.code).toBe(1);
    expect(unreachable.out.trim()).toMatch(
      /^Deploy failed: could not connect to Discord \(connect ECONNREFUSED 127\.0\.0\.1:\d+\): check the network, and DISCORD_API_URL if it is set, then run it again\.$/,
    );
  });

  it('logs in, identifies with only the intents it needs, and reports ready', async () => {
    const standin = track(await new DiscordStandIn().start());
    standin.addGuild();
    const bot = track(startBotProcess(standin.botEnv()));
    const ready = await bot.ready();
    expect(ready).toMatchObject({ user: 'Spotify Error Bot', guilds: 1 });
    // Servers, their messages and what those say: no other intent (the stand-in turns away only privileged ones).
    expect(standin.identifies[0]!.intents).toBe(INTENTS.Guilds | INTENTS.GuildMessages | INTENTS.MessageContent);
  });

  it('stops with one clear line when REST rejects the token', async () => {
    const standin = track(await new DiscordStandIn().start());
    const bot = track(startBotProcess({ ...standin.botEnv(), DISCORD_TOKEN: 'not-the-right-token-at-all' }));
    expect(await bot.exit()).toBe(1);
    const fatal = bot.logs.filter((l) => l.level >= 50);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^Discord rejected the bot token \(DISCORD_TOKEN\)/);
    expect(bot.dump()).not.toContain('not-the-right-token-at-all');
  });

  it('stops with one clear line when the gateway closes with 4004', async () => {
    const standin = track(await new DiscordStandIn({ rejectGatewayToken: true }).start());
    standin.addGuild();
    const bot = track(startBotProcess(standin.botEnv()));
    expect(await bot.exit()).toBe(1);
    const fatal = bot.logs.filter((l) => l.level >= 50);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^Discord rejected the bot token/);
    expect(bot.dump()).not.toContain(standin.token);
  });

  it('stops with one clear line, saying why and with no stack trace, when Discord cannot be reached', async () => {
    const standin = track(await new DiscordStandIn().start());
    // Nothing listens there: the connection is refused.
    const apiUrl = `http://127.0.0.1:${await freePort()}/api`;
    const bot = track(startBotProcess({ ...standin.botEnv(), DISCORD_API_URL: apiUrl }));
    expect(await bot.exit()).toBe(1);
    const fatal = bot.logs.filter((l) => l.level >= 50);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/^Could not connect to Discord \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
    expect(JSON.stringify(fatal[0])).not.toContain('stack');
  });

  it('starts from a .env copied from .env.example with only the token and application ID filled in', async () => {
    const standin = track(await new DiscordStandIn().start());
    standin.addGuild();
    // README step 5: cp .env.example .env, fill in the two required values (here the stand-in's).
    const env = readFileSync('.env.example', 'utf8')
      .replace(/^DISCORD_TOKEN=$/m, `DISCORD_TOKEN=${standin.token}`)
      .replace(/^DISCORD_APPLICATION_ID=$/m, `DISCORD_APPLICATION_ID=${standin.applicationId}`)
      .replace(/^DISCORD_API_URL=$/m, `DISCORD_API_URL=${standin.apiUrl}`);
    const file = join(mkdtempSync(join(tmpdir(), 'spotify-bot-env-')), '.env');
    writeFileSync(file, env);
    const bot = track(startBotProcess({ DOTENV_CONFIG_PATH: file }));
    expect(await bot.ready()).toMatchObject({ guilds: 1 });
  });

  it('refuses to start on bad configuration with one line and no stack trace', async () => {
    const bot = track(startBotProcess({ DISCORD_TOKEN: 'x'.repeat(20), DISCORD_APPLICATION_ID: 'not-an-id' }));
    expect(await bot.exit()).toBe(1);
    expect(bot.stderr.trim().split('\n')).toEqual([
      'Configuration error: DISCORD_APPLICATION_ID is invalid (must be a Discord ID (17 to 20 digits)); set it to the Application ID from the Developer Portal → General Information.',
    ]);
  });
});

describe('start-up after the bot was removed from a server while it was stopped', () => {
  it('ends that server\'s open help-forum posts (Discord sends no guildDelete for it)', async () => {
    const world = await startWorld();
    try {
      const { standin, guild, helper } = world;
      standin.allowBot(guild.forum, P.ManageThreads);
      await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: guild.forum }, ['forum', 'add']).reply();
      const open = standin.addForumPost(guild, guild.forum, { title: 'auth:3 help', content: 'Error code: auth:3', owner: standin.addMember(guild, 'asker') });
      await replyTo(world, open.starter);
      await restartBot(world, () => standin.world.guilds.delete(guild.id));
      const ended = await world.bot.waitForLog((l) => l.msg === 'help forum: the bot left a server, its open posts ended');
      expect(ended).toMatchObject({ guild: guild.id, ended: 1 });
    } finally {
      await stopWorld(world);
    }
  }, 30_000);
});
