import type { Config } from '../config.js';
import type { ErrorLookup } from '../core/lookup.js';
import type { Logger } from '../logger.js';
import type { GuildData, StatsRecorder } from '../storage/guild-data.js';
import type { Storage } from '../storage/storage.js';
import type { AutoReplies } from './auto-replies.js';

/** What commands and events need from the rest of the bot. */
export interface BotContext {
  lookup: ErrorLookup;
  logger: Logger;
  config: Config;
  storage: Storage;
  /** Per-server settings and phrases, cached. */
  guildData: GuildData;
  stats: StatsRecorder;
  autoReplies: AutoReplies;
}
