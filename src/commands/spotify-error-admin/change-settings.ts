import type { BotContext } from '../../discord/context.js';
import { settingsChanges } from '../../render/admin.js';
import type { GuildSettings } from '../../settings/schema.js';

/** Applies a moderator's change and records what changed in the moderators' log; returns the settings now. */
export async function changeSettings(
  ctx: BotContext,
  guildId: string,
  by: string,
  change: (current: GuildSettings) => GuildSettings,
): Promise<GuildSettings> {
  let before: GuildSettings | undefined;
  const after = await ctx.guildData.updateSettings(guildId, (current) => {
    before = current;
    return change(current);
  });
  const changes = before ? settingsChanges(before, after) : [];
  const formerLogChannelId = before?.logChannelId !== after.logChannelId ? before?.logChannelId : undefined;
  if (changes.length) void ctx.modLog.post({ kind: 'settings', guildId, by, changes, ...(formerLogChannelId ? { formerLogChannelId } : {}) });
  return after;
}
