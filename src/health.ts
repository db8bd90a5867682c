import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthStatus {
  ready: boolean;
  details: Record<string, unknown>;
}

/**
 * A tiny HTTP endpoint for container and process managers: GET /health (or /) answers 200 with
 * {"status":"ready",…} when the bot can answer, 503 otherwise. Nothing else is served.
 */
export async function startHealthServer(port: number, host: string, status: () => HealthStatus): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || !['/', '/health', '/healthz'].includes((req.url ?? '/').split('?')[0]!)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const { ready, details } = status();
    res
      .writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...details }));
  });
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
