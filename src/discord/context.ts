import type { Config } from '../config.js';
import type { ErrorLookup } from '../core/lookup.js';
import type { Logger } from '../logger.js';
import type { WorkTracker } from '../core/work-tracker.js';
import type { GuildData, StatsRecorder } from '../storage/guild-data.js';
import type { Storage } from '../storage/storage.js';
import type { ScreenshotReader } from '../images/screenshot-reader.js';
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
  /** Reads posted images; undefined when OCR_WORKERS is 0. */
  screenshots?: ScreenshotReader;
  /** Event handlers in flight; shutdown drains it. */
  work: WorkTracker;
  counters: Counters;
}

/** A few numbers for the health endpoint. */
export interface Counters {
  interactions: number;
  autoReplies: number;
  errors: number;
}
