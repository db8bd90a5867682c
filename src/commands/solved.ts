import {
  ApplicationIntegrationType,
  DiscordAPIError,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type PermissionsString,
} from 'discord.js';
import type { BotContext } from '../discord/context.js';
import { DISCORD_FAILING } from '../discord/forums/closing.js';
import { permissionNames } from '../discord/permissions.js';
import { respondPrivately } from '../discord/respond.js';
import { StorageUnavailableError } from '../storage/errors.js';
import { solvedId } from '../render/custom-ids.js';
import { defineComponent, type ComponentInteraction, type SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('solved')
  .setDescription('Mark this help-forum post solved: tags it and closes it')
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .toJSON();

const NOT_SAVED = 'The database is not answering right now, so the post is still open. Try again in a minute.';
const NOT_A_POST = 'Use this inside a post of one of the server\'s help forums.';

/** Counted as solved, where the bot may not close the post: it stays open, and the member should not think otherwise. */
const notClosed = (missing: readonly PermissionsString[]) =>
  `Marked solved, thanks. I could not close this post, though: I need **${permissionNames(missing)}** in this forum. A moderator can close it.`;

/** Marks the post the interaction came from solved, answering privately either way. */
async function markSolved(interaction: ChatInputCommandInteraction | ComponentInteraction, ctx: BotContext, threadId: string): Promise<void> {
  if (!interaction.inGuild() || interaction.channelId !== threadId) return respondPrivately(interaction, NOT_A_POST);
  await interaction.deferReply({ flags: 64 });
  // Discord sends only active threads when the bot connects: a post archived since is fetched.
  // Discord failing the fetch (a 5xx, a lost connection) is no answer about the post: it is still open.
  let failing = false;
  const channel =
    interaction.channel ??
    (await interaction.client.channels.fetch(threadId).catch((err: unknown) => {
      failing = !(err instanceof DiscordAPIError);
      return null;
    }));
  if (!channel && failing) return respondPrivately(interaction, DISCORD_FAILING);
  if (!channel?.isThread()) return respondPrivately(interaction, NOT_A_POST);
  const canManage = interaction.memberPermissions.has(PermissionFlagsBits.ManageThreads);
  try {
    const result = await ctx.forums.markSolved(channel, interaction.user.id, canManage);
    await interaction.editReply(!result.ok ? result.why : result.missing ? notClosed(result.missing) : 'Marked solved. Thanks!');
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    ctx.logger.warn({ command: 'solved', operation: error.operation }, 'mark solved: the database did not answer');
    await interaction.editReply(NOT_SAVED);
  }
}

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await markSolved(interaction, ctx, interaction.channelId);
}

/** Mark solved, under the bot's answers and greeting in a help-forum post. */
const button = defineComponent({
  id: solvedId,
  handle: (interaction, ctx, { threadId }) => markSolved(interaction, ctx, threadId),
});

export const solvedCommand: SlashCommand = { kind: 'slash', data, execute, components: [button] };
