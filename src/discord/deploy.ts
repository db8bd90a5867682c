import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { BAD_TOKEN } from '../bot.js';
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

/** Why deploying failed, in one line that says what to fix. */
export function deployFailure(error: unknown, config: Config): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return BAD_TOKEN;
    if (error.code === RESTJSONErrorCodes.MissingAccess && config.devGuildId) {
      return `Discord refused (${error.message}): add the bot to server ${config.devGuildId} (DEV_GUILD_ID) with the applications.commands scope, or leave DEV_GUILD_ID empty to deploy globally.`;
    }
    return `Discord refused the commands (${error.status}: ${error.message}): check DISCORD_APPLICATION_ID is this bot's application.`;
  }
  // No answer from Discord at all: the network, a proxy, or DISCORD_API_URL. A request that timed out is aborted.
  const why = error instanceof Error ? (error.name === 'AbortError' ? 'no answer in time' : error.message || error.name) : String(error);
  return `could not connect to Discord (${why}): check the network, and DISCORD_API_URL if it is set, then run it again.`;
}
