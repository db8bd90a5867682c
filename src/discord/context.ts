import type { Config } from '../config.js';
import type { ErrorLookup } from '../core/lookup.js';
import type { ExtraPhrase } from '../core/search.js';
import type { Logger } from '../logger.js';
import type { SettingsStore } from '../settings/types.js';
import type { AutoReplies } from './auto-replies.js';

/** What commands and events need from the rest of the bot. */
export interface BotContext {
  lookup: ErrorLookup;
  logger: Logger;
  config: Config;
  settings: SettingsStore;
  /** A server's own phrases for search; none outside servers. */
  phrasesFor(guildId: string | null): readonly ExtraPhrase[];
  autoReplies: AutoReplies;
}
