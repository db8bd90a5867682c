import { userMention } from '@discordjs/formatters';
import {
  ApplicationIntegrationType,
  DiscordAPIError,
  GuildMember,
  InteractionContextType,
  PermissionFlagsBits,
  PermissionsBitField,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { LRUCache } from 'lru-cache';
import { entryReply } from '../answers/present.js';
import type { Ask, Reply } from '../answers/types.js';
import type { ErrorEntry } from '../data/index.js';
import type { BotContext } from '../discord/context.js';
import { respond, respondPrivately, withDeferral } from '../discord/respond.js';
import { attachmentRefusal } from '../images/image-check.js';
import { NOTHING_ASKED } from '../render/answer.js';
import { pickId, viewId } from '../render/custom-ids.js';
import { renderEntry } from '../render/entry.js';
import { defineComponent, type ComponentInteraction, type SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('spotify-error')
  .setDescription('Explain a Spotify desktop error by its code or what it says')
  .addStringOption((o) =>
    o
      .setName('query')
      .setDescription('An error code (auth:3, accounts:103, 429) or what Spotify shows')
      .setAutocomplete(true)
      .setMaxLength(4000),
  )
  .addAttachmentOption((o) =>
    o.setName('screenshot').setDescription('A screenshot of the Spotify error (PNG, JPEG or WebP, up to 8 MB)'),
  )
  .addUserOption((o) => o.setName('user').setDescription('The member this answer is for (they will be mentioned)'))
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .toJSON();

const SCREENSHOTS_OFF = 'Reading screenshots is turned off on this bot. Type the code or the message in `query` instead.';

/**
 * Whether the member named in `user` can read the channel asked in (a mention there would never
 * reach them); undefined where the bot cannot tell (a DM, a channel it does not have, a thread whose parent it does not have).
 */
export function targetCanRead(interaction: ChatInputCommandInteraction): boolean | undefined {
  if (!interaction.inGuild()) return undefined;
  const member = interaction.options.getMember('user');
  // Not a member of this server.
  if (!member) return false;
  // A server the bot is not in (installed by the user): Discord sends the member's permissions here.
  if (!(member instanceof GuildMember)) return new PermissionsBitField(BigInt(member.permissions)).has(PermissionFlagsBits.ViewChannel);
  const channel = interaction.channel;
  if (!channel || channel.isDMBased()) return undefined;
  // A thread whose parent is not cached has no permissions to tell.
  return (channel.permissionsFor(member) as Readonly<PermissionsBitField> | null)?.has(PermissionFlagsBits.ViewChannel);
}

const cannotSee = (userId: string) =>
  `${userMention(userId)} cannot see this channel, so the answer would never reach them. Ask in a channel they can read, or leave out \`user\`.`;

/** Sends a reply to the interaction and counts its stats. */
export async function sendReply(interaction: ChatInputCommandInteraction | ComponentInteraction, ctx: BotContext, reply: Reply) {
  await respond(interaction, reply.payload, { ephemeral: reply.private, mentionUserIds: reply.mentionUserIds });
  ctx.stats.record(interaction.guildId, reply.stats);
  ctx.metrics.answered(reply);
}

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const startedAt = performance.now();
  const query = interaction.options.getString('query')?.trim() ?? '';
  const screenshot = interaction.options.getAttachment('screenshot');
  const target = interaction.options.getUser('user');
  const isPrivate = interaction.options.getBoolean('private') ?? false;
  if (!query && !screenshot) return respondPrivately(interaction, NOTHING_ASKED);
  if (target && !target.bot && !isPrivate && targetCanRead(interaction) === false) return respondPrivately(interaction, cannotSee(target.id));
  if (screenshot && !ctx.answerer.readsImages && !query) return respondPrivately(interaction, SCREENSHOTS_OFF);
  const refusal = screenshot && ctx.answerer.readsImages ? attachmentRefusal(screenshot) : undefined;
  // A file it does not read beside a query is left aside, as with screenshots off: the query is still answered.
  if (refusal && !query) {
    return respondPrivately(interaction, `I can read PNG, JPEG and WebP screenshots up to 8 MB and 4096 × 4096 pixels; this file is ${refusal}.`);
  }
  const ask: Ask = {
    way: 'slash',
    text: query,
    images: screenshot && ctx.answerer.readsImages && !refusal ? [screenshot] : [],
    guildId: interaction.guildId,
    phrases: await ctx.guildData.phrases(interaction.guildId),
  };
  // Reading an image can take seconds: Discord gets a deferral if the answer is not ready in two.
  const answering = ctx.answerer.answer(ask);
  const answer = ask.images.length ? await withDeferral(interaction, answering, { ephemeral: isPrivate, startedAt }) : await answering;
  ctx.logger.debug({ command: 'spotify-error', answer: answer.kind, source: answer.source }, 'lookup');
  const audience = { askedBy: interaction.user.id, private: isPrivate, ...(target && !target.bot ? { forUserId: target.id } : {}) };
  await sendReply(interaction, ctx, ctx.answerer.present(answer, ask, audience)!);
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'query') return interaction.respond([]);
  await interaction.respond(ctx.lookup.autocomplete(String(focused.value), await ctx.guildData.phrases(interaction.guildId)));
}

function selectedEntry(interaction: ComponentInteraction, ctx: BotContext): ErrorEntry | undefined {
  if (!interaction.isStringSelectMenu()) return undefined;
  const code = interaction.values[0];
  return code === undefined ? undefined : ctx.lookup.byCode(code);
}

const GONE = 'That error is no longer in the reference. Try `/spotify-error` again.';
const ALREADY_PICKED = 'An error from this menu was posted already. Run `/spotify-error` again for another.';
const ALREADY_SHOWN = 'An error from this menu was shown to you already. Run `/spotify-error` again for another.';

/**
 * "Did you mean" menus already picked from: a second choice sent before the first one's update
 * reached the member (a quick change of mind) posts nothing more. Menus live as long as their tokens.
 */
const pickedMenus = new LRUCache<string, true>({ max: 10_000, ttl: 15 * 60_000 });

/** "Did you mean" choice: the private picker closes and the entry is posted as asked. */
const pick = defineComponent({
  id: pickId,
  async handle(interaction, ctx, state) {
    const entry = selectedEntry(interaction, ctx);
    if (!entry) return respondPrivately(interaction, GONE);
    // Marked before the first await: a second pick handled meanwhile sees it.
    if (pickedMenus.has(interaction.message.id)) return respondPrivately(interaction, state.private ? ALREADY_SHOWN : ALREADY_PICKED);
    pickedMenus.set(interaction.message.id, true);
    try {
      // Asked privately, the entry follows only for them: "posted" would say everyone sees it.
      const done = state.private ? `Here is \`${entry.code}\`, shown only to you.` : `Posted \`${entry.code}\`.`;
      await interaction.update({ content: done, components: [] });
    } catch (error) {
      // Discord did not take the pick (acknowledged too late, or failing): the menu is still there, unchanged, to pick again.
      pickedMenus.delete(interaction.message.id);
      throw error;
    }
    const audience = { askedBy: interaction.user.id, private: state.private, ...(state.targetId ? { forUserId: state.targetId } : {}) };
    await sendReply(interaction, ctx, entryReply(entry, audience, (e) => ctx.lookup.relatedTo(e), 'slash'));
  },
});

/**
 * Opening an entry from a related, group, browse or closest-errors select: shown only to whoever picked it.
 * Discord leaves a select on the option picked, and picking that option again sends nothing: an update that
 * changes nothing puts it back to its placeholder first, so the same entry can be opened again.
 */
const view = defineComponent({
  id: viewId,
  async handle(interaction, ctx) {
    // Where Discord refuses even that (its message in an archived thread), the entry is still shown, as a reply.
    await interaction.update({}).catch((error: unknown) => {
      if (!(error instanceof DiscordAPIError)) throw error;
    });
    const entry = selectedEntry(interaction, ctx);
    if (!entry) return respondPrivately(interaction, GONE);
    await respond(interaction, renderEntry(entry, { related: ctx.lookup.relatedTo(entry) }), { ephemeral: true });
  },
});

export const spotifyErrorCommand: SlashCommand = {
  kind: 'slash',
  data,
  execute,
  autocomplete,
  components: [pick, view],
};
