import {
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { MessagePayload } from '../render/entry.js';
import { embedsToMarkdown, MESSAGE_CONTENT_LIMIT } from '../render/text.js';

export interface ReplyOptions {
  ephemeral?: boolean;
  /** The only users the message may ping. */
  mentionUserIds?: readonly string[];
}

/** Nobody is pinged unless named here; never roles, @everyone or the replied-to author. */
export function mentionsFor(userIds: readonly string[] = []): MessageMentionOptions {
  return { parse: [], users: [...userIds], roles: [], repliedUser: false };
}

/** Where the bot may send but not embed, the embeds become markdown text. */
export function withoutEmbeds(payload: MessagePayload): MessagePayload {
  return { content: embedsToMarkdown(payload.content, payload.embeds, MESSAGE_CONTENT_LIMIT), embeds: [], components: payload.components };
}

function canEmbed(interaction: RepliableInteraction, ephemeral: boolean): boolean {
  if (ephemeral || !interaction.inGuild()) return true;
  return interaction.appPermissions?.has(PermissionFlagsBits.EmbedLinks) ?? true;
}

/** The payload as the interaction's channel may show it: text instead of embeds where the bot may not embed. */
export function shownAs(interaction: RepliableInteraction, payload: MessagePayload, ephemeral = false): MessagePayload {
  return canEmbed(interaction, ephemeral) ? payload : withoutEmbeds(payload);
}

/**
 * The one way the bot answers an interaction: allowed mentions, ephemeral flag, the no-embed
 * fallback, and reply / follow-up depending on what was already sent.
 */
export async function respond(
  interaction: RepliableInteraction,
  payload: MessagePayload,
  options: ReplyOptions = {},
): Promise<void> {
  const ephemeral = options.ephemeral ?? false;
  const body = shownAs(interaction, payload, ephemeral);
  const message: InteractionReplyOptions = {
    content: body.content,
    embeds: body.embeds,
    components: body.components,
    allowedMentions: mentionsFor(options.mentionUserIds),
    flags: ephemeral ? MessageFlags.Ephemeral : undefined,
  };
  if (interaction.deferred && !interaction.replied) {
    // A component's deferred update (no visibility of its own): its message is not the answer's to take.
    if ((interaction.ephemeral ?? null) === null) return void (await interaction.followUp(message));
    // An edit notifies no one it mentions: an answer for a member goes beside the deferral, as a new message.
    const mentions = options.mentionUserIds?.length ?? 0;
    if (interaction.ephemeral === ephemeral && !mentions) return void (await interaction.editReply({ ...message, flags: undefined }));
    await answerBesideDeferral(interaction, message, ephemeral);
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(message);
  } else {
    await interaction.reply(message);
  }
}

/** What the "thinking…" message of a deferral says when the answer could not be an edit of it. */
export const ANSWERED_PRIVATELY = 'Answered privately.';
export const POSTED_BELOW = 'Posted below.';

/**
 * A deferral's visibility is fixed when it is sent, and Discord makes the first follow-up after a
 * deferral an edit of it that keeps that visibility: a private answer to a public deferral would be
 * shown to everyone (and an edit pings no one). So the deferral is edited to a neutral line first,
 * the answer follows with its own visibility, and the line is removed.
 */
async function answerBesideDeferral(interaction: RepliableInteraction, message: InteractionReplyOptions, ephemeral: boolean): Promise<void> {
  await interaction.editReply({ content: ephemeral ? ANSWERED_PRIVATELY : POSTED_BELOW, embeds: [], components: [], allowedMentions: mentionsFor() });
  try {
    await interaction.followUp(message);
  } finally {
    // Gone even when the answer failed: it would say something that did not happen.
    await interaction.deleteReply().catch(() => undefined);
  }
}

/**
 * Why Discord refused for good to change a message of the bot's (an interaction's update, a delete), if it
 * did: its thread is archived, or the bot lost access or permission there. Trying again would not help.
 */
export function refusedForGood(error: unknown): 'archived' | 'no-access' | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.code === RESTJSONErrorCodes.InvalidActionOnArchivedThread) return 'archived';
  if (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions) return 'no-access';
  return undefined;
}

/** A short private message to the person who asked (errors, refusals, misses). */
export async function respondPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  await respond(interaction, { content, embeds: [], components: [] }, { ephemeral: true });
}

/**
 * Runs slow work for an interaction, answering within Discord's 3 seconds: a deferral ("thinking…")
 * goes out only when the work is not done `afterMs` after `startedAt` (when the command began: what
 * it awaited before this counts too), so quick answers stay ordinary replies (which, unlike edits of
 * a deferral, notify the members they mention). `startedAt` is a `performance.now()`: the wall clock
 * set back meanwhile (NTP) would put the deferral past Discord's 3 seconds.
 */
export async function withDeferral<T>(
  interaction: RepliableInteraction,
  work: Promise<T>,
  options: {
    ephemeral: boolean;
    afterMs?: number;
    startedAt?: number;
    /** A component's deferred update instead (nothing shown; its message stays as it is), for work that usually needs none. */
    update?: boolean;
  },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const spent = options.startedAt === undefined ? 0 : Math.max(0, performance.now() - options.startedAt);
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, (options.afterMs ?? 2000) - spent));
  });
  const first = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), late]);
  clearTimeout(timer);
  if (first === 'late' && !interaction.deferred && !interaction.replied) {
    if (options.update && interaction.isMessageComponent()) await interaction.deferUpdate();
    else await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }
  return work;
}
