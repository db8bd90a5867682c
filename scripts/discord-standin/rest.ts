/**
 * The stand-in's HTTP side: served files (attachment URLs), injected faults, the bot token, the
 * route table, and the record of every request and every refusal (a violation fails the test).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refuse, type RestResult, type Route } from './http.js';
import type { Fault, RecordedRequest, Violation } from './types.js';

export interface ServedFile {
  body: Buffer;
  contentType: string;
  /** A slow CDN: headers at once, the body after this delay. */
  delayMs?: number;
}

/** Requests kept: past the limit the oldest half goes. */
const REQUEST_LIMIT = 20_000;
const API_PREFIX = /^\/api\/v10/;

interface CompiledRoute<Host> extends Route<Host> {
  regex: RegExp;
}

/** `/channels/:channel/messages/:message(@original|\d+)` → a regex with named groups. */
export function compilePattern(pattern: string): RegExp {
  const source = pattern.replace(/:(\w+)(?:\(([^)]*)\))?/g, (_, name: string, re: string | undefined) => `(?<${name}>${re ?? '\\d+'})`);
  return new RegExp(`^${source}$`);
}

export class Rest<Host> {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly files = new Map<string, ServedFile>();
  private readonly faults: Fault[] = [];
  /** Discord's global limit, when a test or benchmark asks for one: requests per second on matching routes. */
  private limit?: { method?: string; path: RegExp; perSecond: number; tokens: number; refilledAt: number };
  private readonly routes: Array<CompiledRoute<Host>>;

  constructor(
    private readonly host: Host,
    routes: Array<Route<Host>>,
    private readonly token: string,
    private readonly onRequest: (request: RecordedRequest) => void,
  ) {
    this.routes = routes.map((r) => ({ ...r, regex: compilePattern(r.pattern) }));
  }

  /** The next `times` requests matching `path` (and `method`) fail with `status`. */
  /** Answers matching requests beyond `perSecond` with a global 429, as Discord's global rate limit does. */
  limitRate(limit: { method?: string; path: RegExp; perSecond: number }): void {
    this.limit = { ...limit, tokens: limit.perSecond, refilledAt: Date.now() };
  }

  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const record: RecordedRequest = { method, path, query: url.search, body, status: 0, at: Date.now() };
    const route = path.replace(API_PREFIX, '');
    const send = (result: RestResult) => {
      if (result.violation) this.violations.push({ ...result.violation, route: `${method} ${route}` });
      this.record(record, result.status);
      if (result.json === undefined) {
        res.writeHead(result.status, result.headers ?? {});
        res.end();
      } else {
        res.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
        res.end(JSON.stringify(result.json));
      }
      this.onRequest(record);
    };

    const file = this.files.get(path);
    if (file && method === 'GET') {
      this.record(record, 200);
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length });
      if (file.delayMs) setTimeout(() => res.end(file.body), file.delayMs);
      else res.end(file.body);
      this.onRequest(record);
      return;
    }

    const fault = this.takeFault(method, path) ?? this.overLimit(method, path);
    if (fault) return send(fault);

    const candidates = this.routes.flatMap((r) => {
      const match = r.regex.exec(route);
      return match ? [{ route: r, params: { ...match.groups } }] : [];
    });
    const hit = candidates.find((c) => c.route.method === method);
    const auth = (hit ?? candidates[0])?.route.auth ?? true;
    if (auth && req.headers.authorization !== `Bot ${this.token}`) {
      return send({ status: 401, json: { message: '401: Unauthorized', code: 0 } });
    }
    // A route the stand-in does not know is a gap in the stand-in or a wrong call: fail the test.
    if (!candidates.length) return send(refuse(404, 0, '404: Not Found'));
    if (!hit) return send(refuse(405, 0, '405: Method Not Allowed'));
    let result: RestResult;
    try {
      result = hit.route.handler({ host: this.host, params: hit.params, body, url });
    } catch (error) {
      result = refuse(500, 0, '500: Internal Server Error', [`stand-in: ${(error as Error).stack ?? String(error)}`]);
    }
    send(result);
  }

  private record(record: RecordedRequest, status: number): void {
    record.status = status;
    this.requests.push(record);
    if (this.requests.length > REQUEST_LIMIT) this.requests.splice(0, REQUEST_LIMIT / 2);
  }

  private overLimit(method: string, path: string): RestResult | undefined {
    const limit = this.limit;
    if (!limit || !limit.path.test(path) || (limit.method && limit.method !== method)) return undefined;
    const now = Date.now();
    limit.tokens = Math.min(limit.perSecond, limit.tokens + ((now - limit.refilledAt) / 1000) * limit.perSecond);
    limit.refilledAt = now;
    if (limit.tokens >= 1) {
      limit.tokens -= 1;
      return undefined;
    }
    const retryAfter = Math.max(0.02, (1 - limit.tokens) / limit.perSecond);
    return {
      status: 429,
      json: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
      headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
    };
  }

  private takeFault(method: string, path: string): RestResult | undefined {
    const fault = this.faults.find((f) => f.path.test(path) && (!f.method || f.method === method) && f.times > 0);
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.status === 429) {
      const retryAfter = fault.retryAfter ?? 0.2;
      return {
        status: 429,
        json: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-scope': 'user',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'standin',
        },
      };
    }
    return { status: fault.status, json: { message: fault.message ?? 'Injected failure', code: fault.code ?? 0 } };
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  if (!text || !(req.headers['content-type'] ?? '').includes('application/json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
