import dotenv from 'dotenv';
import { fileURLToPath } from 'node:url';
import { BAD_TOKEN, gatewayClosedMessage, gatewayConnected, LoginError, StartAborted, startBot, type RunningBot } from './bot.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatasetError, loadEntries } from './data/index.js';
import { healthAddress, healthStartMessage, startHealthServer, type HealthStatus } from './health.js';
import { createLogger, type Logger } from './logger.js';
import { METRICS_CONTENT_TYPE } from './metrics.js';
import { answerChannelRequests, answerMetricsRequests, isShardManager, runShardManager, tellManagerStopping } from './sharding.js';
import { errorText, StorageStartError } from './storage/errors.js';

/** Shutdown is over within this; past it the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 9_500;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Discord could not be reached at start: one line saying why, without a stack trace. */
function cannotConnect(error: unknown): string {
  // A connection refused at several addresses is an AggregateError without a message: its code says it.
  const why = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
  return `Could not connect to Discord (${why}): check the network, and DISCORD_API_URL if it is set, then start the bot again.`;
}

/**
 * A bug's crash (an exception nothing caught, a rejection nothing handled) is logged as every line
 * is, without the token, a request body or an interaction's token, where Node would print it raw;
 * then `stop`.
 */
function onCrash(logger: Logger, stop: () => void): void {
  const crashed = (err: unknown) => {
    logger.fatal({ err }, 'crashed');
    stop();
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
}

/** What the health endpoint says of a lone bot: not ready while it starts or stops, or while its gateway connection is lost. */
function healthStatus(running: RunningBot | undefined, stopping: boolean): HealthStatus {
  if (!running) return { ready: false, details: { starting: true, ...(stopping ? { stopping: true } : {}) } };
  const connected = gatewayConnected(running.client);
  return {
    ready: !stopping && connected,
    details: {
      ...(stopping ? { stopping: true } : {}),
      gateway: connected ? 'connected' : 'reconnecting',
      // Answers go on without it (from what is known), so not a reason for 503.
      database: running.ctx.storage.status.available ? 'available' : 'unavailable',
      guilds: running.client.guilds.cache.size,
      ping: running.client.ws.ping,
      uptimeSeconds: Math.round(process.uptime()),
      inFlight: running.ctx.work.size,
      autoRepliesWorking: running.ctx.autoReplies.gate.workingCount,
      ...running.ctx.counters,
      ...(running.ctx.screenshots ? { screenshots: running.ctx.screenshots.stats() } : {}),
    },
  };
}

async function runBot(config: Config, logger: Logger): Promise<void> {
  let bot: RunningBot | undefined;
  let stopping = false;
  /** What the process exits with once stopped (a start-up given up included). */
  let stopCode = 0;
  // Exits with the code known when stopped: a crash while stopping still ends it with 1.
  const stop = (running: RunningBot) =>
    running
      .stop()
      .then(() => {
        logger.info('stopped');
        process.exit(stopCode);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  let storageReady = false;
  let limited = false;
  /** Past the limit the process exits anyway; never while the database is being opened (a migration runs to its end). */
  const limitShutdown = () => {
    if (limited) return;
    limited = true;
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
  };
  const starting = new AbortController();
  // Listened for from the start, every time: a signal while the database is opened lets it open (a
  // migration runs to its end), one while the bot logs in gives the login up; a second signal changes nothing.
  const shutdown = (signal: string, exitCode = 0) => {
    stopCode = Math.max(stopCode, exitCode);
    if (stopping) return;
    stopping = true;
    logger.info({ signal, starting: bot === undefined }, 'shutting down');
    tellManagerStopping();
    if (bot || storageReady) limitShutdown();
    if (bot) void stop(bot);
    else starting.abort();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Stopped as on SIGTERM, so the stats and votes waiting are written, but exiting 1.
  onCrash(logger, () => shutdown('crash', 1));
  // The shard manager is gone (killed, out of memory): nothing else would stop this shard, which
  // would go on answering beside the one a manager started again runs.
  if (process.env.SHARDS !== undefined) process.once('disconnect', () => shutdown('shard manager gone'));
  // Shard processes report to their manager; only a lone bot serves the health endpoint. It listens
  // before the login: a port it cannot have stops the bot before it connects to Discord.
  if (config.healthPort && process.env.SHARDS === undefined) {
    let server: Awaited<ReturnType<typeof startHealthServer>>;
    try {
      server = await startHealthServer(config.healthPort, config.healthHost, () => healthStatus(bot, stopping), {
        contentType: METRICS_CONTENT_TYPE,
        text: () => (bot ? bot.ctx.metrics.text() : Promise.reject(new Error('the bot is starting'))),
      });
    } catch (error) {
      // A bad HEALTH_PORT stops the bot as a bad value does: one line.
      logger.fatal(healthStartMessage(config.healthPort, config.healthHost, error));
      process.exit(1);
    }
    logger.info({ address: healthAddress(server) }, 'health endpoint listening');
  }
  try {
    bot = await startBot(config, logger, {
      storageReady: () => {
        storageReady = true;
        if (stopping) limitShutdown();
      },
      signal: starting.signal,
    });
  } catch (error) {
    if (error instanceof StartAborted) {
      logger.info('stopped');
      process.exit(stopCode);
    }
    if (error instanceof LoginError && error.reason === 'token') logger.fatal(BAD_TOKEN);
    else if (error instanceof StorageStartError) logger.fatal(error.message);
    else logger.fatal(cannotConnect(error instanceof LoginError ? error.cause : error));
    process.exit(1);
  }
  if (stopping) {
    await stop(bot);
    return;
  }
  // The closures below see the bot as started (a `let` is not narrowed inside them).
  const running = bot;
  // A PostgreSQL that did not answer at start, and now answers but cannot be used (a wrong password,
  // a failed migration): it stops the bot as it would have at start, with its one line.
  running.storageOpened.catch((error: unknown) => {
    if (stopping) return;
    stopping = true;
    logger.fatal(errorText(error));
    tellManagerStopping();
    limitShutdown();
    void running
      .stop()
      .then(() => logger.info('stopped'))
      .catch((err: unknown) => logger.error({ err }, 'shutdown failed'))
      .finally(() => process.exit(1));
  });
  // Discord closed the gateway for good (the token reset, sharding required, the intent switched off):
  // stopped as on SIGTERM (the stats and votes waiting are written), exiting 1. Unheard, the process
  // ended by itself once nothing was left to do: exit 0, which a process manager does not start again.
  running.client.on('shardDisconnect', (event) => {
    if (stopping) return;
    logger.fatal(gatewayClosedMessage(event.code));
    shutdown(`gateway closed (${event.code})`, 1);
  });
  // Under a shard manager, the manager serves /metrics for all shards and asks this one for its own.
  if (process.env.SHARDS !== undefined) {
    answerMetricsRequests(running.ctx.metrics);
    answerChannelRequests(running.client);
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true, path: process.env.DOTENV_CONFIG_PATH });
  // discord.js's Client reads SHARD_COUNT from the environment itself: one left empty, as in
  // .env.example, would be 0 shards and stop a lone bot before it connects.
  if (process.env.SHARD_COUNT?.trim() === '') delete process.env.SHARD_COUNT;
  let config: Config;
  try {
    config = loadConfig();
    loadEntries();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatasetError) fail(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.pretty, secrets: [config.token, ...(config.voteSecret ? [config.voteSecret] : [])] });
  if (isShardManager(config)) {
    // Its shards stop by themselves once it is gone.
    onCrash(logger, () => process.exit(1));
    await runShardManager(config, logger, fileURLToPath(import.meta.url));
  } else await runBot(config, logger);
}

void main();
