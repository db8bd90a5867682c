import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';

dotenv.config({ quiet: true });
try {
  const { scope, count } = await deployCommands(loadConfig());
  console.log(`Deployed ${count} commands (${scope}).`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Deploy failed: ${(error as Error).message}`);
  process.exit(1);
}
