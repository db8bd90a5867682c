/** The stand-in's records as Discord sends them (REST answers and gateway payloads). */
import { CHANNEL, isThread, type Channel, type Guild, type Message, type ThreadJson } from './types.js';

/** A message as sent: the stand-in's bookkeeping left out. */
export function messageJson(message: Message): Omit<Message, 'allowed_mentions'> {
  const { allowed_mentions: _ignored, ...json } = message;
  return json;
}

/** A channel as Discord sends it; threads in their own shape (`threadJson`). */
export function channelJson(channel: Channel): Record<string, unknown> {
  if (isThread(channel)) return { ...threadJson(channel) };
  const { available_tags, ...rest } = channel;
  if (channel.type !== CHANNEL.Forum) return { ...rest };
  return {
    ...rest,
    available_tags: (available_tags ?? []).map((t) => ({ ...t })),
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: 0,
    default_thread_rate_limit_per_user: 0,
    rate_limit_per_user: 0,
    topic: null,
    nsfw: false,
    flags: 0,
    last_message_id: null,
  };
}

export function threadJson(thread: Channel): ThreadJson {
  return {
    id: thread.id,
    type: thread.type,
    guild_id: thread.guild_id,
    parent_id: thread.parent_id!,
    owner_id: thread.owner_id!,
    name: thread.name,
    last_message_id: thread.last_message_id ?? null,
    rate_limit_per_user: 0,
    flags: 0,
    message_count: thread.message_count ?? 0,
    member_count: thread.member_count ?? 1,
    total_message_sent: thread.total_message_sent ?? 0,
    thread_metadata: { ...thread.thread_metadata! },
    ...(thread.applied_tags ? { applied_tags: [...thread.applied_tags] } : {}),
  };
}

export function memberJson(guild: Guild, userId: string, withUser: boolean) {
  const member = guild.members.get(userId)!;
  return {
    ...(withUser ? { user: member.user } : {}),
    roles: member.roles,
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
  };
}

/** GUILD_CREATE's guild (its threads those the bot can see), and GET /guilds/:id. */
export function guildJson(guild: Guild, botId: string, botCanSee: (channel: Channel) => boolean = () => true) {
  const channels = [...guild.channels.values()];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    roles: [...guild.roles.values()].map((r, i) => ({
      id: r.id,
      name: r.name,
      permissions: r.permissions.toString(),
      position: i,
      color: 0,
      hoist: false,
      managed: r.botId !== undefined,
      mentionable: false,
      flags: 0,
      ...(r.botId ? { tags: { bot_id: r.botId } } : {}),
    })),
    channels: channels.filter((c) => !isThread(c)).map((c) => channelJson(c)),
    // Only active threads the bot can see, as Discord sends them.
    threads: channels.filter((c) => isThread(c) && !c.thread_metadata?.archived && botCanSee(c)).map((c) => threadJson(c)),
    members: [memberJson(guild, botId, true)],
    member_count: guild.members.size,
    unavailable: false,
    large: false,
    features: [],
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    preferred_locale: 'en-US',
    premium_tier: 0,
    system_channel_flags: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    afk_timeout: 300,
    afk_channel_id: null,
    system_channel_id: null,
    rules_channel_id: null,
    public_updates_channel_id: null,
    application_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    splash: null,
    discovery_splash: null,
    premium_subscription_count: 0,
    max_video_channel_users: 25,
    nsfw: false,
  };
}
