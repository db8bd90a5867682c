import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { quantile } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Start-up in fresh processes on the built code (npm run build): the bot's own work (dataset
 * validation, index building, an in-memory database migrated) and the time from process start until the bot could answer,
 * with every module loaded (discord.js included) but before any network.
 */
const PROBE = `
const t0 = performance.now();
const { createContext } = await import('./dist/bot.js');
const { createLogger } = await import('./dist/logger.js');
const { openStorage } = await import('./dist/storage/open.js');
const t1 = performance.now();
const storage = await openStorage('file::memory:');
const config = { token: 'x'.repeat(20), applicationId: '1', logLevel: 'silent', pretty: false, autoReplyChannelIds: [], databaseUrl: 'file::memory:', ocr: { workers: 0, queueLimit: 1, idleSeconds: 1 } };
const ctx = createContext(config, createLogger({ level: 'silent' }), storage);
ctx.lookup.answer('auth:3');
const t2 = performance.now();
console.log(JSON.stringify({ work: t2 - t1, sinceStart: t2, modules: t1 - t0 }));
`;

export function benchStart(runs = 7) {
  const results = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: ROOT, encoding: 'utf8' })) as {
      work: number;
      sinceStart: number;
      modules: number;
    },
  );
  const median = (k: 'work' | 'sinceStart' | 'modules') => quantile(results.map((r) => r[k]).sort((a, b) => a - b), 0.5);
  return { work: median('work'), sinceStart: median('sinceStart'), modules: median('modules'), runs };
}
