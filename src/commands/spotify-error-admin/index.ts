import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { canManageMessages } from '../../discord/permissions.js';
import { respondPrivately } from '../../discord/respond.js';
import { StorageUnavailableError } from '../../storage/errors.js';
import type { SlashCommand } from '../types.js';
import { forumAutocomplete, forumCommand, forumGroup } from './forum.js';
import { logCommand, logGroup } from './log.js';
import { phraseAutocomplete, phraseCommand, phraseGroup } from './phrase.js';
import { settingsCommand, settingsGroup } from './settings.js';
import { statsCommand } from './stats.js';

const data = new SlashCommandBuilder()
  .setName('spotify-error-admin')
  .setDescription('Moderator tools for the Spotify error bot')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .addSubcommandGroup(phraseGroup)
  .addSubcommandGroup(settingsGroup)
  .addSubcommandGroup(forumGroup)
  .addSubcommandGroup(logGroup)
  .addSubcommand((s) => s.setName('stats').setDescription('What the bot answered and what it could not, last 7 and 30 days'))
  .toJSON();

const NEEDS_MANAGE_SERVER = 'Changing settings needs the **Manage Server** permission.';
const NEEDS_MANAGE_MESSAGES = 'This needs the **Manage Messages** permission.';
export const DATABASE_NOT_ANSWERING = 'The database is not answering right now; nothing was changed. Try again in a minute.';

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) return respondPrivately(interaction, 'These tools work inside a server.');
  // Discord hides the command from members without Manage Messages; servers can change that, so check again.
  if (!canManageMessages(interaction.memberPermissions)) return respondPrivately(interaction, NEEDS_MANAGE_MESSAGES);
  try {
    // During an outage a try can take up to the storage deadline: Discord gets a deferral first.
    if (!ctx.storage.status.available) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await route(interaction, ctx);
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    ctx.logger.warn({ command: 'spotify-error-admin', operation: error.operation }, 'moderator command: the database did not answer');
    await respondPrivately(interaction, DATABASE_NOT_ANSWERING);
  }
}

async function route(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext): Promise<void> {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(true);
  if (group === 'phrase') return phraseCommand(interaction, ctx, sub);
  if (group === 'settings' || group === 'forum' || group === 'log') {
    if (sub !== 'show' && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      return respondPrivately(interaction, NEEDS_MANAGE_SERVER);
    }
    if (group === 'forum') return forumCommand(interaction, ctx, sub);
    if (group === 'log') return logCommand(interaction, ctx, sub);
    return settingsCommand(interaction, ctx, sub);
  }
  if (sub === 'stats') return statsCommand(interaction, ctx);
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (interaction.options.getSubcommandGroup(false) === 'forum') return forumAutocomplete(interaction);
  return phraseAutocomplete(interaction, ctx);
}

export const spotifyErrorAdminCommand: SlashCommand = { kind: 'slash', data, execute, autocomplete };
