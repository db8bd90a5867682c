import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { respond } from '../../discord/respond.js';
import { renderStats } from '../../render/admin.js';

export async function statsCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext): Promise<void> {
  if (!interaction.deferred) await interaction.deferReply({ flags: 64 });
  // Answers just sent by this process count: their writes finish first.
  await ctx.stats.flush();
  const guildId = interaction.guildId;
  const now = new Date();
  const [week, month, forumWeek, forumMonth] = await Promise.all([
    ctx.storage.stats(guildId, 7, now),
    ctx.storage.stats(guildId, 30, now),
    ctx.storage.forumPosts.stats(guildId, 7, now.getTime()),
    ctx.storage.forumPosts.stats(guildId, 30, now.getTime()),
  ]);
  const embed = renderStats(week, month, { week: forumWeek, month: forumMonth });
  await respond(interaction, { embeds: [embed], components: [] }, { ephemeral: true });
}
