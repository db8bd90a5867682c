import dotenv from 'dotenv';
import { CLOSE_AUTHENTICATION_FAILED, LoginError, startBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { DatasetError, loadEntries } from './data/index.js';
import { createLogger } from './logger.js';

const BAD_TOKEN =
  'Discord rejected the bot token (DISCORD_TOKEN): reset it in the Developer Portal → your application → Bot, then update .env.';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true, path: process.env.DOTENV_CONFIG_PATH });
  let config;
  try {
    config = loadConfig();
    loadEntries();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatasetError) fail(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.pretty, secrets: [config.token] });
  let bot;
  try {
    bot = await startBot(config, logger);
  } catch (error) {
    if (error instanceof LoginError && error.reason === 'token') logger.fatal(BAD_TOKEN);
    else logger.fatal({ err: error instanceof LoginError ? error.cause : error }, 'could not connect to Discord');
    process.exit(1);
  }
  bot.client.on('shardDisconnect', (event) => {
    if (event.code === CLOSE_AUTHENTICATION_FAILED) {
      logger.fatal(BAD_TOKEN);
      process.exit(1);
    }
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    bot
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
