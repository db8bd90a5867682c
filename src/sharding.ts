import { randomUUID } from 'node:crypto';
import { REST, Routes, ShardingManager, type Client, type Shard } from 'discord.js';
import { BAD_TOKEN } from './bot.js';
import type { Config } from './config.js';
import { CHANNELS_OF_NO_SERVER, knownChannels } from './events/client-ready.js';
import { healthStartMessage, startHealthServer } from './health.js';
import type { Logger } from './logger.js';
import { aggregate, METRICS_CONTENT_TYPE, type Metrics, type MetricsJson } from './metrics.js';

/** How long the manager waits for a shard's answer over its process channel. */
const ASK_TIMEOUT_MS = 2_000;
/** The message a shard manager sends to ask a shard for its metrics, and the shard's answer. */
const METRICS_REQUEST = 'spotify-bot:metrics';
/** The manager asks which AUTO_REPLY_CHANNEL_IDS a shard knows: each sees only its own servers. */
const CHANNELS_REQUEST = 'spotify-bot:known-channels';
/** What a shard tells its manager when it starts to stop. */
const STOPPING_NOTICE = 'spotify-bot:stopping';

/** In a shard process: answers the manager's requests for this shard's metrics. */
export function answerMetricsRequests(metrics: Metrics): void {
  process.on('message', (message: { kind?: string; id?: string }) => {
    if (message?.kind !== METRICS_REQUEST || !process.send) return;
    void metrics.json().then((json) => process.send!({ kind: METRICS_REQUEST, id: message.id, answer: json }));
  });
}

/** In a shard process: answers the manager's question of which channels this shard knows (null: cannot tell). */
export function answerChannelRequests(client: Client): void {
  process.on('message', (message: { kind?: string; id?: string; ids?: string[] }) => {
    if (message?.kind !== CHANNELS_REQUEST || !process.send) return;
    process.send({ kind: CHANNELS_REQUEST, id: message.id, answer: knownChannels(client, message.ids ?? []) ?? null });
  });
}

/**
 * In a shard process: tells the manager this shard is stopping (a crash, its gateway closed for good,
 * a signal of its own), so the manager's health endpoint says it is not ready from now, not once it
 * has finished its work and exited. Nothing outside a shard manager, or when the manager is gone.
 */
export function tellManagerStopping(): void {
  if (process.env.SHARDS !== undefined && process.connected) process.send?.({ kind: STOPPING_NOTICE }, () => undefined);
}

/** Asks one shard over its process channel; `fallback` when it does not answer in time. */
function askShard<T>(shard: Shard, kind: string, request: object, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const id = randomUUID();
    const timer = setTimeout(() => done(fallback), ASK_TIMEOUT_MS);
    const listener = (message: { kind?: string; id?: string; answer?: T }) => {
      if (message?.kind === kind && message.id === id) done(message.answer ?? fallback);
    };
    function done(result: T) {
      clearTimeout(timer);
      shard.off('message', listener);
      resolve(result);
    }
    shard.on('message', listener);
    shard.send({ kind, id, ...request }).catch(() => done(fallback));
  });
}

/** One shard's metrics, asked over its process channel; an empty list when it does not answer in time. */
function askShardMetrics(shard: Shard): Promise<MetricsJson> {
  return askShard<MetricsJson>(shard, METRICS_REQUEST, {}, []);
}

/**
 * Once every shard is ready, as a lone bot does at start: a warning naming the AUTO_REPLY_CHANNEL_IDS
 * that are no channel of any server (only a manager running every shard can tell, and only when no
 * shard has a server in an outage).
 */
async function warnChannelsOfNoServer(shards: Shard[], ids: readonly string[], logger: Logger): Promise<void> {
  const answers = await Promise.all(shards.map((shard) => askShard<string[] | null>(shard, CHANNELS_REQUEST, { ids }, null)));
  if (answers.some((known) => known === null)) return;
  const unknown = ids.filter((id) => !answers.some((known) => known!.includes(id)));
  if (unknown.length) logger.warn({ channels: unknown }, CHANNELS_OF_NO_SERVER);
}

/** What a process counted (counters and histograms); its gauges describe it only while it runs. */
const countedBy = (metrics: MetricsJson): MetricsJson => metrics.filter((m) => ['counter', 'histogram'].includes(String(m.type)));

/**
 * Each shard's metrics as one scrape sums them, kept from going down: a shard that does not answer
 * in time (busy, dead, being started again) counts what it last answered, and one started again
 * (another process) adds to what its earlier processes counted. Prometheus reads a counter that
 * goes down as a reset, and its next rise as that many new events.
 */
export class ShardMetricsHistory {
  private readonly shards = new Map<number, { pid?: number; last: MetricsJson; before: MetricsJson[] }>();

  /** What shard `id` counts in this scrape, given its answer (undefined: none in time) from process `pid`. */
  scrape(id: number, pid: number | undefined, answer: MetricsJson | undefined): MetricsJson[] {
    const shard = this.shards.get(id) ?? { last: [], before: [] };
    this.shards.set(id, shard);
    if (!answer) return [countedBy(shard.last), ...shard.before];
    if (shard.pid !== undefined && shard.pid !== pid) {
      // Folded into one list, so a shard started again and again keeps one.
      shard.before = [sumCounted([...shard.before, countedBy(shard.last)])];
    }
    shard.pid = pid;
    shard.last = answer;
    return [answer, ...shard.before];
  }
}

/** Counters and histograms of several lists summed into one, series by series. */
function sumCounted(lists: MetricsJson[]): MetricsJson {
  const byName = new Map<string, MetricsJson[number]>();
  for (const metric of lists.flat()) {
    const known = byName.get(metric.name);
    if (!known) {
      byName.set(metric.name, { ...metric, values: metric.values.map((v) => ({ ...v })) });
      continue;
    }
    for (const value of metric.values) {
      const key = seriesKey(value);
      const same = known.values.find((v) => seriesKey(v) === key);
      if (same) same.value += value.value;
      else known.values.push({ ...value });
    }
  }
  return [...byName.values()];
}

function seriesKey(value: MetricsJson[number]['values'][number]): string {
  const labels = Object.entries(value.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([(value as { metricName?: string }).metricName ?? '', labels]);
}

/** Whether this process should start shard processes (and is not one of them itself). */
export function isShardManager(config: Config, env: NodeJS.ProcessEnv = process.env): boolean {
  return config.sharding !== undefined && env.SHARDS === undefined;
}

/** Discord's recommended shard count, asked of the configured API (a REST proxy or stand-in included). */
async function recommendedShards(config: Config, logger: Logger): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  try {
    const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
    return shards;
  } catch (error) {
    // One line, as a lone bot says it, not an unhandled rejection.
    const refused = (error as { status?: number }).status === 401;
    logger.fatal(refused ? BAD_TOKEN : `Could not ask Discord for the recommended shard count (${(error as Error).message}); check the network, or set SHARD_COUNT to a number.`);
    process.exit(1);
  }
}

/**
 * Runs discord.js's ShardingManager: one process per shard, each the same entry point. With
 * SHARD_IDS only those shards run here, out of SHARD_COUNT in all (several machines, one total).
 */
export async function runShardManager(config: Config, logger: Logger, entryFile: string): Promise<void> {
  const total = config.sharding!.total === 'auto' ? await recommendedShards(config, logger) : config.sharding!.total;
  const shardList = config.sharding!.ids ?? 'auto';
  const shardsRun = shardList === 'auto' ? total : new Set(shardList).size;
  const manager = new ShardingManager(entryFile, {
    token: config.token,
    totalShards: total,
    shardList,
    mode: 'process',
    execArgv: process.execArgv,
    respawn: true,
  });
  // From a signal on its shards take no new work, though still connected while they finish what they had.
  let stopping = false;
  // discord.js keeps each shard's `ready` as its process reports it: false from a lost gateway
  // connection until it is resumed, and from its death until it is ready again. A shard stopping by
  // itself is still connected while it finishes its work: not ready from its notice until its next process.
  const stoppingShards = new Set<number>();
  const readyShards = () =>
    [...manager.shards.values()]
      .filter((shard) => shard.ready && !stoppingShards.has(shard.id))
      .map((shard) => shard.id)
      .sort((a, b) => a - b);
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, total }, 'shard launched');
    shard.on('spawn', () => stoppingShards.delete(shard.id));
    shard.on('message', (message: { kind?: string } | undefined) => {
      if (message?.kind !== STOPPING_NOTICE) return;
      stoppingShards.add(shard.id);
      logger.debug({ shard: shard.id }, 'shard not ready');
    });
    // What the health endpoint answers follows these; logged for whoever watches it change.
    shard.on('ready', () => logger.debug({ shard: shard.id }, 'shard ready'));
    shard.on('resume', () => logger.debug({ shard: shard.id }, 'shard ready'));
    shard.on('reconnecting', () => logger.debug({ shard: shard.id }, 'shard not ready'));
    shard.on('disconnect', () => logger.debug({ shard: shard.id }, 'shard not ready'));
    // A shard that died and cannot be started again (its own line says why): unheard, this 'error'
    // ended the manager with a stack trace and left the other shards running without it.
    shard.on('error', () => {
      logger.fatal(`Shard ${shard.id} could not start again (see its line above); stopping every shard.`);
      stopShards(1);
    });
  });
  if (config.healthPort) {
    // One scrape, every shard: each shard's registry gathered over its process channel and merged.
    const history = new ShardMetricsHistory();
    const shardMetrics = async (shard: Shard) => {
      const pid = shard.process?.pid;
      const answer = await askShardMetrics(shard);
      return history.scrape(shard.id, pid, answer.length ? answer : undefined);
    };
    const metrics = {
      contentType: METRICS_CONTENT_TYPE,
      text: async () => aggregate((await Promise.all([...manager.shards.values()].map(shardMetrics))).flat()),
    };
    try {
      await startHealthServer(
        config.healthPort,
        config.healthHost,
        () => {
          const shardsReady = readyShards();
          return {
            // Every shard this process runs, not only those launched so far (the manager starts them seconds apart).
            ready: !stopping && shardsReady.length === shardsRun,
            details: { ...(stopping ? { stopping: true } : {}), shards: manager.shards.size, shardsReady, totalShards: total },
          };
        },
        metrics,
      );
    } catch (error) {
      // As a lone bot does: one line, before any shard has started.
      logger.fatal(healthStartMessage(config.healthPort, config.healthHost, error));
      process.exit(1);
    }
  }
  /** Stops every shard (none is started again) and exits with `code`. */
  const stopShards = (code: number) => {
    // Otherwise each shard that exits is started again at once, and outlives the manager.
    manager.respawn = false;
    const exits = [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          shard.removeAllListeners('death');
          const child = shard.process;
          if (!child || child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    );
    const hardStop = setTimeout(() => process.exit(1), 9_500);
    hardStop.unref();
    void Promise.all(exits).then(() => process.exit(code));
  };
  const stop = (signal: string) => {
    // Still listened for: a second signal (Ctrl-C twice) would otherwise end the manager at once, not 0.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping shards');
    stopShards(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  manager.respawn = true;
  try {
    await manager.spawn({ timeout: 60_000 });
  } catch (error) {
    // The shard logged why (a bad token, the database); one more line here, not a stack trace.
    const which = (error as { message?: string }).message?.match(/^Shard (\d+)/)?.[1];
    logger.fatal(`Shard ${which ?? '?'} could not start (see its line above); stopping every shard.`);
    stopShards(1);
    return;
  }
  logger.info({ shards: manager.shards.size, total }, 'all shards ready');
  if (shardsRun === total && config.autoReplyChannelIds.length) await warnChannelsOfNoServer([...manager.shards.values()], config.autoReplyChannelIds, logger);
}
