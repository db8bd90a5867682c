import { z } from 'zod';

/** One server's choices, as stored: the schema is the one definition, the type is inferred from it. */
export const guildSettingsSchema = z.object({
  /** Master switch for automatic replies in this server. */
  autoReplies: z.boolean(),
  /** Channels, categories or forums where auto-replies run; empty means everywhere. */
  allowIds: z.array(z.string()),
  /** Channels, categories or forums where they never run (wins over allow). */
  denyIds: z.array(z.string()),
  /** The same entry is not repeated in a channel within this many seconds. */
  channelCooldownSeconds: z.number().int().min(0),
  /** A member gets at most one auto-reply per this many seconds. */
  userCooldownSeconds: z.number().int().min(0),
  /** Short answers (message, chain, first steps) instead of the full entry. */
  compact: z.boolean(),
  /** Also answer symptom descriptions above a high confidence. */
  symptomMode: z.boolean(),
  /** Delete the bot's reply when its source message is deleted. */
  deleteWithSource: z.boolean(),
  /** Read screenshots where auto-replies run. */
  screenshots: z.boolean(),
});

export type GuildSettings = z.infer<typeof guildSettingsSchema>;

/** Defaults apply until a moderator changes something. */
export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  autoReplies: false,
  allowIds: [],
  denyIds: [],
  channelCooldownSeconds: 600,
  userCooldownSeconds: 60,
  compact: true,
  symptomMode: false,
  deleteWithSource: true,
  screenshots: true,
});

/** Stored settings over the defaults: fields that are missing or invalid keep their default. */
export function parseStoredSettings(raw: string | undefined, defaults: Readonly<GuildSettings>): GuildSettings {
  const base = { ...defaults, allowIds: [...defaults.allowIds], denyIds: [...defaults.denyIds] };
  if (!raw) return base;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return base;
  }
  const result = guildSettingsSchema.partial().safeParse(parsed);
  return { ...base, ...(result.success ? result.data : {}) };
}

/**
 * Whether auto-replies run in a channel, given the IDs that scope it: the channel itself, its
 * parent (category, or the forum of a post) and the parent's parent (the category of a forum).
 */
export function autoRepliesEnabledIn(settings: GuildSettings, scopeIds: readonly string[]): boolean {
  if (!settings.autoReplies) return false;
  if (scopeIds.some((id) => settings.denyIds.includes(id))) return false;
  return settings.allowIds.length === 0 || scopeIds.some((id) => settings.allowIds.includes(id));
}

/** Defaults for servers that never changed a setting: auto-replies on in AUTO_REPLY_CHANNEL_IDS, if any. */
export function defaultSettings(autoReplyChannelIds: readonly string[]): GuildSettings {
  return { ...DEFAULT_SETTINGS, autoReplies: autoReplyChannelIds.length > 0, allowIds: [...autoReplyChannelIds] };
}
