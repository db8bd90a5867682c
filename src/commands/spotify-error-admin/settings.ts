import {
  ChannelType,
  channelMention,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
  type SlashCommandSubcommandGroupBuilder,
} from 'discord.js';
import type { BotContext } from '../../discord/context.js';
import { readsMessages } from '../../discord/permissions.js';
import { respond, respondPrivately } from '../../discord/respond.js';
import { withoutOtherServersChannels } from '../../events/channel-delete.js';
import { MESSAGE_CONTENT_REFUSED, renderSettings } from '../../render/admin.js';
import type { GuildSettings } from '../../settings/schema.js';
import { changeSettings } from './change-settings.js';

const SCOPE_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildForum,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildMedia,
  // Their text chats take messages like any channel, so automatic replies run there.
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
] as const;

type Options = ChatInputCommandInteraction['options'];
/** A change to apply and what to say about it, or why nothing was changed. */
type Change = { change: (s: GuildSettings) => GuildSettings; said?: string } | { refused: string };

interface SettingsSubcommand {
  name: string;
  build(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  change(o: Options): Change;
}

const onOff = (enabled: boolean) => (enabled ? 'on' : 'off');
const switchOption = (s: SlashCommandSubcommandBuilder) =>
  s.addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true));

/** One on/off setting; `label` is how the answer names it ("Symptom mode is"). */
function toggle(name: string, description: string, key: 'autoReplies' | 'symptomMode' | 'screenshots', label: string): SettingsSubcommand {
  return {
    name,
    build: (s) => switchOption(s.setDescription(description)),
    change(o) {
      const enabled = o.getBoolean('enabled', true);
      return { change: (s) => ({ ...s, [key]: enabled }), said: `${label} now **${onOff(enabled)}**.` };
    },
  };
}

const SUBCOMMANDS: SettingsSubcommand[] = [
  toggle('auto-replies', 'Turn automatic replies to pasted errors on or off', 'autoReplies', 'Automatic replies are'),
  {
    name: 'channel',
    build: (s) =>
      s
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
    change(o) {
      const action = o.getString('action', true) as 'allow' | 'deny' | 'remove';
      const channel = o.getChannel('channel', true);
      const without = (ids: string[]) => ids.filter((id) => id !== channel.id);
      return {
        change: (s) => ({
          ...s,
          allowIds: action === 'allow' ? [...without(s.allowIds), channel.id] : without(s.allowIds),
          denyIds: action === 'deny' ? [...without(s.denyIds), channel.id] : without(s.denyIds),
        }),
        said: {
          allow: `${channelMention(channel.id)} is now **allowed** for automatic replies.`,
          deny: `${channelMention(channel.id)} is now **denied**: no automatic replies there.`,
          remove: `${channelMention(channel.id)} is no longer on either list.`,
        }[action],
      };
    },
  },
  {
    name: 'cooldowns',
    build: (s) =>
      s
        .setDescription('How often the bot may repeat itself')
        .addIntegerOption((o) =>
          o.setName('channel-minutes').setDescription('Same error, same channel (0–1440, default 10)').setMinValue(0).setMaxValue(1440),
        )
        .addIntegerOption((o) =>
          o.setName('member-seconds').setDescription('Replies per member (0–3600, default 60)').setMinValue(0).setMaxValue(3600),
        ),
    change(o) {
      const minutes = o.getInteger('channel-minutes');
      const seconds = o.getInteger('member-seconds');
      if (minutes === null && seconds === null) return { refused: 'Give `channel-minutes`, `member-seconds` or both. Nothing was changed.' };
      return {
        change: (s) => ({
          ...s,
          channelCooldownSeconds: minutes === null ? s.channelCooldownSeconds : minutes * 60,
          userCooldownSeconds: seconds ?? s.userCooldownSeconds,
        }),
      };
    },
  },
  {
    name: 'replies',
    build: (s) =>
      s
        .setDescription('How automatic replies look and behave')
        .addStringOption((o) =>
          o
            .setName('style')
            .setDescription('Compact (message, chain, first steps) or full')
            .addChoices({ name: 'compact', value: 'compact' }, { name: 'full', value: 'full' }),
        )
        .addBooleanOption((o) => o.setName('delete-with-source').setDescription('Delete the reply when its message is deleted')),
    change(o) {
      const style = o.getString('style');
      const deleteWithSource = o.getBoolean('delete-with-source');
      if (style === null && deleteWithSource === null) {
        return { refused: 'Give `style`, `delete-with-source` or both. Nothing was changed.' };
      }
      return {
        change: (s) => ({
          ...s,
          compact: style === null ? s.compact : style === 'compact',
          deleteWithSource: deleteWithSource ?? s.deleteWithSource,
        }),
      };
    },
  },
  toggle('symptom-mode', 'Also answer descriptions without a code, when very sure', 'symptomMode', 'Symptom mode is'),
  toggle('screenshots', 'Read screenshots where automatic replies run', 'screenshots', 'Reading screenshots is'),
];

export function settingsGroup(g: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder {
  g.setName('settings')
    .setDescription('Automatic replies and how the bot answers (Manage Server)')
    .addSubcommand((s) => s.setName('show').setDescription('Show the current settings'));
  for (const sub of SUBCOMMANDS) g.addSubcommand((s) => sub.build(s.setName(sub.name)));
  return g;
}

/** Applies one settings subcommand and answers with the settings as they now are. */
export async function settingsCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  const definition = SUBCOMMANDS.find((s) => s.name === sub);
  const result = definition?.change(interaction.options);
  if (result && 'refused' in result) return respondPrivately(interaction, result.refused);
  const current = result
    ? await changeSettings(ctx, guildId, interaction.user.id, (s) => result.change(withoutOtherServersChannels(s, guildId, interaction.client)))
    : withoutOtherServersChannels(await ctx.guildData.storedSettings(guildId), guildId, interaction.client);
  // Settings that look on would otherwise answer nothing, with no word why.
  const warning = readsMessages(interaction.client) ? undefined : `⚠️ ${MESSAGE_CONTENT_REFUSED}`;
  const content = [result ? (result.said ?? 'Saved.') : undefined, warning].filter(Boolean).join('\n') || undefined;
  await respond(interaction, { content, embeds: [renderSettings(current)], components: [] }, { ephemeral: true });
}
