import { commandPayloads } from '../../src/commands/index.js';
import { CHANNEL, DiscordStandIn, freePort, startBotProcess, type User } from '../discord-standin/index.js';

/**
 * The built bot (dist/index.js, as `npm start` runs it) connected to the stand-in with many
 * servers, fed chat and pasted errors; memory and event-loop delay read from its health endpoint.
 */

const CHAT = [
  'anyone listening to the new album yet',
  'meet at 3:30 by the station',
  'spotify wrapped was wild this year',
  'GitHub returned 429 when I pushed',
  'lol that is hilarious',
  'how do I make a collaborative playlist on spotify',
];
const ERRORS = [
  'Error code: auth:73',
  'A firewall may be blocking Spotify. (Error code: accounts:103)',
  'spotify installer error 18',
  'No internet connection detected. (Error code: accesspoint:31)',
];

interface Health {
  guilds: number;
  memory: { rssMb: number; heapUsedMb: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  autoReplies: number;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  standin: DiscordStandIn;
  guilds: Array<{ guild: ReturnType<DiscordStandIn['addGuild']>; channels: Array<ReturnType<DiscordStandIn['addChannel']>>; members: User[] }>;
}

async function buildWorld(guildCount: number, channelsPerGuild: number, membersPerGuild: number): Promise<World> {
  const standin = await new DiscordStandIn().start();
  standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `15000000000000000${i}`, name: c.name })));
  const guilds = [];
  for (let g = 0; g < guildCount; g++) {
    const guild = standin.addGuild(`Server ${g}`);
    const channels = [guild.help, guild.general];
    while (guild.channels.size < channelsPerGuild) {
      channels.push(standin.addChannel(guild, `chat-${guild.channels.size}`, CHANNEL.Text, guild.help.parent_id));
    }
    const members: User[] = [];
    for (let m = 0; m < membersPerGuild; m++) members.push(standin.addMember(guild, `member-${g}-${m}`));
    guilds.push({ guild, channels, members });
  }
  return { standin, guilds };
}

async function startBot(world: World) {
  const port = await freePort();
  // Automatic replies on in every server's support category, as a busy help community would have.
  const categories = world.guilds.map(({ guild }) => guild.help.parent_id!).join(',');
  const bot = startBotProcess(
    world.standin.botEnv({ HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTO_REPLY_CHANNEL_IDS: categories }),
    'dist/index.js',
  );
  const health = async (reset = false): Promise<Health> =>
    (await (await fetch(`http://127.0.0.1:${port}/health${reset ? '?reset=1' : ''}`)).json()) as Health;
  for (let i = 0; ; i++) {
    try {
      const h = await health();
      if (h.guilds === world.guilds.length) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`bot did not become ready:\n${bot.stderr}`);
    await sleep(100);
  }
  return { bot, health };
}

/** Sends `count` messages, one in 20 a pasted error, `perTick` at a time every `tickMs`. */
async function feed(world: World, count: number, perTick: number, tickMs: number): Promise<void> {
  let sent = 0;
  while (sent < count) {
    for (let i = 0; i < perTick && sent < count; i++, sent++) {
      const { guild, channels, members } = world.guilds[sent % world.guilds.length]!;
      const channel = channels[(sent >> 3) % channels.length]!;
      const author = members[(sent * 7) % members.length]!;
      const text = sent % 20 === 0 ? ERRORS[(sent / 20) % ERRORS.length]! : CHAT[sent % CHAT.length]!;
      world.standin.say(channel, author, text);
      if (sent % 1000 === 0) world.standin.messages.clear(); // the stand-in's own memory, not the bot's
      void guild;
    }
    await sleep(tickMs);
  }
}

export async function benchScale() {
  // Memory per guild: the same bot with 100 and with 1,000 servers, idle after start.
  const small = await buildWorld(100, 50, 200);
  const smallBot = await startBot(small);
  await sleep(2000);
  const smallRss = (await smallBot.health()).memory.rssMb;
  await smallBot.bot.stop();
  await small.standin.stop();

  const big = await buildWorld(1000, 50, 200);
  const { bot, health } = await startBot(big);
  await sleep(2000);
  const ready = (await health()).memory;
  const readyRss = ready.rssMb;
  const memorySamples: Array<{ messages: number; rssMb: number; heapUsedMb: number }> = [{ messages: 0, ...ready }];
  for (let block = 1; block <= 4; block++) {
    await feed(big, 25_000, 500, 20);
    await sleep(1500);
    memorySamples.push({ messages: block * 25_000, ...(await health()).memory });
  }

  // Event-loop delay while 1,000 messages a second arrive for 10 seconds.
  await health(true);
  await feed(big, 10_000, 10, 10);
  await sleep(500);
  const flood = await health();
  await bot.stop();
  await big.standin.stop();
  return {
    smallRss,
    readyRss,
    perHundredGuilds: (readyRss - smallRss) / 9,
    memorySamples,
    flood: flood.eventLoopDelayMs,
    autoReplies: flood.autoReplies,
  };
}
