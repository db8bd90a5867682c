/**
 * A throwaway PostgreSQL server of a test's own (pg_ctl, as test/setup/postgres.ts starts the
 * shared one), for tests that stop, restart or freeze it without disturbing the other tests.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/discord-standin/bot-process.js';

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}


/** Runs as the postgres user when we are root (the server refuses to run as root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[], timeout = 60_000): void {
  const [cmd, cmdArgs] = asPostgres(command, args);
  execFileSync(cmd, cmdArgs, { stdio: 'ignore', timeout });
}

export class PostgresCluster {
  private paused = false;

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const bin = postgresBin();
    // These tests stop, restart and freeze a server of their own: they need PostgreSQL's binaries (CI installs them).
    if (!bin) throw new Error('PostgreSQL binaries not found in /usr/lib/postgresql: apt-get install postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'spotify-bot-pg-faults-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(dir, uid, gid);
    }
    run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const cluster = new PostgresCluster(bin, dir, await freePort());
    cluster.start();
    return cluster;
  }

  /** The URL of a database on this server (with a password in it, which the bot must never show). */
  url(database = 'postgres', password = 'not-the-real-password'): string {
    return `postgres://postgres:${password}@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(): Promise<string> {
    const name = `f_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    return this.url(name);
  }

  /**
   * A login role that must give its password over TCP (the cluster trusts everyone else): for
   * testing what a wrong password does. Returns its URL with the right password.
   */
  async addPasswordUser(user: string, password: string, database = 'postgres'): Promise<string> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    await client.end();
    const hba = join(this.dir, 'data', 'pg_hba.conf');
    // The first matching line decides: this one before initdb's "trust" lines.
    writeFileSync(hba, `host all ${user} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
    // A restart, not a reload: it returns once the server runs with the new rules.
    this.stop();
    this.start();
    return `postgres://${user}:${password}@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts (or restarts) the server on the same port and data; returns once it accepts connections. */
  start(): void {
    const options = `-p ${this.port} -h 127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=100`;
    run(join(this.bin, 'pg_ctl'), ['start', '-D', join(this.dir, 'data'), '-w', '-t', '30', '-l', join(this.dir, 'server.log'), '-o', options]);
  }

  /** Stops the server: `fast` disconnects every client (a restart or failover), `immediate` is a crash. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    if (this.paused) this.resume();
    run(join(this.bin, 'pg_ctl'), ['stop', '-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '30']);
  }

  /** Freezes the server and every connection's process (SIGSTOP): it accepts TCP connections but never answers. */
  pause(): void {
    this.paused = true;
    for (const pid of this.processes()) process.kill(pid, 'SIGSTOP');
  }

  resume(): void {
    this.paused = false;
    for (const pid of this.processes()) process.kill(pid, 'SIGCONT');
  }

  async destroy(): Promise<void> {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The postmaster and its children (one per connection, plus background workers). */
  private processes(): number[] {
    const pidFile = join(this.dir, 'data', 'postmaster.pid');
    if (!existsSync(pidFile)) return [];
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const children: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) children.push(Number(entry));
      } catch {
        // exited meanwhile
      }
    }
    return [postmaster, ...children];
  }
}
