import { commandPayloads } from '../../src/commands/index.js';
import { CHANNEL, DiscordStandIn, freePort, startBotProcess } from '../discord-standin/index.js';

/**
 * A flood: 200 pasted errors a second for a minute, each in a new channel from a new member (so
 * no cooldown holds them back), while Discord's global limit lets 50 REST requests a second
 * through. The built bot must keep the replies it holds bounded, drop the rest, and stay small.
 */

interface Health {
  guilds: number;
  memory: { rssMb: number; heapUsedMb: number };
  autoReplies: number;
  autoRepliesDropped: number;
  autoRepliesWorking: number;
}

const ERRORS = ['Error code: auth:73', 'A firewall may be blocking Spotify. (Error code: accounts:103)', 'Error code: accesspoint:31', 'Error code: session:103'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchFlood(options: { perSecond?: number; seconds?: number; restPerSecond?: number } = {}) {
  const perSecond = options.perSecond ?? 200;
  const seconds = options.seconds ?? 60;
  const restPerSecond = options.restPerSecond ?? 50;
  const standin = await new DiscordStandIn().start();
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `16000000000000000${i}`, name: c.name })));
  const guilds = Array.from({ length: 20 }, (_, i) => standin.addGuild(`Flooded ${i}`));
  standin.limitRate({ method: 'POST', path: /\/channels\/\d+\/messages$/, perSecond: restPerSecond });
  const port = await freePort();
  const bot = startBotProcess(
    standin.botEnv({
      HEALTH_PORT: String(port),
      HEALTH_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTO_REPLY_CHANNEL_IDS: guilds.map((g) => g.help.parent_id!).join(','),
    }),
    'dist/index.js',
  );
  const health = async (): Promise<Health> => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Health;
  // Logs are at warn: readiness is read from the health endpoint.
  for (let i = 0; ; i++) {
    const h = await health().catch(() => undefined);
    if (h?.guilds === guilds.length) break;
    if (i > 300) throw new Error(`the bot did not become ready:\n${bot.stderr}`);
    await sleep(100);
  }
  const before = (await health()).memory.rssMb;
  const samples: Array<{ second: number; rssMb: number; working: number; dropped: number; replies: number }> = [];
  let sent = 0;
  const started = Date.now();
  for (let second = 1; second <= seconds; second++) {
    for (let i = 0; i < perSecond; i++, sent++) {
      const guild = guilds[sent % guilds.length]!;
      const channel = standin.addChannel(guild, `flood-${sent}`, CHANNEL.Text, guild.help.parent_id);
      standin.say(channel, standin.addMember(guild, `flooder-${sent}`), ERRORS[sent % ERRORS.length]!);
    }
    if (sent % 2000 < perSecond) standin.messages.clear(); // the stand-in's own memory, not the bot's
    await sleep(Math.max(0, started + second * 1000 - Date.now()));
    if (second % 5 === 0) {
      const h = await health();
      samples.push({ second, rssMb: h.memory.rssMb, working: h.autoRepliesWorking, dropped: h.autoRepliesDropped, replies: h.autoReplies });
    }
  }
  const after = await health();
  await bot.stop();
  await standin.stop();
  return {
    perSecond,
    seconds,
    restPerSecond,
    messages: sent,
    rssBeforeMb: before,
    peakRssMb: Math.max(...samples.map((s) => s.rssMb)),
    peakWorking: Math.max(...samples.map((s) => s.working)),
    replies: after.autoReplies,
    dropped: after.autoRepliesDropped,
    samples,
  };
}
