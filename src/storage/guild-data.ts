import { LRUCache } from 'lru-cache';
import type { ExtraPhrase } from '../core/search.js';
import type { Logger } from '../logger.js';
import type { GuildSettings } from '../settings/schema.js';
import type { AddPhraseResult, LookupSource, Phrase, Storage } from './storage.js';

/** How long a server's settings and phrases are served from memory; other machines' changes show up within it. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_GUILDS = 10_000;

/**
 * Per-server settings and phrases as the hot path needs them: from memory, read through to
 * storage. Every write goes through here, so this process's own changes show at once.
 */
export class GuildData {
  private readonly settingsCache = new LRUCache<string, GuildSettings>({ max: CACHE_MAX_GUILDS, ttl: CACHE_TTL_MS });
  private readonly phraseCache = new LRUCache<string, readonly ExtraPhrase[]>({ max: CACHE_MAX_GUILDS, ttl: CACHE_TTL_MS });

  constructor(private readonly storage: Storage) {}

  async settings(guildId: string): Promise<GuildSettings> {
    const cached = this.settingsCache.get(guildId);
    if (cached) return cached;
    const settings = await this.storage.getSettings(guildId);
    this.settingsCache.set(guildId, settings);
    return settings;
  }

  async updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    const next = await this.storage.updateSettings(guildId, change);
    this.settingsCache.set(guildId, next);
    return next;
  }

  /** A server's phrases as search and detection take them; none outside servers. */
  async phrases(guildId: string | null): Promise<readonly ExtraPhrase[]> {
    if (!guildId) return [];
    const cached = this.phraseCache.get(guildId);
    if (cached) return cached;
    const phrases = (await this.storage.listPhrases(guildId)).map((p) => ({ phrase: p.phrase, code: p.code }));
    this.phraseCache.set(guildId, phrases);
    return phrases;
  }

  /** The phrases with who added them and when, for the moderators' list. */
  listPhrases(guildId: string): Promise<Phrase[]> {
    return this.storage.listPhrases(guildId);
  }

  async addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult> {
    const result = await this.storage.addPhrase(guildId, phrase, code, createdBy);
    this.phraseCache.delete(guildId);
    return result;
  }

  async removePhrase(guildId: string, phrase: string): Promise<boolean> {
    const removed = await this.storage.removePhrase(guildId, phrase);
    this.phraseCache.delete(guildId);
    return removed;
  }
}

/** What an answer counts in the server's stats. */
export type StatsEvent = { kind: 'lookup'; code: string; source: LookupSource } | { kind: 'miss'; query: string };

/**
 * Stats writes that never delay or break a reply: started after it, failures only logged. Writes
 * in flight are tracked, so reading the stats (and shutting down) can wait for them.
 */
export class StatsRecorder {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  record(guildId: string | null, events: readonly StatsEvent[]): void {
    if (!guildId) return;
    for (const event of events) {
      if (event.kind === 'lookup') this.track(this.storage.recordLookup(guildId, event.code, event.source), event.kind);
      else this.track(this.storage.recordMiss(guildId, event.query), event.kind);
    }
  }

  /** Resolves once every write started so far has finished (or failed). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private track(write: Promise<unknown>, what: string): void {
    const tracked = write
      .then(() => this.logger.debug({ what }, 'stats written'))
      .catch((err: unknown) => this.logger.warn({ err, what }, 'stats write failed'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
