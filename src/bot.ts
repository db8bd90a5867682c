import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Options, Partials, Status, type ClientOptions } from 'discord.js';
import { LRUCache } from 'lru-cache';
import { offsetClock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { Answerer } from './answers/answerer.js';
import { AutoReplyGate } from './answers/auto-reply-gate.js';
import { HelperFixes } from './answers/helper-fixes.js';
import { ErrorLookup } from './core/lookup.js';
import { loadEntries } from './data/index.js';
import { AutoReplies } from './discord/auto-replies/index.js';
import { CannotPostNotices } from './discord/cannot-post-notice.js';
import type { BotContext } from './discord/context.js';
import { HelpForums } from './discord/forums/index.js';
import { MentionAnswers } from './discord/mentions.js';
import { ModLog } from './discord/mod-log.js';
import { answersForumWithout, permissionNames } from './discord/permissions.js';
import { Metrics } from './metrics.js';
import { MESSAGE_CONTENT_REFUSED } from './render/admin.js';
import { ChannelPoster } from './discord/poster.js';
import { ReconnectWarnings } from './discord/reconnect-warnings.js';
import { registerEvents } from './events/index.js';
import { OcrPool } from './images/ocr-pool.js';
import { ScreenshotReader } from './images/screenshot-reader.js';
import type { Logger } from './logger.js';
import { WorkTracker } from './core/work-tracker.js';
import { defaultSettings } from './settings/schema.js';
import { GuildData, StatsRecorder } from './storage/guild-data.js';
import { StatsRetention } from './storage/retention.js';
import { openStorage } from './storage/open.js';
import { WRITE_STATS, type KyselyStorage, type Storage } from './storage/storage.js';

export interface RunningBot {
  client: Client;
  ctx: BotContext;
  /**
   * Resolves once the database is open and migrated; rejects with a StorageStartError when a
   * database that did not answer at start answers and cannot be used (the bot must stop then).
   */
  storageOpened: Promise<void>;
  stop(): Promise<void>;
}

export function clientOptions(config: Config, messageContent = true): ClientOptions {
  return {
    // Message Content is privileged: without it only messages that mention the bot carry text.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // Edits and deletes of uncached messages arrive as partials; auto-replies follow both.
    partials: [Partials.Message],
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

export function createContext(config: Config, logger: Logger, storage: Storage): BotContext {
  const lookup = new ErrorLookup(loadEntries());
  const metrics = new Metrics();
  const screenshots = createScreenshotReader(config, logger, metrics);
  const answerer = new Answerer(lookup, screenshots);
  // Reads fall back to what is known when the database fails or is slow; stats are batched.
  const guildData = new GuildData(storage, { status: storage.status, defaults: defaultSettings(config.autoReplyChannelIds) });
  const stats = new StatsRecorder(storage, logger, {
    onWrite: (seconds, ok) => {
      metrics.storageWriteSeconds.observe(seconds);
      if (!ok) metrics.storageErrors.inc();
    },
  });
  const modLog = new ModLog(guildData, logger);
  const poster = new ChannelPoster(logger, (warning) => void modLog.post({ kind: 'warning', ...warning }));
  const counters = { interactions: 0, autoReplies: 0, autoRepliesDropped: 0, errors: 0 };
  const work = new WorkTracker();
  // One gate for automatic replies and new help-forum posts: the images a member has read unasked count once, whichever way they came.
  const gate = new AutoReplyGate();
  // One hour per member for the DM saying the bot may not post where they asked, whichever way they asked.
  const notices = new CannotPostNotices(logger);
  storage.status.onChange((available, operation) => {
    // A failed stats write was counted by onWrite: the outage it starts is not a second failure.
    if (!available && operation !== WRITE_STATS) metrics.storageErrors.inc();
  });
  modLog.noticeOutages(storage.status, STORAGE_FAILING);
  // A helper's fix on its way holds back an automatic reply or a post's first reply to the same message.
  const fixes = new HelperFixes();
  metrics.observe({ workInFlight: () => work.size, screenshotQueue: () => screenshots?.stats().queued ?? 0 });
  return {
    config,
    logger,
    lookup,
    modLog,
    metrics,
    answerer,
    storage,
    guildData,
    stats,
    poster,
    screenshots,
    counters,
    work,
    fixes,
    reconnects: new ReconnectWarnings(logger),
    // Mentions' answers are followed with automatic replies': one memory of which reply answers which message.
    autoReplies: new AutoReplies({
      answerer,
      guildData,
      stats,
      poster,
      logger,
      counters,
      metrics,
      gate,
      fixes,
      mentions: new MentionAnswers({ answerer, guildData, stats, poster, metrics, state: gate.state, notices }),
    }),
    forums: new HelpForums({
      answerer,
      guildData,
      stats,
      poster,
      logger,
      store: storage.forumPosts,
      gate,
      metrics,
      notices,
      fixes,
      clock: config.clockOffsetFile ? offsetClock(config.clockOffsetFile) : systemClock,
      onEvent: (event) => {
        if (event.kind === 'solved') void modLog.post({ kind: 'forum-solved', guildId: event.guildId, by: event.by, threadId: event.threadId, solvedBy: event.solvedBy });
        else if (event.kind === 'closed') void modLog.post({ kind: 'forum-closed', guildId: event.guildId, threadId: event.threadId, answered: event.answered });
        else {
          const cannot = answersForumWithout(event.missing) ? 'I answer its posts but cannot tag or close them' : 'I cannot answer its posts, nor tag or close them';
          const text = `Help forum <#${event.forumId}>: I lack ${permissionNames(event.missing)} there, so ${cannot}.`;
          void modLog.post({ kind: 'warning', guildId: event.guildId, cause: `forum-permissions:${event.forumId}`, text });
        }
      },
      // Marking a post solved counts the entry on screen as helpful, once per member per entry per day.
      countSolved: async (guildId, userId, code) => {
        await stats.vote({ guildId, userId, code, helpful: true });
      },
      work,
    }),
  };
}

/** OCR workers start on the first image, not here: a bot that never sees one never pays for them. */
function createScreenshotReader(config: Config, logger: Logger, metrics: Metrics): ScreenshotReader | undefined {
  const { workers, queueLimit, idleSeconds } = config.ocr;
  if (workers === 0) return undefined;
  const pool = new OcrPool({ workers, queueLimit, idleMs: idleSeconds * 1000, jobTimeoutMs: 30_000, logger });
  return new ScreenshotReader({
    pool,
    logger,
    capacity: workers + queueLimit,
    onResult: (result, seconds) => {
      metrics.screenshots.inc({ result });
      if (seconds !== undefined) metrics.screenshotReadSeconds.observe(seconds);
    },
  });
}

const WITHOUT_MESSAGE_CONTENT =
  'Discord refused the Message Content intent (gateway close 4014). Enable it in the Developer Portal → your application → ' +
  'Bot → Privileged Gateway Intents → Message Content Intent, then restart. Continuing without it: slash commands and ' +
  '@mentions work, automatic replies to pasted errors are off.';

const STORAGE_FAILING =
  'The database is not answering: the bot answers from what it knows, but settings and phrases cannot be changed, and stats wait, until it is back.';

/** Shutdown must be over within 10 seconds; in-flight work gets most of that. */
export const DRAIN_TIMEOUT_MS = 7_000;

/**
 * Discord answers the gateway's close at once; one never answered (the network cut, the connection
 * left open) would hold shutdown for the WebSocket's own half-minute limit, past the 10 seconds.
 */
const GATEWAY_CLOSE_TIMEOUT_MS = 1_000;

/** Destroys the client, its gateway close waited for GATEWAY_CLOSE_TIMEOUT_MS at most. */
async function destroyClient(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<void>((resolve) => (timer = setTimeout(resolve, GATEWAY_CLOSE_TIMEOUT_MS)));
  await Promise.race([client.destroy(), unanswered]);
  clearTimeout(timer);
}

/** Stops taking work, lets replies in flight finish, then destroys the client and closes the database. */
async function stopBot(client: Client, ctx: BotContext, retention: StatsRetention): Promise<void> {
  // No new forum sweep; one in flight finishes the post it is closing, as work in flight.
  ctx.forums.stop();
  ctx.modLog.stop();
  const finished = await ctx.work.drain(DRAIN_TIMEOUT_MS);
  if (!finished) ctx.logger.warn({ pending: ctx.work.size }, 'shutting down with work still in flight');
  ctx.poster.stop();
  await destroyClient(client);
  await ctx.screenshots?.close();
  await retention.stop();
  // Writes the stats still in memory (what cannot be written is counted and logged).
  await ctx.stats.close();
  await ctx.storage.close();
}

/**
 * Whether every gateway connection is up. The client stays "ready" once it has been, through a lost
 * connection and the reconnecting after it, when no event arrives and nothing can be answered.
 */
export function gatewayConnected(client: Client): boolean {
  return client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready);
}

export const BAD_TOKEN =
  'Discord rejected the bot token (DISCORD_TOKEN): reset it in the Developer Portal → your application → Bot, then update .env.';

export const CLOSE_AUTHENTICATION_FAILED = 4004;
export const CLOSE_SHARDING_REQUIRED = 4011;
export const CLOSE_DISALLOWED_INTENTS = 4014;

/** Why Discord closed the gateway while the bot ran, for good (discord.js does not reconnect), and what to do. */
export function gatewayClosedMessage(code: number): string {
  if (code === CLOSE_AUTHENTICATION_FAILED) return BAD_TOKEN;
  if (code === CLOSE_SHARDING_REQUIRED) {
    return 'Discord requires sharding (gateway close 4011): the bot is in too many servers for one connection; set SHARD_COUNT=auto, then start it again.';
  }
  if (code === CLOSE_DISALLOWED_INTENTS) {
    return (
      'Discord refused the Message Content intent (gateway close 4014): it was switched off in the Developer Portal while the bot ran. ' +
      'Started again, the bot runs without it (automatic replies to pasted errors off); switch it back on under Bot → Privileged Gateway Intents for them.'
    );
  }
  return `Discord closed the gateway connection for good (close ${code}): start the bot again; if it happens again, check DISCORD_API_URL and SHARD_COUNT.`;
}

/** A signal came while the bot was logging in: start-up was given up, and the database closed. */
export class StartAborted extends Error {
  constructor() {
    super('start-up given up: the bot is stopping');
    this.name = 'StartAborted';
  }
}

/** `work`, unless `signal` aborts first (then a StartAborted). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new StartAborted());
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Discord refused the login: a bad token (REST 401 or gateway 4004), disallowed intents (4014), or else. */
export class LoginError extends Error {
  constructor(
    readonly reason: 'token' | 'intents' | 'other',
    readonly closeCode: number | undefined,
    cause: unknown,
  ) {
    super(`login failed (${reason})`, { cause });
  }
}

/**
 * Creates the client, wires events and logs in. When Discord refuses the Message Content intent
 * (4014), logs what to enable and logs in again without it. Rejects with a LoginError otherwise.
 * `hooks.storageReady` is called once the database is open and migrated. When `hooks.signal` aborts
 * while it logs in (Discord may make a login wait for minutes), the login is given up, the database
 * closed, and it rejects with a StartAborted.
 */
export async function startBot(
  config: Config,
  logger: Logger,
  hooks: { storageReady?: () => void; signal?: AbortSignal } = {},
): Promise<RunningBot> {
  // Fails with a StorageStartError (one line: which database, what failed, how to fix it). A
  // PostgreSQL that does not answer yet is opened later: the bot starts in the storage outage.
  const storage = await openStorage(config.databaseUrl, defaultSettings(config.autoReplyChannelIds), {
    logger,
    voteSecret: config.voteSecret,
  });
  const storageReady = () => logger.info({ storage: storage.kind, statsRetentionDays: config.statsRetentionDays }, 'storage ready');
  hooks.storageReady?.();
  const ctx = createContext(config, logger, storage);
  // Old stats are deleted at start (once the database is open) and daily.
  const retention = new StatsRetention({ storage, logger, days: config.statsRetentionDays });
  // Unavailable right after opening only when it did not answer at start: opened later, then.
  if (storage.status.available) {
    storageReady();
    retention.start();
  } else {
    void storage.opened.then(() => {
      storageReady();
      retention.start();
    }, () => undefined);
  }
  try {
    try {
      return await login(ctx, true, retention, storage, hooks.signal);
    } catch (error) {
      if (!(error instanceof LoginError && error.reason === 'intents')) throw error;
      logger.error(WITHOUT_MESSAGE_CONTENT);
      const bot = await login(ctx, false, retention, storage, hooks.signal);
      // Moderators see it too, in their log channels, once the servers are known.
      const tell = () => {
        for (const guildId of bot.client.guilds.cache.keys()) {
          void ctx.modLog.post({ kind: 'warning', guildId, cause: 'message-content', text: MESSAGE_CONTENT_REFUSED });
        }
      };
      if (bot.client.isReady()) tell();
      else bot.client.once(Events.ClientReady, tell);
      return bot;
    }
  } catch (error) {
    await retention.stop().catch(() => undefined);
    await ctx.stats.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
    throw error;
  }
}

/** Interaction response times and REST trouble, for the metrics. */
function measure(client: Client, metrics: Metrics): void {
  const received = new LRUCache<string, number>({ max: 10_000, ttl: 60_000 });
  // Registered before the router, so the clock starts as the interaction arrives.
  client.on(Events.InteractionCreate, (interaction) => received.set(interaction.id, performance.now()));
  client.rest.on('response', (request, response) => {
    if (response.status === 429) metrics.restRateLimited.inc();
    else if (response.status >= 500) metrics.restServerErrors.inc();
    const id = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(request.path)?.[1];
    const started = id ? received.get(id) : undefined;
    if (id && started !== undefined && response.status < 300) {
      received.delete(id);
      metrics.interactionResponseSeconds.observe((performance.now() - started) / 1000);
    }
  });
}

async function login(
  ctx: BotContext,
  messageContent: boolean,
  retention: StatsRetention,
  storage: KyselyStorage,
  signal?: AbortSignal,
): Promise<RunningBot> {
  const { config } = ctx;
  const client = new Client(clientOptions(config, messageContent));
  measure(client, ctx.metrics);
  ctx.modLog.attach(client);
  registerEvents(client, ctx);
  let closeCode: number | undefined;
  const recordClose = (event: { code: number }) => (closeCode = event.code);
  client.on(Events.ShardDisconnect, recordClose);
  try {
    await unlessAborted(client.login(config.token), signal);
  } catch (error) {
    await destroyClient(client).catch(() => undefined);
    if (error instanceof StartAborted) throw error;
    const badToken =
      closeCode === CLOSE_AUTHENTICATION_FAILED || (error as { code?: string }).code === DiscordjsErrorCodes.TokenInvalid;
    const reason = badToken ? 'token' : closeCode === CLOSE_DISALLOWED_INTENTS ? 'intents' : 'other';
    throw new LoginError(reason, closeCode, error);
  } finally {
    client.off(Events.ShardDisconnect, recordClose);
  }
  return { client, ctx, storageOpened: storage.opened, stop: () => stopBot(client, ctx, retention) };
}
