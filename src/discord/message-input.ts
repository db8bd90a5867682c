import type { GuildTextBasedChannel, Message, PartialMessage } from 'discord.js';
import type { Post } from '../answers/auto-reply-gate.js';
import type { AttachmentInfo } from '../images/image-check.js';

/** The IDs that scope a channel's settings: itself, its parent, and its parent's parent. */
export function scopeIds(channel: GuildTextBasedChannel): string[] {
  const ids = [channel.id];
  if (channel.parentId) ids.push(channel.parentId);
  const grandparent = channel.parent?.parentId;
  if (grandparent) ids.push(grandparent);
  return ids;
}

export function postOf(message: Message<true>): Post {
  return { guildId: message.guildId, channelId: message.channelId, authorId: message.author.id, scopeIds: scopeIds(message.channel) };
}

/** A message's attachments as the image checks take them. */
export function attachmentsOf(message: Message | PartialMessage): AttachmentInfo[] {
  return [...message.attachments.values()];
}

/** Whether the text really @mentions the bot (not the ping of a reply to one of its messages). */
export function mentionsBot(message: Message): boolean {
  const id = message.client.user.id;
  return message.content.includes(`<@${id}>`) || message.content.includes(`<@!${id}>`);
}

/** The question after "@bot". */
export function withoutBotMention(message: Message): string {
  const id = message.client.user.id;
  return message.content.replaceAll(`<@${id}>`, ' ').replaceAll(`<@!${id}>`, ' ').trim();
}
