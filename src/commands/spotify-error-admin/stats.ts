import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { respond } from '../../discord/respond.js';
import { renderStats } from '../../render/admin.js';

export async function statsCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext): Promise<void> {
  if (!interaction.deferred) await interaction.deferReply({ flags: 64 });
  // Answers just sent by this process count: their writes finish first.
  await ctx.stats.flush();
  const [week, month] = await Promise.all([ctx.storage.stats(interaction.guildId, 7), ctx.storage.stats(interaction.guildId, 30)]);
  await respond(interaction, { embeds: [renderStats(week, month)], components: [] }, { ephemeral: true });
}
