import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  channelMention,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { escapeMarkdown } from '@discordjs/formatters';
import type { BotContext } from '../discord/context.js';
import { respond, respondPrivately } from '../discord/respond.js';
import { renderSettings, renderStats } from '../render/admin.js';
import { safeEcho } from '../render/sanitize.js';
import type { GuildSettings } from '../settings/types.js';
import { PHRASE_LIMITS } from '../storage/storage.js';
import type { SlashCommand } from './types.js';

const SCOPE_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildForum,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildMedia,
] as const;

const data = new SlashCommandBuilder()
  .setName('spotify-error-admin')
  .setDescription('Moderator tools for the Spotify error bot')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .addSubcommandGroup((g) =>
    g
      .setName('phrase')
      .setDescription("Teach the bot this server's own wording")
      .addSubcommand((s) =>
        s
          .setName('add')
          .setDescription('Link a phrase your members use to an error')
          .addStringOption((o) =>
            o.setName('phrase').setDescription('e.g. "stuck on the login spinner"').setRequired(true).setMaxLength(PHRASE_LIMITS.maxLength),
          )
          .addStringOption((o) => o.setName('code').setDescription('The error it means').setRequired(true).setAutocomplete(true)),
      )
      .addSubcommand((s) =>
        s
          .setName('remove')
          .setDescription('Forget a phrase')
          .addStringOption((o) => o.setName('phrase').setDescription('The phrase').setRequired(true).setAutocomplete(true)),
      )
      .addSubcommand((s) => s.setName('list').setDescription("This server's phrases")),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('settings')
      .setDescription('Automatic replies and how the bot answers (Manage Server)')
      .addSubcommand((s) => s.setName('show').setDescription('Show the current settings'))
      .addSubcommand((s) =>
        s
          .setName('auto-replies')
          .setDescription('Turn automatic replies to pasted errors on or off')
          .addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName('channel')
          .setDescription('Where automatic replies run: allow or deny a channel, category or forum')
          .addStringOption((o) =>
            o
              .setName('action')
              .setDescription('What to do with it')
              .setRequired(true)
              .addChoices(
                { name: 'allow (only allowed places get replies, if any are allowed)', value: 'allow' },
                { name: 'deny (never reply here)', value: 'deny' },
                { name: 'remove from both lists', value: 'remove' },
              ),
          )
          .addChannelOption((o) =>
            o.setName('channel').setDescription('A channel, category or forum').setRequired(true).addChannelTypes(...SCOPE_CHANNEL_TYPES),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName('cooldowns')
          .setDescription('How often the bot may repeat itself')
          .addIntegerOption((o) =>
            o.setName('channel-minutes').setDescription('Same error, same channel (0–1440, default 10)').setMinValue(0).setMaxValue(1440),
          )
          .addIntegerOption((o) =>
            o.setName('member-seconds').setDescription('Replies per member (0–3600, default 60)').setMinValue(0).setMaxValue(3600),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName('replies')
          .setDescription('How automatic replies look and behave')
          .addStringOption((o) =>
            o
              .setName('style')
              .setDescription('Compact (message, chain, first steps) or full')
              .addChoices({ name: 'compact', value: 'compact' }, { name: 'full', value: 'full' }),
          )
          .addBooleanOption((o) => o.setName('delete-with-source').setDescription('Delete the reply when its message is deleted')),
      )
      .addSubcommand((s) =>
        s
          .setName('symptom-mode')
          .setDescription('Also answer descriptions without a code, when very sure')
          .addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName('screenshots')
          .setDescription('Read screenshots where automatic replies run')
          .addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true)),
      ),
  )
  .addSubcommand((s) => s.setName('stats').setDescription('What the bot answered and what it could not, last 7 and 30 days'))
  .toJSON();

const NEEDS_MANAGE_SERVER = 'Changing settings needs the **Manage Server** permission.';
const NEEDS_MANAGE_MESSAGES = 'This needs the **Manage Messages** permission.';

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) return respondPrivately(interaction, 'These tools work inside a server.');
  // Discord hides the command from members without Manage Messages; servers can change that, so check again.
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages)) {
    return respondPrivately(interaction, NEEDS_MANAGE_MESSAGES);
  }
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(true);
  if (group === 'phrase') return phrase(interaction, ctx, sub);
  if (group === 'settings') {
    if (sub !== 'show' && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      return respondPrivately(interaction, NEEDS_MANAGE_SERVER);
    }
    return settings(interaction, ctx, sub);
  }
  if (sub === 'stats') {
    await interaction.deferReply({ flags: 64 });
    const [week, month] = await Promise.all([
      ctx.storage.stats(interaction.guildId, 7),
      ctx.storage.stats(interaction.guildId, 30),
    ]);
    await respond(interaction, { embeds: [renderStats(week, month)], components: [] }, { ephemeral: true });
  }
}

async function phrase(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  if (sub === 'list') {
    const phrases = await ctx.storage.listPhrases(guildId);
    const lines = phrases.map((p) => `• “${escapeMarkdown(p.phrase)}” → \`${p.code}\``);
    const text = lines.length
      ? `**Server phrases (${lines.length}/${PHRASE_LIMITS.perGuild})**\n${lines.join('\n')}`
      : 'No phrases yet. Add one with `/spotify-error-admin phrase add`.';
    return respondPrivately(interaction, text.length > 2000 ? `${text.slice(0, 1990)}\n…` : text);
  }
  const text = interaction.options.getString('phrase', true);
  if (sub === 'remove') {
    const removed = await ctx.storage.removePhrase(guildId, text);
    ctx.guildData.forgetPhrases(guildId);
    return respondPrivately(
      interaction,
      removed ? `Removed the phrase “${safeEcho(text)}”.` : `There is no phrase “${safeEcho(text)}” in this server.`,
    );
  }
  const codeInput = interaction.options.getString('code', true);
  const entry = ctx.lookup.byCode(codeInput) ?? ctx.lookup.index.codes.resolve(codeInput);
  if (!entry) {
    return respondPrivately(interaction, `“${safeEcho(codeInput)}” is not a documented error. Pick one from the list as you type.`);
  }
  const result = await ctx.storage.addPhrase(guildId, text, entry.code, interaction.user.id);
  ctx.guildData.forgetPhrases(guildId);
  if (result.ok) {
    return respondPrivately(interaction, `Added: “${safeEcho(result.phrase.phrase)}” now means \`${entry.code}\` in this server.`);
  }
  const why = {
    duplicate: `This server already has the phrase “${safeEcho(text)}”. Remove it first to link it to another error.`,
    limit: `This server has the most phrases allowed (${PHRASE_LIMITS.perGuild}). Remove one to add another.`,
    length: `A phrase needs ${PHRASE_LIMITS.minLength} to ${PHRASE_LIMITS.maxLength} characters of words.`,
  }[result.reason];
  return respondPrivately(interaction, why);
}

async function settings(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  const o = interaction.options;
  let change: ((s: GuildSettings) => GuildSettings) | undefined;
  let said = '';
  switch (sub) {
    case 'auto-replies': {
      const enabled = o.getBoolean('enabled', true);
      change = (s) => ({ ...s, autoReplies: enabled });
      said = `Automatic replies are now **${enabled ? 'on' : 'off'}**.`;
      break;
    }
    case 'channel': {
      const action = o.getString('action', true);
      const channel = o.getChannel('channel', true);
      const without = (ids: string[]) => ids.filter((id) => id !== channel.id);
      change = (s) => ({
        ...s,
        allowIds: action === 'allow' ? [...without(s.allowIds), channel.id] : without(s.allowIds),
        denyIds: action === 'deny' ? [...without(s.denyIds), channel.id] : without(s.denyIds),
      });
      said = {
        allow: `${channelMention(channel.id)} is now **allowed** for automatic replies.`,
        deny: `${channelMention(channel.id)} is now **denied**: no automatic replies there.`,
        remove: `${channelMention(channel.id)} is no longer on either list.`,
      }[action as 'allow' | 'deny' | 'remove'];
      break;
    }
    case 'cooldowns': {
      const minutes = o.getInteger('channel-minutes');
      const seconds = o.getInteger('member-seconds');
      if (minutes === null && seconds === null) {
        return respondPrivately(interaction, 'Give `channel-minutes`, `member-seconds` or both. Nothing was changed.');
      }
      change = (s) => ({
        ...s,
        channelCooldownSeconds: minutes === null ? s.channelCooldownSeconds : minutes * 60,
        userCooldownSeconds: seconds ?? s.userCooldownSeconds,
      });
      break;
    }
    case 'replies': {
      const style = o.getString('style');
      const deleteWithSource = o.getBoolean('delete-with-source');
      if (style === null && deleteWithSource === null) {
        return respondPrivately(interaction, 'Give `style`, `delete-with-source` or both. Nothing was changed.');
      }
      change = (s) => ({
        ...s,
        compact: style === null ? s.compact : style === 'compact',
        deleteWithSource: deleteWithSource ?? s.deleteWithSource,
      });
      break;
    }
    case 'symptom-mode': {
      const enabled = o.getBoolean('enabled', true);
      change = (s) => ({ ...s, symptomMode: enabled });
      said = `Symptom mode is now **${enabled ? 'on' : 'off'}**.`;
      break;
    }
    case 'screenshots': {
      const enabled = o.getBoolean('enabled', true);
      change = (s) => ({ ...s, screenshots: enabled });
      said = `Reading screenshots is now **${enabled ? 'on' : 'off'}**.`;
      break;
    }
    default:
      break;
  }
  const current = change ? await ctx.guildData.update(guildId, change) : await ctx.guildData.get(guildId);
  await respond(
    interaction,
    { content: said || (change ? 'Saved.' : undefined), embeds: [renderSettings(current)], components: [] },
    { ephemeral: true },
  );
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const value = String(focused.value);
  if (focused.name === 'code') return interaction.respond(ctx.lookup.autocomplete(value));
  if (focused.name === 'phrase' && interaction.guildId && interaction.options.getSubcommand(false) === 'remove') {
    const needle = value.toLowerCase();
    const phrases = await ctx.guildData.phrases(interaction.guildId);
    return interaction.respond(
      phrases
        .filter((p) => p.phrase.toLowerCase().includes(needle))
        .slice(0, 25)
        .map((p) => ({ name: `${p.phrase} → ${p.code}`.slice(0, 100), value: p.phrase.slice(0, 100) })),
    );
  }
  await interaction.respond([]);
}

export const spotifyErrorAdminCommand: SlashCommand = { kind: 'slash', data, execute, autocomplete };
