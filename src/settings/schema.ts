import { z } from 'zod';

/** A forum the server chose for help: each post is a question the bot answers or greets, then closes. */
export const helpForumSchema = z.object({
  forumId: z.string(),
  /** The forum tag that marks a post solved (one of the forum's available tags). */
  solvedTagId: z.string().optional(),
  /** A post with no new message for this long is closed. */
  idleHours: z.number().int().min(1).max(168),
  /** Greet posts that show no documented error with what helpers need. */
  onboarding: z.boolean(),
  /** Lock as well as archive when a post is solved or closed. */
  lock: z.boolean(),
  /**
   * When the server chose it (Discord's time, ms; unknown for forums chosen before this was kept): a post opened
   * before was not opened while the bot was away, and is followed, not greeted, when the bot catches up.
   */
  chosenAt: z.number().int().optional(),
});

export type HelpForum = z.infer<typeof helpForumSchema>;

export const HELP_FORUM_DEFAULTS = { idleHours: 24, onboarding: true, lock: false } as const;
export const MAX_HELP_FORUMS = 10;

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
  /** Help forums: automatic replies and screenshots in their posts whatever the channel scope says. */
  forums: z.array(helpForumSchema).max(MAX_HELP_FORUMS),
  /** Where the bot posts one line per moderator action and warning; none when unset. */
  logChannelId: z.string().optional(),
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
  forums: [],
});

/** Stored settings over the defaults: fields that are missing or invalid keep their default. */
export function parseStoredSettings(raw: string | undefined, defaults: Readonly<GuildSettings>): GuildSettings {
  const base = { ...defaults, allowIds: [...defaults.allowIds], denyIds: [...defaults.denyIds], forums: [...defaults.forums] };
  if (!raw) return base;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return base;
  }
  const stored = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  // Field by field: one invalid value must not take the server's other settings with it.
  const fields = Object.entries(guildSettingsSchema.shape).flatMap(([key, schema]) => {
    const field = stored[key] === undefined ? undefined : schema.safeParse(stored[key]);
    return field?.success ? [[key, field.data]] : [];
  });
  const settings: GuildSettings = { ...base, ...(Object.fromEntries(fields) as Partial<GuildSettings>) };
  // A channel scope that cannot be read must not widen to every channel (an empty allow list, no deny list): replies stay off.
  const scopeLost = (['allowIds', 'denyIds'] as const).some((key) => stored[key] !== undefined && !fields.some(([k]) => k === key));
  return scopeLost ? { ...settings, autoReplies: false } : settings;
}

/**
 * Whether auto-replies run in a channel, given the IDs that scope it: the channel itself, its
 * parent (category, or the forum of a post) and the parent's parent (the category of a forum).
 */
export function autoRepliesEnabledIn(settings: GuildSettings, scopeIds: readonly string[]): boolean {
  // A help forum's posts always get them (the forum is the post's parent).
  if (helpForumOf(settings, scopeIds)) return true;
  if (!settings.autoReplies) return false;
  if (scopeIds.some((id) => settings.denyIds.includes(id))) return false;
  return settings.allowIds.length === 0 || scopeIds.some((id) => settings.allowIds.includes(id));
}

/** The help forum a channel is a post of (its parent), if any. */
export function helpForumOf(settings: GuildSettings, scopeIds: readonly string[]): HelpForum | undefined {
  const parentId = scopeIds[1];
  return parentId === undefined ? undefined : settings.forums.find((f) => f.forumId === parentId);
}

/** Defaults for servers that never changed a setting: auto-replies on in AUTO_REPLY_CHANNEL_IDS, if any. */
export function defaultSettings(autoReplyChannelIds: readonly string[]): GuildSettings {
  return { ...DEFAULT_SETTINGS, autoReplies: autoReplyChannelIds.length > 0, allowIds: [...autoReplyChannelIds] };
}
