/**
 * Runs the real bot entry point (src/index.ts, what `npm start` runs once built) as a child
 * process pointed at a stand-in, and collects its JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export class BotProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  exitCode: number | null = null;
  private readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.logs.push({ level: 30, msg: line });
        }
        for (const wake of this.waiters) wake();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      for (const wake of this.waiters) wake();
    });
    this.exited = once(child, 'exit').then(([code]) => {
      this.exitCode = code as number | null;
      for (const wake of this.waiters) wake();
      return this.exitCode;
    });
  }

  /** Resolves with the first log line matching; rejects on timeout or if the bot exits first. */
  async waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(predicate);
      if (found) return found;
      if (this.exitCode !== null || this.child.exitCode !== null) {
        throw new Error(`Bot exited (${this.child.exitCode}) before the log line.\n${this.stderr}\n${this.dump()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for a log line.\n${this.stderr}\n${this.dump()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 250));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  ready(timeoutMs = 15_000): Promise<LogLine> {
    return this.waitForLog((l) => l.msg === 'ready', timeoutMs);
  }

  async exit(timeoutMs = 10_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the timeout. */
  async stop(timeoutMs = 10_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    return this.exit(timeoutMs);
  }

  dump(): string {
    return this.logs.map((l) => JSON.stringify(l)).join('\n');
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A DATABASE_URL for a new SQLite file in a temporary folder. */
export function temporaryDatabaseUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'spotify-bot-')), 'bot.sqlite')}`;
}

export function startBotProcess(env: Record<string, string>, entry = 'src/index.ts'): BotProcess {
  // Built JavaScript runs on plain Node (as `npm start` does); TypeScript through tsx.
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'debug',
      DOTENV_CONFIG_PATH: '/nonexistent',
      DATABASE_URL: temporaryDatabaseUrl(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new BotProcess(child);
}
