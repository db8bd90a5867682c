import { REST, Routes } from 'discord.js';
import { commandPayloads } from '../commands/index.js';
import type { Config } from '../config.js';

/** Registers the command registry: to one server when DEV_GUILD_ID is set (instant), else globally. */
export async function deployCommands(config: Config): Promise<{ scope: string; count: number }> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.devGuildId
    ? Routes.applicationGuildCommands(config.applicationId, config.devGuildId)
    : Routes.applicationCommands(config.applicationId);
  const result = (await rest.put(route, { body: commandPayloads() })) as unknown[];
  return { scope: config.devGuildId ? `server ${config.devGuildId}` : 'global', count: result.length };
}
