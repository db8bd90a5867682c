/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 for the test run (or uses TEST_POSTGRES_URL
 * when one is given) and hands its URL to the tests. Storage tests run against it for real.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/discord-standin/bot-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  }
  throw new Error(
    'PostgreSQL is needed for the storage tests and was not found in /usr/lib/postgresql. ' +
      'Install it (apt-get install postgresql) or set TEST_POSTGRES_URL to a server to use.',
  );
}


/** Runs as the postgres user when we are root (the server refuses to run as root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.TEST_POSTGRES_URL);
    return;
  }
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'spotify-bot-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  // pg_ctl starts the server in the background, waits until it accepts connections, and stops it cleanly.
  const serverOptions = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const [startCmd, startArgs] = asPostgres(join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', serverOptions]);
  try {
    execFileSync(startCmd, startArgs, { stdio: 'ignore' });
  } catch {
    throw new Error(`PostgreSQL did not start; see ${join(dir, 'server.log')}`);
  }
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    const [stopCmd, stopArgs] = asPostgres(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
    execFileSync(stopCmd, stopArgs, { stdio: 'ignore', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  };
}
