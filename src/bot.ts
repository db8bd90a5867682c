import { Client, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';
import type { Config } from './config.js';
import { ErrorLookup } from './core/lookup.js';
import { loadEntries } from './data/index.js';
import type { BotContext } from './discord/context.js';
import { registerEvents } from './events/index.js';
import type { Logger } from './logger.js';

export interface RunningBot {
  client: Client;
  ctx: BotContext;
  stop(): Promise<void>;
}

export function clientOptions(config: Config): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    // Nobody is pinged unless a reply names them explicitly (see discord/respond).
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    // The bot reads commands and pasted text; it never needs member, presence or old message state.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (m) => m.id === m.client.user.id },
      UserManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
    }),
  };
}

export function createContext(config: Config, logger: Logger): BotContext {
  return {
    config,
    logger,
    lookup: new ErrorLookup(loadEntries()),
    phrasesFor: () => [],
  };
}

/** Creates the client, wires events and logs in. Rejects when Discord refuses the login. */
export async function startBot(config: Config, logger: Logger): Promise<RunningBot> {
  const ctx = createContext(config, logger);
  const client = new Client(clientOptions(config));
  registerEvents(client, ctx);
  const stop = async () => {
    await client.destroy();
  };
  await client.login(config.token);
  return { client, ctx, stop };
}
