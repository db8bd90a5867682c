import { commandPayloads } from '../../src/commands/index.js';
import { CHANNEL, DiscordStandIn, freePort, startBotProcess } from '../discord-standin/index.js';

/**
 * A flood: 200 pasted errors a second for three minutes, each from a new member and never the same error
 * twice in one channel (so no cooldown holds them back), while Discord's global limit lets 50 REST
 * requests a second through. The built bot must keep the replies it holds bounded, drop the rest,
 * and stay small. The channels exist before the bot starts, as in a real server: discord.js keeps
 * every channel, and channels made during the flood would measure that cache, not the flood.
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
  // Long enough for V8's first full collection: before it, the heap only grows.
  const seconds = options.seconds ?? 180;
  const restPerSecond = options.restPerSecond ?? 50;
  const standin = await new DiscordStandIn().start();
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `16000000000000000${i}`, name: c.name })));
  const guilds = Array.from({ length: 20 }, (_, i) => standin.addGuild(`Flooded ${i}`));
  const channelsNeeded = Math.ceil((perSecond * seconds) / ERRORS.length);
  const channels = Array.from({ length: channelsNeeded }, (_, i) => {
    const guild = guilds[i % guilds.length]!;
    return { guild, channel: standin.addChannel(guild, `flood-${i}`, CHANNEL.Text, guild.help.parent_id) };
  });
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
  const samples: Array<{ second: number; rssMb: number; heapUsedMb: number; working: number; dropped: number; replies: number }> = [];
  let sent = 0;
  const started = Date.now();
  for (let second = 1; second <= seconds; second++) {
    for (let i = 0; i < perSecond; i++, sent++) {
      // Each channel gets every error once, one after the other.
      const { guild, channel } = channels[Math.floor(sent / ERRORS.length)]!;
      standin.say(channel, standin.addMember(guild, `flooder-${sent}`), ERRORS[sent % ERRORS.length]!);
    }
    if (sent % 2000 < perSecond) standin.messages.clear(); // the stand-in's own memory, not the bot's
    await sleep(Math.max(0, started + second * 1000 - Date.now()));
    if (second % 10 === 0) {
      const h = await health();
      samples.push({ second, rssMb: h.memory.rssMb, heapUsedMb: h.memory.heapUsedMb, working: h.autoRepliesWorking, dropped: h.autoRepliesDropped, replies: h.autoReplies });
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
    lastMinute: lastMinuteOf(samples),
  };
}

/** Resident memory over the last minute, and the largest fall of the heap between two samples (a full collection). */
function lastMinuteOf(samples: ReadonlyArray<{ second: number; rssMb: number; heapUsedMb: number }>) {
  const end = samples.at(-1)!.second;
  const rss = samples.filter((s) => s.second > end - 60).map((s) => s.rssMb);
  let collection: { second: number; fromMb: number; toMb: number } | undefined;
  for (let i = 1; i < samples.length; i++) {
    const fall = samples[i - 1]!.heapUsedMb - samples[i]!.heapUsedMb;
    if (fall > 0 && fall > (collection ? collection.fromMb - collection.toMb : 0)) {
      collection = { second: samples[i]!.second, fromMb: samples[i - 1]!.heapUsedMb, toMb: samples[i]!.heapUsedMb };
    }
  }
  const minMb = Math.min(...rss);
  const maxMb = Math.max(...rss);
  return { minMb, maxMb, levelsOff: maxMb - minMb <= minMb * 0.1, collection };
}
