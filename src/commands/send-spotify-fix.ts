import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  DiscordAPIError,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  userMention,
  type Client,
  type GuildTextBasedChannel,
  type Message,
  type MessageContextMenuCommandInteraction,
  type PermissionsString,
} from 'discord.js';
import { LRUCache } from 'lru-cache';
import { fixReply } from '../answers/present.js';
import type { Ask, Audience, Reply } from '../answers/types.js';
import type { BotContext } from '../discord/context.js';
import { shownBy } from '../discord/message-input.js';
import { canManageMessages, missingToPost, permissionNames } from '../discord/permissions.js';
import type { PostResult } from '../discord/poster.js';
import { mentionsFor, respond, respondPrivately, withDeferral } from '../discord/respond.js';
import { unaddressedLine } from '../render/answer.js';
import { fixId } from '../render/custom-ids.js';
import { defineComponent, type MessageCommand } from './types.js';

export const SEND_FIX_NAME = 'Send Spotify fix';

const data = new ContextMenuCommandBuilder()
  .setName(SEND_FIX_NAME)
  .setType(ApplicationCommandType.Message)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  .toJSON();

const NOT_ALLOWED = 'Sending fixes needs the **Manage Messages** permission.';

const ELSEWHERE = 'That message is not in this server any more.';
const UNSEEN = "I can't see that channel or thread: I need View Channel there (in a private thread, add me to it first).";
const LOCKED = 'That thread is archived and locked, so nothing can be posted in it. Unlock it first to send the fix there.';
const DISCORD_FAILING = 'Discord did not take the fix just now (it is failing or slow). Try again in a moment.';
/** After a pick from the list, which closes whatever happened: trying again means running the command again. */
const DISCORD_FAILING_LIST_CLOSED = 'Discord did not take the fix just now (it is failing or slow). Use **Send Spotify fix** on the message again in a moment.';
const NOTICE = "That is a notice from Discord, not a member's message, and Discord takes no reply to it. Use **Send Spotify fix** on the member's own message.";
const OWN_MESSAGE = "That is one of my own messages. Use **Send Spotify fix** on the member's message.";

const cannotPost = (missing: readonly PermissionsString[]) =>
  `I can't post in that channel (I need ${missing.length ? permissionNames(missing) : 'View Channel, Send Messages and Read Message History'} there).`;

/**
 * The channel a fix for this message would be posted in, or why it cannot be: it must be in the
 * server the helper asked from, and the bot must see it and may post there.
 */
async function channelToPost(client: Client, guildId: string, channelId: string): Promise<GuildTextBasedChannel | string> {
  // An archived thread, or a private one the bot is not in, is not in the cache after a restart.
  let unseen = false;
  let failing = false;
  const channel =
    client.channels.cache.get(channelId) ??
    (await client.channels.fetch(channelId).catch((err: unknown) => {
      unseen = err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.MissingAccess;
      failing = !(err instanceof DiscordAPIError);
      return null;
    }));
  if (!channel && unseen) return UNSEEN;
  if (!channel && failing) return DISCORD_FAILING;
  if (!channel?.isTextBased() || channel.isDMBased() || channel.guildId !== guildId) return ELSEWHERE;
  // Discord refuses any message there (50083), which is no missing permission.
  if (channel.isThread() && channel.archived && channel.locked) return LOCKED;
  // Before the message is looked for: where the bot cannot see, Discord answers "no access", not "no message".
  const missing = missingToPost(channel);
  return missing.length ? cannotPost(missing) : channel;
}

/**
 * Whom a fix is addressed to: the message's author, unless a webhook (a proxy such as PluralKit, a
 * bridge) or a bot posted it, which no mention reaches (a webhook's shows as an unknown user).
 */
function addresseeOf(message: Message): string | undefined {
  return message.webhookId || message.author.bot ? undefined : message.author.id;
}

/** What the helper is told once a fix is posted: to whom, or that nobody was mentioned. */
function sentLine(code: string, addressee: string | undefined, read = ''): string {
  return addressee
    ? `Sent \`${code}\`${read} to ${userMention(addressee)}.`
    : `Sent \`${code}\`${read} as a reply to that message (a bot or a webhook posted it: nobody was mentioned).`;
}

/**
 * Posts a fix as a reply to the member's message; says what went wrong if it may not, else to whom it
 * was addressed. The message must still be there, by the member named.
 */
async function postFix(
  client: Client,
  ctx: BotContext,
  guildId: string,
  target: { channelId: string; messageId: string; authorId: string },
  reply: Reply,
  helperId: string,
): Promise<{ problem: string } | { addressee: string | undefined }> {
  const { channelId, messageId } = target;
  const channel = await channelToPost(client, guildId, channelId);
  if (typeof channel === 'string') return { problem: channel };
  let failing = false;
  const message = await channel.messages.fetch(messageId).catch((err: unknown) => {
    failing = !(err instanceof DiscordAPIError);
    return undefined;
  });
  if (failing) return { problem: DISCORD_FAILING };
  if (!message || message.author.id !== target.authorId) return { problem: ELSEWHERE };
  const addressee = addresseeOf(message);
  const payload = addressee ? reply.payload : { ...reply.payload, content: unaddressedLine(reply.codes[0]!, helperId) };
  // A screenshot of it still being read for an automatic reply, or a help post's first reply: that reply would be a
  // second answer. Marked before the fix is posted: a reply ready while it is on its way waits to know whether Discord
  // took it, and is posted only if it did not.
  const fixPosted = ctx.fixes.sending(messageId);
  let sent: PostResult | undefined;
  try {
    sent = await ctx.poster.reply(channel, messageId, payload, addressee ? reply.mentionUserIds : []);
  } finally {
    fixPosted(sent?.ok === true);
  }
  if (!sent.ok) {
    return { problem: sent.failing ? DISCORD_FAILING : cannotPost(sent.missing) };
  }
  ctx.stats.record(channel.guildId, reply.stats);
  ctx.metrics.answered(reply);
  void ctx.modLog.post({
    kind: 'fix-sent',
    guildId,
    by: helperId,
    forUser: target.authorId,
    code: reply.codes[0] ?? '',
    channelId,
    messageId,
  });
  return { addressee };
}

async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const startedAt = performance.now();
  if (!interaction.inGuild()) return respondPrivately(interaction, 'This works on messages in a server.');
  if (!canManageMessages(interaction.memberPermissions)) return respondPrivately(interaction, NOT_ALLOWED);
  const message = interaction.targetMessage;
  // A system message ("… started a thread: <its name>", a pin, a join) cannot be replied to (50035).
  if (message.system) return respondPrivately(interaction, NOTICE);
  // A fix addressed to the bot itself helps no one.
  if (message.author.id === interaction.client.user.id) return respondPrivately(interaction, OWN_MESSAGE);
  const audience: Audience = {
    askedBy: interaction.user.id,
    target: { channelId: message.channelId, messageId: message.id, authorId: message.author.id, unaddressed: !addresseeOf(message) },
  };
  // A forward has no text of its own: the error is in what it forwards.
  const shown = shownBy(message);
  const ask: Ask = {
    way: 'context',
    text: shown.text,
    images: shown.attachments,
    guildId: interaction.guildId,
    phrases: await ctx.guildData.phrases(interaction.guildId),
  };
  // Where the bot may not post, the helper hears so before picking from a list it could not send.
  const [channel, answer] = await withDeferral(
    interaction,
    Promise.all([channelToPost(interaction.client, interaction.guildId, message.channelId), ctx.answerer.answer(ask)]),
    { ephemeral: true, startedAt },
  );
  if (typeof channel === 'string') return respondPrivately(interaction, channel);
  const reply = ctx.answerer.present(answer, ask, audience)!;
  if (reply.private) {
    ctx.metrics.answered(reply);
    return respond(interaction, reply.payload, { ephemeral: true });
  }
  if (!interaction.deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const posted = await postFix(interaction.client, ctx, interaction.guildId, audience.target!, reply, interaction.user.id);
  const read = answer.source === 'screenshot' ? ' (read from the screenshot)' : '';
  await interaction.editReply('problem' in posted ? posted.problem : sentLine(reply.codes[0]!, posted.addressee, read));
}

const ALREADY_SENT = 'A fix from this list was sent already. Use **Send Spotify fix** again to send another.';

/**
 * Lists already picked from: the list closes only once the fix is posted, so a second choice made
 * meanwhile (a change of mind) would post a second fix and ping the member again.
 */
const pickedLists = new LRUCache<string, true>({ max: 10_000, ttl: 15 * 60_000 });

/** The helper's pick from the list: posted as the reply, the private list closes. */
const pick = defineComponent({
  id: fixId,
  async handle(interaction, ctx, target) {
    if (!interaction.isStringSelectMenu()) return;
    if (!interaction.inGuild()) return respondPrivately(interaction, ELSEWHERE);
    if (!canManageMessages(interaction.memberPermissions)) return respondPrivately(interaction, NOT_ALLOWED);
    const entry = ctx.lookup.byCode(interaction.values[0] ?? '');
    if (!entry) return respondPrivately(interaction, 'That error is no longer in the reference.');
    // Marked before the first await: a second pick handled meanwhile sees it.
    if (pickedLists.has(interaction.message.id)) return respondPrivately(interaction, ALREADY_SENT);
    pickedLists.set(interaction.message.id, true);
    try {
      await interaction.deferUpdate();
    } catch (error) {
      // Discord did not take the pick (acknowledged too late, or failing): nothing was sent, and the list is still there to pick again.
      pickedLists.delete(interaction.message.id);
      throw error;
    }
    const reply = fixReply(entry, { askedBy: interaction.user.id, target }, (e) => ctx.lookup.relatedTo(e));
    const posted = await postFix(interaction.client, ctx, interaction.guildId, target, reply, interaction.user.id);
    const said =
      'problem' in posted ? (posted.problem === DISCORD_FAILING ? DISCORD_FAILING_LIST_CLOSED : posted.problem) : sentLine(entry.code, posted.addressee);
    await interaction.editReply({
      content: said,
      components: [],
      allowedMentions: mentionsFor(),
    });
  },
});

export const sendSpotifyFixCommand: MessageCommand = { kind: 'message', data, execute, components: [pick] };
