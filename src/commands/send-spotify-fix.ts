import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  userMention,
  type Client,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { ErrorEntry } from '../data/index.js';
import type { BotContext } from '../discord/context.js';
import { mentionsFor, respond, respondPrivately, withDeferral, withoutEmbeds } from '../discord/respond.js';
import { detectInScreenshots, ScreenshotReader } from '../images/screenshot-reader.js';
import { CUSTOM_ID, encodeId } from '../render/custom-ids.js';
import { entrySelectRow, renderEntry } from '../render/entry.js';
import type { ComponentHandler, MessageCommand } from './types.js';

export const SEND_FIX_NAME = 'Send Spotify fix';

const data = new ContextMenuCommandBuilder()
  .setName(SEND_FIX_NAME)
  .setType(ApplicationCommandType.Message)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .toJSON();

const NOT_ALLOWED = 'Sending fixes needs the **Manage Messages** permission.';

interface Target {
  channelId: string;
  messageId: string;
  authorId: string;
}

/**
 * Posts the entry as a real reply to the member's message, mentioning only its author and saying
 * which helper sent it. Returns false when the bot may not post in that channel.
 */
async function postFix(client: Client, ctx: BotContext, target: Target, entry: ErrorEntry, helperId: string): Promise<boolean> {
  const channel = client.channels.cache.get(target.channelId);
  if (!channel?.isTextBased() || channel.isDMBased() || !('send' in channel)) return false;
  const permissions = channel.permissionsFor(client.user!);
  const send = channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  if (!permissions?.has([PermissionFlagsBits.ViewChannel, send, PermissionFlagsBits.ReadMessageHistory])) return false;
  const payload = renderEntry(entry, { related: ctx.lookup.relatedTo(entry) });
  payload.content = `${userMention(target.authorId)}, here is the fix for \`${entry.code}\` (sent by ${userMention(helperId)}).`;
  const body = permissions.has(PermissionFlagsBits.EmbedLinks) ? payload : withoutEmbeds(payload);
  await channel.send({
    ...body,
    reply: { messageReference: target.messageId, failIfNotExists: false },
    allowedMentions: mentionsFor([target.authorId]),
  });
  ctx.stats.lookup(channel.guildId, entry.code, 'context');
  return true;
}

const CANNOT_POST = "I can't post in that channel (I need View Channel, Send Messages and Read Message History there).";

async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) return respondPrivately(interaction, 'This works on messages in a server.');
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages)) return respondPrivately(interaction, NOT_ALLOWED);
  const message = interaction.targetMessage;
  const target: Target = { channelId: message.channelId, messageId: message.id, authorId: message.author.id };
  const phrases = await ctx.guildData.phrases(interaction.guildId);
  let detection = ctx.lookup.detector.detect(message.content, { phrases });
  let searchText = message.content;
  let fromScreenshot = false;
  if (!detection.matches.length && !detection.ambiguous && ctx.screenshots && ScreenshotReader.hasReadable(message.attachments.values())) {
    const readings = await withDeferral(interaction, ctx.screenshots.readAll(message.attachments.values()), { ephemeral: true });
    ({ detection } = detectInScreenshots(ctx.lookup.detector, readings, { phrases }));
    fromScreenshot = detection.matches.length > 0 || detection.ambiguous !== undefined;
    searchText = [message.content, ...readings.map((r) => r.text)].join('\n');
  }
  const [only, ...others] = detection.matches;
  if (only && others.length === 0) {
    if (!interaction.deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const sent = await postFix(interaction.client, ctx, target, only.entry, interaction.user.id);
    const read = fromScreenshot ? ' (read from the screenshot)' : '';
    await interaction.editReply(sent ? `Sent \`${only.entry.code}\`${read} to ${userMention(target.authorId)}.` : CANNOT_POST);
    return;
  }
  const candidates = candidatesFor(ctx, searchText, detection.matches.map((m) => m.entry), detection.ambiguous?.candidates, phrases);
  const customId = encodeId(CUSTOM_ID.fix, target.channelId, target.messageId, target.authorId);
  const where = fromScreenshot ? 'The screenshot' : 'This message';
  const why =
    detection.matches.length > 1
      ? `${where} shows several errors.`
      : detection.ambiguous
        ? `Several errors show the message in ${fromScreenshot ? 'the screenshot' : 'this message'}.`
        : 'I could not tell which error this is.';
  await respond(
    interaction,
    { content: `${why} Pick the fix to send to ${userMention(target.authorId)}:`, embeds: [], components: [entrySelectRow(customId, 'Choose an error…', candidates)] },
    { ephemeral: true },
  );
}

/** What to offer when the message is not one clear error: its codes, its message's entries, then search, then popular errors. */
function candidatesFor(
  ctx: BotContext,
  text: string,
  detected: ErrorEntry[],
  shared: readonly ErrorEntry[] | undefined,
  phrases: Parameters<BotContext['lookup']['search']>[1],
): ErrorEntry[] {
  const picked = new Set<ErrorEntry>([...detected, ...(shared ?? [])]);
  for (const r of ctx.lookup.search(text, phrases, 25)) picked.add(r.entry);
  for (const choice of ctx.lookup.autocomplete('')) {
    const entry = ctx.lookup.byCode(choice.value);
    if (entry) picked.add(entry);
  }
  return [...picked].slice(0, 25);
}

/** The helper's pick from the list: posted as the reply, the private list closes. */
const pick: ComponentHandler = {
  prefix: CUSTOM_ID.fix,
  async handle(interaction, ctx, [channelId = '', messageId = '', authorId = '']) {
    if (!interaction.isStringSelectMenu()) return;
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return respondPrivately(interaction, NOT_ALLOWED);
    const entry = ctx.lookup.byCode(interaction.values[0] ?? '');
    if (!entry) return respondPrivately(interaction, 'That error is no longer in the reference.');
    await interaction.deferUpdate();
    const sent = await postFix(interaction.client, ctx, { channelId, messageId, authorId }, entry, interaction.user.id);
    await interaction.editReply({
      content: sent ? `Sent \`${entry.code}\` to ${userMention(authorId)}.` : CANNOT_POST,
      components: [],
      allowedMentions: mentionsFor(),
    });
  },
};

export const sendSpotifyFixCommand: MessageCommand = { kind: 'message', data, execute, components: [pick] };
