import {
  MessageFlags,
  PermissionFlagsBits,
  type InteractionReplyOptions,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { MessagePayload } from '../render/entry.js';
import { embedToMarkdown, MESSAGE_CONTENT_LIMIT } from '../render/text.js';
import { truncate } from '../render/sanitize.js';

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
  const text = [payload.content, ...payload.embeds.map((e) => embedToMarkdown(e))].filter(Boolean).join('\n\n');
  return { content: truncate(text, MESSAGE_CONTENT_LIMIT), embeds: [], components: payload.components };
}

function canEmbed(interaction: RepliableInteraction, ephemeral: boolean): boolean {
  if (ephemeral || !interaction.inGuild()) return true;
  return interaction.appPermissions?.has(PermissionFlagsBits.EmbedLinks) ?? true;
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
  const body = canEmbed(interaction, ephemeral) ? payload : withoutEmbeds(payload);
  const message: InteractionReplyOptions = {
    content: body.content,
    embeds: body.embeds,
    components: body.components,
    allowedMentions: mentionsFor(options.mentionUserIds),
    flags: ephemeral ? MessageFlags.Ephemeral : undefined,
  };
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({ ...message, flags: undefined });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(message);
  } else {
    await interaction.reply(message);
  }
}

/** A short private message to the person who asked (errors, refusals, misses). */
export async function respondPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  await respond(interaction, { content, embeds: [], components: [] }, { ephemeral: true });
}

/**
 * Runs slow work for an interaction, answering within Discord's 3 seconds: a deferral ("thinking…")
 * goes out only when the work takes longer than `afterMs`, so quick answers stay ordinary replies
 * (which, unlike edits of a deferral, notify the members they mention).
 */
export async function withDeferral<T>(
  interaction: RepliableInteraction,
  work: Promise<T>,
  options: { ephemeral: boolean; afterMs?: number },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), options.afterMs ?? 2000);
  });
  const first = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), late]);
  clearTimeout(timer);
  if (first === 'late' && !interaction.deferred && !interaction.replied) {
    await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }
  return work;
}
