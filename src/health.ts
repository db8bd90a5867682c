import { createServer, type Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { REFERENCE } from './data/index.js';

/** Which data the bot answers from: the reference's edition, its size, platforms and commit. */
export const DATA_SUMMARY = {
  errors: REFERENCE.errors,
  edition: REFERENCE.edition,
  platforms: REFERENCE.platforms,
  commit: REFERENCE.commit,
} as const;

export interface HealthStatus {
  ready: boolean;
  details: Record<string, unknown>;
}

/**
 * A tiny HTTP endpoint for container and process managers: GET /health (or /) answers 200 with
 * {"status":"ready",…} when the bot can answer, 503 otherwise. Nothing else is served.
 */
/**
 * GET /metrics serves Prometheus' text format when a provider is given (the bot's registry, or the
 * shard manager's merge of every shard's).
 */
export interface MetricsProvider {
  contentType: string;
  text(): Promise<string>;
}

export async function startHealthServer(port: number, host: string, status: () => HealthStatus, metrics?: MetricsProvider): Promise<Server> {
  // Event-loop delay since start (or since the last ?reset=1), in 1 ms resolution.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const server = createServer((req, res) => {
    // A request line such as `GET //` is no URL at all: a 404, not an exception that ends the bot.
    const url = URL.canParse(req.url ?? '/', 'http://health') ? new URL(req.url ?? '/', 'http://health') : undefined;
    if (req.method === 'GET' && url?.pathname === '/metrics' && metrics) {
      metrics
        .text()
        .then((text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text))
        .catch(() => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'));
      return;
    }
    if (req.method !== 'GET' || !url || !['/', '/health', '/healthz'].includes(url.pathname)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const { ready, details } = status();
    const memory = process.memoryUsage();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const body = {
      status: ready ? 'ready' : 'not ready',
      ...details,
      data: DATA_SUMMARY,
      memory: { rssMb: Math.round(memory.rss / 2 ** 20), heapUsedMb: Math.round(memory.heapUsed / 2 ** 20) },
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    };
    if (url.searchParams.get('reset') === '1') loop.reset();
    res
      .writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  });
  server.on('close', () => loop.disable());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function healthAddress(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `${address}:${port}`;
}

/** Why the health endpoint could not listen, in one line that says what to change. */
export function healthStartMessage(port: number, host: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `HEALTH_PORT ${port} is already in use on ${host}: give a free port, or leave HEALTH_PORT empty to turn the health endpoint off.`;
  if (code === 'EACCES') return `HEALTH_PORT ${port} needs privileges on ${host}: give a port above 1023.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `HEALTH_HOST ${host} is not an address of this machine: give one it has, e.g. 0.0.0.0 or 127.0.0.1.`;
  return `The health endpoint could not listen on ${host}:${port} (${(error as Error).message}).`;
}
