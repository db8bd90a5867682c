import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../src/config.js';
import { deployCommands, deployFailure } from '../src/discord/deploy.js';

dotenv.config({ quiet: true });
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Deploy failed: ${(error as Error).message}`);
  process.exit(1);
}
try {
  const { scope, count } = await deployCommands(config);
  console.log(`Deployed ${count} commands (${scope}).`);
} catch (error) {
  console.error(`Deploy failed: ${deployFailure(error, config)}`);
  process.exit(1);
}
