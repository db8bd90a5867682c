import { DiscordAPIError, type Client } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import { modLogLine, type ModLogEvent } from '../render/mod-log.js';
import type { GuildData } from '../storage/guild-data.js';
import type { StorageStatus } from '../storage/status.js';
import { missingToPost, permissionNames } from './permissions.js';
import { mentionsFor } from './respond.js';

const HOUR = 60 * 60_000;
/**
 * How long the database must stay unavailable before every server's log is told: one slow read
 * starts an outage, and one that ends within this is a blip for the process log, not moderators.
 */
export const OUTAGE_NOTICE_AFTER_MS = 60_000;
/** Or when this many outages, however short, start within the window. */
export const FLAPPING_OUTAGES = 3;
const FLAPPING_WINDOW_MS = 10 * 60_000;

/**
 * The moderators' log: one line per moderator action, forum event and warning, in the channel a
 * server picked. It never pings anyone; a warning is posted at most once an hour per cause; a log
 * channel the bot may not post in costs one process-log warning and breaks nothing else.
 */
export class ModLog {
  private client?: Client;
  private readonly recentWarnings = new LRUCache<string, true>({ max: 10_000, ttl: HOUR });
  private readonly unpostable = new LRUCache<string, true>({ max: 1000, ttl: HOUR });
  private outageTimer?: NodeJS.Timeout;
  private outageStarts: number[] = [];

  constructor(
    private readonly guildData: GuildData,
    private readonly logger: Logger,
  ) {}

  attach(client: Client): void {
    this.client = client;
  }

  /**
   * Posts `text` to every server's log when an outage of `status` lasts `afterMs`, or when outages keep
   * starting (FLAPPING_OUTAGES in ten minutes); none for one blip. The log's own limit (once an hour) holds.
   */
  noticeOutages(status: Pick<StorageStatus, 'available' | 'onChange'>, text: string, afterMs = OUTAGE_NOTICE_AFTER_MS): void {
    const tell = () => {
      for (const guildId of this.guildIds()) void this.post({ kind: 'warning', guildId, cause: 'storage', text });
    };
    status.onChange((available) => {
      clearTimeout(this.outageTimer);
      if (available) return;
      // A database that keeps dropping out, each time briefly, is as much the moderators' concern as a long outage.
      // Monotonic: starts stamped before the wall clock was set back would all count as within the window.
      const now = performance.now();
      this.outageStarts = [...this.outageStarts.filter((at) => now - at < FLAPPING_WINDOW_MS), now];
      if (this.outageStarts.length >= FLAPPING_OUTAGES) return tell();
      this.outageTimer = setTimeout(() => {
        if (!status.available) tell();
      }, afterMs);
      this.outageTimer.unref();
    });
  }

  /** No outage notice after this (shutdown). */
  stop(): void {
    clearTimeout(this.outageTimer);
  }

  /** The servers this process serves (warnings about the whole bot go to each of their logs). */
  guildIds(): string[] {
    return [...(this.client?.guilds.cache.keys() ?? [])];
  }

  /** Posts the event's line; never throws, never waits on anything but the send. */
  async post(event: ModLogEvent): Promise<void> {
    const warningKey = event.kind === 'warning' ? `${event.guildId}:${event.cause}` : undefined;
    try {
      if (warningKey) {
        if (this.recentWarnings.has(warningKey)) return;
        // Reserved before the settings are read, so that the same warning arriving meanwhile waits its hour.
        this.recentWarnings.set(warningKey, true);
      }
      const { logChannelId } = await this.guildData.settings(event.guildId);
      // No log to post in: the warning is not held back from the log a moderator sets next.
      if (warningKey && !logChannelId) this.recentWarnings.delete(warningKey);
      // The log turned off or moved says so where it was too: it does not just fall silent there.
      const former = event.kind === 'settings' ? event.formerLogChannelId : undefined;
      for (const channelId of new Set([logChannelId, former])) if (channelId) await this.postIn(channelId, event);
    } catch (err) {
      // Not posted because Discord failed (a 5xx, a lost connection): the next one may be. One Discord refused would be refused again.
      if (warningKey && !(err instanceof DiscordAPIError)) this.recentWarnings.delete(warningKey);
      this.logger.warn({ err, guild: event.guildId }, 'could not post to the moderators\' log');
    }
  }

  private async postIn(channelId: string, event: ModLogEvent): Promise<void> {
    const channel = this.client?.channels.cache.get(channelId);
    if (!channel?.isTextBased() || channel.isDMBased() || channel.guildId !== event.guildId) return;
    const missing = missingToPost(channel, { reply: false });
    if (missing.length) {
      if (!this.unpostable.has(channel.id)) {
        this.unpostable.set(channel.id, true);
        this.logger.warn({ guild: event.guildId, channel: channel.id, missing: permissionNames(missing) }, 'cannot post in the moderators\' log channel');
      }
      return;
    }
    await channel.send({ content: modLogLine(event), allowedMentions: mentionsFor() });
  }
}
