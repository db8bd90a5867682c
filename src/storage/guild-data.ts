import { LRUCache } from 'lru-cache';
import type { ExtraPhrase } from '../core/search.js';
import type { Logger } from '../logger.js';
import type { GuildSettings, SettingsStore } from '../settings/types.js';
import type { LookupSource, Storage } from './storage.js';

/** How long a server's settings and phrases are served from memory; other machines' changes show up within it. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_GUILDS = 10_000;

/**
 * Per-server settings and phrases as the hot path needs them: from memory, read through to
 * storage, and dropped on this process's own writes.
 */
export class GuildData implements SettingsStore {
  private readonly settingsCache = new LRUCache<string, GuildSettings>({ max: CACHE_MAX_GUILDS, ttl: CACHE_TTL_MS });
  private readonly phraseCache = new LRUCache<string, readonly ExtraPhrase[]>({ max: CACHE_MAX_GUILDS, ttl: CACHE_TTL_MS });

  constructor(readonly storage: Storage) {}

  async get(guildId: string): Promise<GuildSettings> {
    const cached = this.settingsCache.get(guildId);
    if (cached) return cached;
    const settings = await this.storage.getSettings(guildId);
    this.settingsCache.set(guildId, settings);
    return settings;
  }

  async update(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
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

  forgetPhrases(guildId: string): void {
    this.phraseCache.delete(guildId);
  }
}

/** Stats writes that never delay or break a reply: started after it, failures only logged. */
export class StatsRecorder {
  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  lookup(guildId: string | null, code: string, source: LookupSource): void {
    if (guildId) this.settle(this.storage.recordLookup(guildId, code, source), 'lookup');
  }

  miss(guildId: string | null, query: string): void {
    if (guildId) this.settle(this.storage.recordMiss(guildId, query), 'miss');
  }

  private settle(write: Promise<unknown>, what: string): void {
    write.catch((err: unknown) => this.logger.warn({ err, what }, 'stats write failed'));
  }
}
