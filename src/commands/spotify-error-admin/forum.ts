import {
  ChannelType,
  channelMention,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type ForumChannel,
  type SlashCommandSubcommandGroupBuilder,
} from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { FORUM_PERMISSIONS } from '../../discord/forums/closing.js';
import { answersForumWithout, permissionNames } from '../../discord/permissions.js';
import { respond, respondPrivately } from '../../discord/respond.js';
import { renderSettings } from '../../render/admin.js';
import { safeEcho, truncate } from '../../render/sanitize.js';
import { HELP_FORUM_DEFAULTS, MAX_HELP_FORUMS, type HelpForum } from '../../settings/schema.js';
import { changeSettings } from './change-settings.js';

export function forumGroup(g: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder {
  return g
    .setName('forum')
    .setDescription('Help forums: answer or greet new posts, mark them solved, close quiet ones (Manage Server)')
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Run a forum as a help forum, or change how it runs')
        .addChannelOption((o) => o.setName('forum').setDescription('The forum channel').setRequired(true).addChannelTypes(ChannelType.GuildForum))
        .addStringOption((o) => o.setName('solved-tag').setDescription('The forum tag for solved posts').setAutocomplete(true))
        .addIntegerOption((o) =>
          o.setName('idle-hours').setDescription('Close posts quiet for this long (1–168, default 24)').setMinValue(1).setMaxValue(168),
        )
        .addBooleanOption((o) => o.setName('onboarding').setDescription('Greet posts that show no error (default on)'))
        .addBooleanOption((o) => o.setName('lock').setDescription('Lock as well as archive closed posts (default off)')),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop running a forum as a help forum')
        .addChannelOption((o) => o.setName('forum').setDescription('The forum channel').setRequired(true).addChannelTypes(ChannelType.GuildForum)),
    );
}

export async function forumCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  const forumOption = interaction.options.getChannel('forum', true);
  const forumId = forumOption.id;
  if (sub === 'remove') {
    const next = await changeSettings(ctx, guildId, interaction.user.id, (s) => ({ ...s, forums: s.forums.filter((f) => f.forumId !== forumId) }));
    const content = `${channelMention(forumId)} is no longer a help forum.`;
    return respond(interaction, { content, embeds: [renderSettings(next)], components: [] }, { ephemeral: true });
  }
  const channel = interaction.client.channels.cache.get(forumId);
  const forum = channel?.type === ChannelType.GuildForum ? (channel as ForumChannel) : undefined;
  const tagInput = interaction.options.getString('solved-tag');
  const tag = tagInput ? forum?.availableTags.find((t) => t.id === tagInput || t.name.toLowerCase() === tagInput.toLowerCase()) : undefined;
  if (tagInput && !tag) {
    return respondPrivately(interaction, `That forum has no tag “${safeEcho(truncate(tagInput, 50))}”. Pick one from the list as you type. Nothing was changed.`);
  }
  const full = (forums: readonly HelpForum[]) => !forums.some((f) => f.forumId === forumId) && forums.length >= MAX_HELP_FORUMS;
  const tooMany = `A server can run at most ${MAX_HELP_FORUMS} help forums. Remove one first. Nothing was changed.`;
  if (full((await ctx.guildData.settings(guildId)).forums)) return respondPrivately(interaction, tooMany);
  let refused = false;
  const next = await changeSettings(ctx, guildId, interaction.user.id, (s) => {
    // Checked again under the server's lock: two moderators adding the tenth forum at once add one.
    if (full(s.forums)) {
      refused = true;
      return s;
    }
    const before: HelpForum = s.forums.find((f) => f.forumId === forumId) ?? { forumId, ...HELP_FORUM_DEFAULTS, chosenAt: interaction.createdTimestamp };
    const updated: HelpForum = {
      ...before,
      ...(tag ? { solvedTagId: tag.id } : {}),
      idleHours: interaction.options.getInteger('idle-hours') ?? before.idleHours,
      onboarding: interaction.options.getBoolean('onboarding') ?? before.onboarding,
      lock: interaction.options.getBoolean('lock') ?? before.lock,
    };
    return { ...s, forums: [...s.forums.filter((f) => f.forumId !== forumId), updated] };
  });
  if (refused) return respondPrivately(interaction, tooMany);
  const missing = forum ? (forum.permissionsFor(interaction.client.user)?.missing([...FORUM_PERMISSIONS]) ?? []) : [];
  const lines = [`${channelMention(forumId)} is a help forum now: new posts are answered or greeted, and closed after they go quiet.`];
  if (!next.forums.find((f) => f.forumId === forumId)?.solvedTagId) lines.push('Tip: pick a `solved-tag` so solved posts are tagged.');
  if (missing.length) {
    const until = answersForumWithout(missing) ? 'Until then I answer its posts but cannot tag or close them.' : 'Until then I cannot answer its posts, nor tag or close them.';
    lines.push(`⚠️ I need **${permissionNames(missing)}** in that forum. ${until}`);
    ctx.logger.warn({ guild: guildId, forum: forumId, missing }, 'help forum set up without the permissions the bot needs there');
  }
  await respond(interaction, { content: lines.join('\n'), embeds: [renderSettings(next)], components: [] }, { ephemeral: true });
}

/** The solved-tag option offers the chosen forum's own tags. */
export async function forumAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
  const forumId = interaction.options.get('forum')?.value;
  const channel = typeof forumId === 'string' ? interaction.client.channels.cache.get(forumId) : undefined;
  const typed = String(interaction.options.getFocused()).toLowerCase();
  const tags = channel?.type === ChannelType.GuildForum ? (channel as ForumChannel).availableTags : [];
  await interaction.respond(
    tags
      .filter((t) => t.name.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((t) => ({ name: t.name.slice(0, 100), value: t.id })),
  );
}
