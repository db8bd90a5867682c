import type { Answerer } from '../answers/answerer.js';
import type { HelperFixes } from '../answers/helper-fixes.js';
import type { Config } from '../config.js';
import type { ErrorLookup } from '../core/lookup.js';
import type { WorkTracker } from '../core/work-tracker.js';
import type { ScreenshotReader } from '../images/screenshot-reader.js';
import type { Logger } from '../logger.js';
import type { GuildData, StatsRecorder } from '../storage/guild-data.js';
import type { Storage } from '../storage/storage.js';
import type { AutoReplies } from './auto-replies/index.js';
import type { HelpForums } from './forums/index.js';
import type { ModLog } from './mod-log.js';
import type { Metrics } from '../metrics.js';
import type { ChannelPoster } from './poster.js';
import type { ReconnectWarnings } from './reconnect-warnings.js';

/** What commands and events need from the rest of the bot. */
export interface BotContext {
  lookup: ErrorLookup;
  /** Decides every answer; commands and events only adapt Discord objects to it. */
  answerer: Answerer;
  logger: Logger;
  config: Config;
  storage: Storage;
  /** Per-server settings and phrases, cached; all their writes go through it. */
  guildData: GuildData;
  stats: StatsRecorder;
  poster: ChannelPoster;
  /** Automatic replies, and answers to @mentions of the bot. */
  autoReplies: AutoReplies;
  /** Help forums: new posts answered or greeted, Mark solved, idle close. */
  forums: HelpForums;
  /** Helpers' fixes on their way or sent (Send Spotify fix): an unasked reply to the same message waits for them. */
  fixes: HelperFixes;
  /** The moderators' log channel. */
  modLog: ModLog;
  metrics: Metrics;
  /** Reads posted images; undefined when OCR_WORKERS is 0. */
  screenshots?: ScreenshotReader;
  /** The gateway's lost-connection warning, at most once a minute per shard while it cannot reconnect. */
  reconnects: ReconnectWarnings;
  /** Event handlers in flight; shutdown drains it. */
  work: WorkTracker;
  counters: Counters;
}

/** A few numbers for the health endpoint. */
export interface Counters {
  interactions: number;
  autoReplies: number;
  /** Automatic replies and answers to @mentions dropped in a flood (see AutoReplyGate.startWork). */
  autoRepliesDropped: number;
  errors: number;
}
