import { ChannelType, channelMention, type ChatInputCommandInteraction, type SlashCommandSubcommandGroupBuilder } from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { missingToPost, permissionNames } from '../../discord/permissions.js';
import { respond } from '../../discord/respond.js';
import { renderSettings } from '../../render/admin.js';
import { changeSettings } from './change-settings.js';

export function logGroup(g: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder {
  return g
    .setName('log')
    .setDescription("The moderators' log: one line per setting change, phrase, fix sent, forum event and warning")
    .addSubcommand((s) =>
      s
        .setName('channel')
        .setDescription('Post the log in this channel')
        .addChannelOption((o) => o.setName('channel').setDescription('A text channel').setRequired(true).addChannelTypes(ChannelType.GuildText)),
    )
    .addSubcommand((s) => s.setName('off').setDescription('Stop posting the log'));
}

export async function logCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  if (sub === 'off') {
    const next = await changeSettings(ctx, guildId, interaction.user.id, (s) => ({ ...s, logChannelId: undefined }));
    return respond(interaction, { content: "The moderators' log is off.", embeds: [renderSettings(next)], components: [] }, { ephemeral: true });
  }
  const channelId = interaction.options.getChannel('channel', true).id;
  const next = await changeSettings(ctx, guildId, interaction.user.id, (s) => ({ ...s, logChannelId: channelId }));
  const channel = interaction.client.channels.cache.get(channelId);
  const missing = channel?.isTextBased() && !channel.isDMBased() ? missingToPost(channel, { reply: false }) : [];
  const content = [
    `The moderators' log now goes to ${channelMention(channelId)}.`,
    missing.length ? `⚠️ I need **${permissionNames(missing)}** there to post it.` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  await respond(interaction, { content, embeds: [renderSettings(next)], components: [] }, { ephemeral: true });
}
