import { Events, type ButtonInteraction, type Interaction, type StringSelectMenuInteraction } from 'discord.js';
import { commands, componentHandlers } from '../commands/index.js';
import type { BotContext } from '../discord/context.js';
import { respondPrivately } from '../discord/respond.js';
import { splitId } from '../render/custom-ids.js';
import { defineEvent } from './types.js';

const SORRY = 'Sorry, something went wrong while answering. Please try again in a moment.';

async function route(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = commands.find((c) => c.data.name === interaction.commandName);
    if (command?.kind === 'slash' && command.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
    return;
  }
  if (interaction.isChatInputCommand()) {
    const command = commands.find((c) => c.data.name === interaction.commandName);
    if (command?.kind === 'slash') return command.execute(interaction, ctx);
    return respondPrivately(interaction, 'This command is not available any more.');
  }
  if (interaction.isMessageContextMenuCommand()) {
    const command = commands.find((c) => c.data.name === interaction.commandName);
    if (command?.kind === 'message') return command.execute(interaction, ctx);
    return respondPrivately(interaction, 'This command is not available any more.');
  }
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    const { prefix, parts } = splitId(interaction.customId);
    const handler = componentHandlers.find((h) => h.id.prefix === prefix);
    const state = handler?.id.decode(parts);
    // Discord only sends IDs that are on the message; the bot checks anyway, so a forged ID never acts.
    if (handler && state !== undefined && isOnMessage(interaction)) return handler.handle(interaction, ctx, state);
    ctx.logger.debug({ prefix }, 'unknown or malformed custom ID');
    return respondPrivately(interaction, 'This button no longer works. Run the command again.');
  }
}

/** Whether the component's custom ID is one of the components of the message it came with. */
function isOnMessage(interaction: ButtonInteraction | StringSelectMenuInteraction): boolean {
  for (const row of interaction.message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if ('customId' in component && component.customId === interaction.customId) return true;
    }
  }
  return false;
}

/** Routes every interaction to its command or component handler; a failure becomes a polite private reply. */
export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx, interaction) {
    ctx.counters.interactions += 1;
    try {
      await route(interaction, ctx);
    } catch (error) {
      const name = interaction.isCommand() ? interaction.commandName : 'component';
      ctx.logger.error({ err: error, interaction: name }, 'interaction failed');
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
        return;
      }
      if (interaction.isRepliable()) await respondPrivately(interaction, SORRY).catch(() => undefined);
    }
  },
});
