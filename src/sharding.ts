import { randomUUID } from 'node:crypto';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from './config.js';
import { startHealthServer } from './health.js';
import type { Logger } from './logger.js';
import { aggregate, METRICS_CONTENT_TYPE, type Metrics, type MetricsJson } from './metrics.js';

/** The message a shard manager sends to ask a shard for its metrics, and the shard's answer. */
const METRICS_REQUEST = 'spotify-bot:metrics';
const METRICS_TIMEOUT_MS = 2_000;

/** In a shard process: answers the manager's requests for this shard's metrics. */
export function answerMetricsRequests(metrics: Metrics): void {
  process.on('message', (message: { kind?: string; id?: string }) => {
    if (message?.kind !== METRICS_REQUEST || !process.send) return;
    void metrics.json().then((json) => process.send!({ kind: METRICS_REQUEST, id: message.id, metrics: json }));
  });
}

/** One shard's metrics, asked over its process channel; an empty list when it does not answer in time. */
function shardMetrics(shard: Shard): Promise<MetricsJson> {
  return new Promise((resolve) => {
    const id = randomUUID();
    const timer = setTimeout(() => done([]), METRICS_TIMEOUT_MS);
    const listener = (message: { kind?: string; id?: string; metrics?: MetricsJson }) => {
      if (message?.kind === METRICS_REQUEST && message.id === id) done(message.metrics ?? []);
    };
    function done(result: MetricsJson) {
      clearTimeout(timer);
      shard.off('message', listener);
      resolve(result);
    }
    shard.on('message', listener);
    shard.send({ kind: METRICS_REQUEST, id }).catch(() => done([]));
  });
}

/** Whether this process should start shard processes (and is not one of them itself). */
export function isShardManager(config: Config, env: NodeJS.ProcessEnv = process.env): boolean {
  return config.sharding !== undefined && env.SHARDS === undefined;
}

/** Discord's recommended shard count, asked of the configured API (a REST proxy or stand-in included). */
async function recommendedShards(config: Config): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return shards;
}

/**
 * Runs discord.js's ShardingManager: one process per shard, each the same entry point. With
 * SHARD_IDS only those shards run here, out of SHARD_COUNT in all (several machines, one total).
 */
export async function runShardManager(config: Config, logger: Logger, entryFile: string): Promise<void> {
  const total = config.sharding!.total === 'auto' ? await recommendedShards(config) : config.sharding!.total;
  const shardList = config.sharding!.ids ?? 'auto';
  const manager = new ShardingManager(entryFile, {
    token: config.token,
    totalShards: total,
    shardList,
    mode: 'process',
    execArgv: process.execArgv,
    respawn: true,
  });
  const ready = new Set<number>();
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, total }, 'shard launched');
    shard.on('ready', () => ready.add(shard.id));
    shard.on('death', () => ready.delete(shard.id));
  });
  if (config.healthPort) {
    // One scrape, every shard: each shard's registry gathered over its process channel and merged.
    const metrics = {
      contentType: METRICS_CONTENT_TYPE,
      text: async () => aggregate(await Promise.all([...manager.shards.values()].map(shardMetrics))),
    };
    await startHealthServer(
      config.healthPort,
      config.healthHost,
      () => ({
        ready: manager.shards.size > 0 && ready.size === manager.shards.size,
        details: { shards: manager.shards.size, shardsReady: [...ready].sort((a, b) => a - b), totalShards: total },
      }),
      metrics,
    );
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping shards');
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
    void Promise.all(exits).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  manager.respawn = true;
  await manager.spawn({ timeout: 60_000 });
  logger.info({ shards: manager.shards.size, total }, 'all shards ready');
}
