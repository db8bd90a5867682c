import { DiscordAPIError, RESTJSONErrorCodes, type PermissionsString, type User } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import { permissionNames } from './permissions.js';
import { mentionsFor } from './respond.js';

/** A member is told at most this often that the bot could not answer them where they asked. */
const NOTICE_COOLDOWN_MS = 60 * 60_000;

export type NoticeResult = 'told' | 'cooldown' | 'dms-closed' | 'failed';

/** The DM: which channel and what the bot lacks there; never the member's own words. */
export function cannotPostLine(channelId: string, missing: readonly PermissionsString[]): string {
  const need = missing.length ? ` (I need ${permissionNames(missing)})` : '';
  return (
    `I can't answer you in <#${channelId}>: I'm not allowed to post there${need}. ` +
    'Ask a moderator there, or use `/spotify-error` with `private:True`, which answers you privately anywhere.'
  );
}

/**
 * A member who @mentioned the bot where it may not post hears why by DM instead of silence (automatic
 * replies, which nobody asked for, stay silent). At most once an hour per member; a member whose DMs
 * are closed (Discord's 50007) hears nothing, and the bot carries on.
 */
export class CannotPostNotices {
  private readonly told = new LRUCache<string, true>({ max: 10_000, ttl: NOTICE_COOLDOWN_MS });

  constructor(private readonly logger: Logger) {}

  async tell(member: User, channelId: string, missing: readonly PermissionsString[]): Promise<NoticeResult> {
    if (this.told.has(member.id)) return 'cooldown';
    // Reserved before the send: a second mention handled meanwhile waits its hour.
    this.told.set(member.id, true);
    try {
      await member.send({ content: cannotPostLine(channelId, missing), allowedMentions: mentionsFor() });
      return 'told';
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'dms-closed';
      // Discord failing (not refusing): the next mention may be told.
      if (!(error instanceof DiscordAPIError)) this.told.delete(member.id);
      this.logger.warn({ err: error, channel: channelId }, 'could not tell a member by DM that the bot may not post where they asked');
      return 'failed';
    }
  }
}
