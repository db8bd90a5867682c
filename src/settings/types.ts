/** One server's choices. Defaults apply until a moderator changes something. */
export interface GuildSettings {
  /** Master switch for automatic replies in this server. */
  autoReplies: boolean;
  /** Channels, categories or forums where auto-replies run; empty means everywhere. */
  allowIds: string[];
  /** Channels, categories or forums where they never run (wins over allow). */
  denyIds: string[];
  /** The same entry is not repeated in a channel within this many seconds. */
  channelCooldownSeconds: number;
  /** A member gets at most one auto-reply per this many seconds. */
  userCooldownSeconds: number;
  /** Short answers (message, chain, first steps) instead of the full entry. */
  compact: boolean;
  /** Also answer symptom descriptions above a high confidence. */
  symptomMode: boolean;
  /** Delete the bot's reply when its source message is deleted. */
  deleteWithSource: boolean;
  /** Read screenshots where auto-replies run. */
  screenshots: boolean;
}

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

export interface SettingsStore {
  get(guildId: string): Promise<GuildSettings>;
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
