import {
  GatewayIntentBits,
  PermissionFlagsBits,
  PermissionsBitField,
  type Client,
  type GuildTextBasedChannel,
  type PermissionResolvable,
  type PermissionsString,
} from 'discord.js';

/**
 * What the bot needs to post in a channel: to see it, send (in threads: send in threads) and, for a
 * reply, read the history (Discord refuses a reply without it, 160002; a plain message needs it not).
 */
export function postingPermissions(channel: { isThread(): boolean; locked?: boolean | null }, options: { reply?: boolean } = {}): PermissionResolvable[] {
  return [
    PermissionFlagsBits.ViewChannel,
    channel.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    // A locked thread takes messages only from those who may manage threads (160005 "Thread is locked").
    ...(channel.isThread() && channel.locked ? [PermissionFlagsBits.ManageThreads] : []),
    ...(options.reply === false ? [] : [PermissionFlagsBits.ReadMessageHistory]),
  ];
}

/** The permissions the bot lacks to post in a channel (a reply unless `reply: false`), by name; empty when it may post. */
export function missingToPost(channel: GuildTextBasedChannel, options: { reply?: boolean } = {}): PermissionsString[] {
  const permissions = channel.permissionsFor(channel.client.user);
  const needed = postingPermissions(channel, options);
  return permissions ? permissions.missing(needed) : new PermissionsBitField(needed).toArray();
}

/** Whether the bot may embed in a channel; without Embed Links it answers in plain text. */
export function canEmbed(channel: GuildTextBasedChannel): boolean {
  return channel.permissionsFor(channel.client.user)?.has(PermissionFlagsBits.EmbedLinks) ?? false;
}

/** Whether a member (by their permissions in the channel) may manage messages: moderators and helpers. */
export function canManageMessages(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  return permissions?.has(PermissionFlagsBits.ManageMessages) ?? false;
}

/** "View Channel, Send Messages in Threads" from permission names, as Discord's settings spell them, for log lines and refusals. */
export function permissionNames(names: readonly PermissionsString[]): string {
  return names.map((n) => n.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ In /g, ' in ')).join(', ');
}

/** Whether the bot still answers a help forum's posts lacking these there: Manage Threads alone only keeps it from closing them. */
export function answersForumWithout(missing: readonly PermissionsString[]): boolean {
  return missing.every((p) => p === 'ManageThreads');
}

/** Whether the bot runs with the Message Content intent: without it, members' messages reach it without their text. */
export function readsMessages(client: Client): boolean {
  return client.options.intents.has(GatewayIntentBits.MessageContent);
}
