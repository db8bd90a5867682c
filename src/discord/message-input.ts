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

/**
 * What a message shows when asked about: its text and attachments, or for a forward (which has
 * neither of its own), those of the message it forwards, which Discord sends as its snapshot.
 */
export function shownBy(message: Message): { text: string; attachments: AttachmentInfo[] } {
  const forwarded = message.content || message.attachments.size ? undefined : message.messageSnapshots?.first();
  if (!forwarded) return { text: message.content, attachments: attachmentsOf(message) };
  return { text: forwarded.content ?? '', attachments: [...(forwarded.attachments?.values() ?? [])] };
}

/**
 * How a message can @mention the bot: as a user, or by the role Discord made for it when it joined
 * (offered beside the bot when a member types "@" and its name, and often picked).
 */
function botMentions(message: Message): string[] {
  const id = message.client.user.id;
  const role = message.guild?.members.me?.roles.botRole?.id;
  return [`<@${id}>`, `<@!${id}>`, ...(role ? [`<@&${role}>`] : [])];
}

/** Whether the text really @mentions the bot (not the ping of a reply to one of its messages). */
export function mentionsBot(message: Message): boolean {
  return botMentions(message).some((mention) => message.content.includes(mention));
}

/** The question after "@bot" (in the message's text, or in `text` it shows). */
export function withoutBotMention(message: Message, text = message.content): string {
  return botMentions(message)
    .reduce((rest, mention) => rest.replaceAll(mention, ' '), text)
    .trim();
}
