import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './storage/open.js';
import { DEFAULT_RETENTION_DAYS } from './storage/storage.js';
import { VOTE_SECRET_MIN_LENGTH } from './storage/vote-secret.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord ID (17 to 20 digits)');
const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

const envSchema = z.object({
  DISCORD_TOKEN: z.preprocess(emptyAsUndefined, z.string().regex(/^\S{10,}$/, 'must be the bot token, without spaces')),
  DISCORD_APPLICATION_ID: z.preprocess(emptyAsUndefined, snowflake),
  DEV_GUILD_ID: optional(snowflake),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  DISCORD_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })),
  NODE_ENV: optional(z.string()),
  DATABASE_URL: optional(
    z.string().regex(/^(?:file:.+|postgres(?:ql)?:\/\/.+)$/, 'must be file:<path> for SQLite or a postgres:// URL'),
  ),
  VOTE_SECRET: optional(
    z.string().regex(new RegExp(`^\\S{${VOTE_SECRET_MIN_LENGTH},}$`), `must be at least ${VOTE_SECRET_MIN_LENGTH} characters, without spaces`),
  ),
  STATS_RETENTION_DAYS: optional(z.coerce.number().int().min(30).max(3650)),
  HEALTH_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  HEALTH_HOST: optional(z.string().min(1)),
  SHARD_COUNT: optional(z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)])),
  SHARD_IDS: z.preprocess(
    // Empty items dropped: a stray comma would otherwise coerce to shard 0, run twice across machines.
    (v) => {
      const ids = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
      return ids.length ? ids : undefined;
    },
    z.array(z.coerce.number().int().min(0)).optional(),
  ),
  OCR_WORKERS: optional(z.coerce.number().int().min(0).max(8)),
  OCR_QUEUE_LIMIT: optional(z.coerce.number().int().min(1).max(1000)),
  OCR_IDLE_SECONDS: optional(z.coerce.number().int().min(1).max(86_400)),
  AUTO_REPLY_CHANNEL_IDS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(snowflake),
  ),
  FORUM_SWEEP_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  CLOCK_OFFSET_FILE: optional(z.string().min(1)),
});

/** What to tell the operator for each variable, in one line. */
const HINTS: Record<string, string> = {
  DISCORD_TOKEN: 'set it to the token from the Developer Portal → your application → Bot → Reset Token',
  DISCORD_APPLICATION_ID: 'set it to the Application ID from the Developer Portal → General Information',
  DEV_GUILD_ID: 'set it to a server ID (Developer Mode → right-click the server → Copy Server ID) or leave it empty',
  LOG_LEVEL: 'use one of fatal, error, warn, info, debug, trace, silent',
  DISCORD_API_URL: 'leave it empty for Discord, or give a REST base URL without the version, e.g. http://127.0.0.1:8080/api',
  DATABASE_URL: 'leave it empty for SQLite in ./data/bot.sqlite, or use file:<path> or postgres://user:password@host/db',
  VOTE_SECRET:
    'set it to a random value of at least 32 characters (openssl rand -hex 32), the same for every process sharing the database; ' +
    'with SQLite you may leave it empty to use the generated vote-secret file beside the database',
  STATS_RETENTION_DAYS: 'give the number of days stats are kept (30 to 3650; stats show up to 30 days), or leave it empty for 90',
  HEALTH_PORT: 'give a port number (1–65535) for the health endpoint, or leave it empty to turn it off',
  HEALTH_HOST: 'give the address to listen on, e.g. 0.0.0.0 or 127.0.0.1',
  SHARD_COUNT: 'use auto or the total number of shards across all machines, or leave it empty for one process',
  SHARD_IDS: 'give the shard numbers this machine runs, comma-separated (0 to SHARD_COUNT − 1), with a numeric SHARD_COUNT',
  OCR_WORKERS: 'give the number of threads reading screenshots (0 to 8; 0 turns reading images off), or leave it empty for 1',
  OCR_QUEUE_LIMIT: 'give how many images may wait to be read (1 to 1000), or leave it empty for 16',
  OCR_IDLE_SECONDS: 'give the seconds after which idle screenshot readers stop (1 to 86400), or leave it empty for 180',
  AUTO_REPLY_CHANNEL_IDS: 'give channel, category or forum IDs separated by commas, or leave it empty',
  FORUM_SWEEP_SECONDS: 'give how often, in seconds, help-forum posts are checked for going quiet (1 to 3600), or leave it empty for 300',
  CLOCK_OFFSET_FILE: 'leave it empty (tests and the demo use it to move the bot\'s clock)',
};

export interface Config {
  token: string;
  applicationId: string;
  devGuildId?: string;
  logLevel: string;
  apiUrl?: string;
  pretty: boolean;
  /** Channels, categories or forums where automatic replies run for servers that never changed their settings. */
  autoReplyChannelIds: string[];
  databaseUrl: string;
  /** Key for the voters' hashes; required with PostgreSQL (all processes share it), else a file beside SQLite's. */
  voteSecret?: string;
  /** Misses, daily counters and votes are deleted after this many days. */
  statsRetentionDays: number;
  healthPort?: number;
  healthHost: string;
  /** Reading screenshots: worker threads (0 = off), waiting images, idle time before workers stop. */
  ocr: { workers: number; queueLimit: number; idleSeconds: number };
  /** Set when the ShardingManager should start shard processes. */
  sharding?: { total: number | 'auto'; ids?: number[] };
  /** How often help-forum posts are checked for going quiet. */
  forumSweepSeconds: number;
  /** Tests and the demo only: a file with milliseconds to add to the bot's clock. */
  clockOffsetFile?: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError with one line naming the variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const value = env[name];
    const problem = value === undefined || value.trim() === '' ? 'is missing' : `is invalid (${issue.message})`;
    throw new ConfigError(`Configuration error: ${name} ${problem}; ${HINTS[name] ?? 'check its value'}.`);
  }
  const e = result.data;
  if (e.SHARD_IDS) {
    const total = e.SHARD_COUNT;
    if (typeof total !== 'number' || e.SHARD_IDS.some((id) => id >= total)) {
      throw new ConfigError(`Configuration error: SHARD_IDS is invalid; ${HINTS.SHARD_IDS}.`);
    }
  }
  const databaseUrl = e.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(databaseUrl) && !e.VOTE_SECRET) {
    throw new ConfigError(
      'Configuration error: VOTE_SECRET is missing; with a postgres:// DATABASE_URL every process must hash votes with the same ' +
        'secret: set it to a random value of at least 32 characters (openssl rand -hex 32), the same on every machine.',
    );
  }
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    devGuildId: e.DEV_GUILD_ID,
    logLevel: e.LOG_LEVEL,
    apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ''),
    pretty: e.NODE_ENV === 'development',
    autoReplyChannelIds: e.AUTO_REPLY_CHANNEL_IDS,
    databaseUrl,
    voteSecret: e.VOTE_SECRET,
    statsRetentionDays: e.STATS_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS,
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST ?? '0.0.0.0',
    ocr: { workers: e.OCR_WORKERS ?? 1, queueLimit: e.OCR_QUEUE_LIMIT ?? 16, idleSeconds: e.OCR_IDLE_SECONDS ?? 180 },
    sharding: e.SHARD_COUNT === undefined ? undefined : { total: e.SHARD_COUNT, ids: e.SHARD_IDS },
    forumSweepSeconds: e.FORUM_SWEEP_SECONDS ?? 300,
    clockOffsetFile: e.CLOCK_OFFSET_FILE,
  };
}
