import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { respond } from '../../discord/respond.js';
import { renderStats } from '../../render/admin.js';

export async function statsCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext): Promise<void> {
  if (!interaction.deferred) await interaction.deferReply({ flags: 64 });
  // Answers just sent by this process count: their writes finish first.
  await ctx.stats.flush();
  const guildId = interaction.guildId;
  const since = (days: number) => Date.now() - days * 86_400_000;
  const [week, month, forumWeek, forumMonth] = await Promise.all([
    ctx.storage.stats(guildId, 7),
    ctx.storage.stats(guildId, 30),
    ctx.storage.forumPosts.stats(guildId, since(7)),
    ctx.storage.forumPosts.stats(guildId, since(30)),
  ]);
  const embed = renderStats(week, month, { week: forumWeek, month: forumMonth });
  await respond(interaction, { embeds: [embed], components: [] }, { ephemeral: true });
}
