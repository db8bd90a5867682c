import { LRUCache } from 'lru-cache';
import pino from 'pino';
import type { ExtraPhrase } from '../core/search.js';
import type { Logger } from '../logger.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../settings/schema.js';
import { errorText, StorageTimeoutError } from './errors.js';
import { StorageStatus } from './status.js';
import {
  normalizeMissQuery,
  statsDay,
  type AddPhraseResult,
  type LookupSource,
  type Phrase,
  type StatsBatch,
  type Storage,
  type VoteResult,
} from './storage.js';

/** How long a server's settings and phrases are served from memory; other machines' changes show up within it. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_GUILDS = 10_000;
/** Answers wait at most this long for the database; then they use what is known (and it fills in later). */
export const READ_TIMEOUT_MS = 400;

export interface GuildDataOptions {
  /** Shared with the storage: while it reports an outage, reads do not wait for the database. */
  status?: StorageStatus;
  /** Settings of a server nothing is known about while the database is unavailable. */
  defaults?: GuildSettings;
  readTimeoutMs?: number;
  now?: () => number;
}

interface Known<T> {
  value: T;
  at: number;
}

/**
 * Per-server settings and phrases as the hot path needs them: from memory, read through to
 * storage. Every write goes through here, so this process's own changes show at once.
 *
 * When the database fails or is slow, reads never hold up an answer: after READ_TIMEOUT_MS (or at
 * once during an outage) they return the last settings and phrases known for the server (the
 * defaults and none when nothing is known), and a late answer still fills the cache. Writes and the
 * moderators' list reject with StorageUnavailableError, for a polite answer.
 */
export class GuildData {
  private readonly settingsKnown = new LRUCache<string, Known<GuildSettings>>({ max: CACHE_MAX_GUILDS });
  private readonly phrasesKnown = new LRUCache<string, Known<readonly ExtraPhrase[]>>({ max: CACHE_MAX_GUILDS });
  /**
   * Per server's settings and phrases (`settings:<id>`, `phrases:<id>`), how many times this process changed or
   * reloaded them: a read or a refresh that began before the latest one comes back with older data, and is not kept.
   */
  private readonly generations = new LRUCache<string, number>({ max: 2 * CACHE_MAX_GUILDS });
  private readonly reading = new Map<string, Promise<unknown>>();
  private readonly status: StorageStatus;
  private readonly defaults: GuildSettings;
  private readonly readTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    options: GuildDataOptions = {},
  ) {
    this.status = options.status ?? (storage as Partial<Storage>).status ?? new StorageStatus();
    this.defaults = options.defaults ?? DEFAULT_SETTINGS;
    this.readTimeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS;
    // Monotonic: a wall clock set back would keep another process's changes from being read for the step.
    this.now = options.now ?? (() => performance.now());
  }

  settings(guildId: string): Promise<GuildSettings> {
    return this.read(this.settingsKnown, 'settings', guildId, () => this.storage.getSettings(guildId), () => ({
      ...this.defaults,
      allowIds: [...this.defaults.allowIds],
      denyIds: [...this.defaults.denyIds],
    }));
  }

  /**
   * The settings as stored, for moderators (`settings show`): waits for the database (within the
   * storage's deadline) rather than showing what was last known; rejects with StorageUnavailableError.
   */
  async storedSettings(guildId: string): Promise<GuildSettings> {
    const key = `settings:${guildId}`;
    const generation = this.generations.get(key);
    const settings = await this.storage.getSettings(guildId);
    this.keepIfLatest(key, generation, () => this.settingsKnown.set(guildId, { value: settings, at: this.now() }));
    return settings;
  }

  async updateSettings(guildId: string, change: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    const next = await this.storage.updateSettings(guildId, change);
    this.nextGeneration(`settings:${guildId}`);
    this.settingsKnown.set(guildId, { value: next, at: this.now() });
    return next;
  }

  /** A server's phrases as search and detection take them; none outside servers. */
  async phrases(guildId: string | null): Promise<readonly ExtraPhrase[]> {
    if (!guildId) return [];
    return this.read(this.phrasesKnown, 'phrases', guildId, async () => toExtra(await this.storage.listPhrases(guildId)), () => []);
  }

  /** The phrases with who added them and when, for the moderators' list. */
  async listPhrases(guildId: string): Promise<Phrase[]> {
    const key = `phrases:${guildId}`;
    const generation = this.generations.get(key);
    const phrases = await this.storage.listPhrases(guildId);
    this.keepIfLatest(key, generation, () => this.phrasesKnown.set(guildId, { value: toExtra(phrases), at: this.now() }));
    return phrases;
  }

  async addPhrase(guildId: string, phrase: string, code: string, createdBy: string): Promise<AddPhraseResult> {
    const result = await this.storage.addPhrase(guildId, phrase, code, createdBy);
    if (result.ok) await this.refreshPhrases(guildId, (known) => [...known, ...toExtra([result.phrase])]);
    return result;
  }

  async removePhrase(guildId: string, phrase: string): Promise<Phrase | undefined> {
    const removed = await this.storage.removePhrase(guildId, phrase);
    if (removed) await this.refreshPhrases(guildId, (known) => known.filter((p) => p.phrase !== removed.phrase));
    return removed;
  }

  /**
   * After a change, the list as stored (so an outage right after still answers with it), waited for
   * no longer than a read on the answer path: the moderator's answer must go out within Discord's
   * three seconds of the write. A slower list fills the cache when it comes; until then reads load it.
   */
  private async refreshPhrases(guildId: string, change: (known: readonly ExtraPhrase[]) => ExtraPhrase[]): Promise<void> {
    // Meanwhile what was known, with this change: a list that fails must not leave the server without its phrases.
    const known = this.phrasesKnown.get(guildId);
    if (known) this.phrasesKnown.set(guildId, { value: change(known.value), at: known.at });
    else this.phrasesKnown.delete(guildId);
    // Two changes in a row: the first one's list may come last, and must not replace the second's.
    const key = `phrases:${guildId}`;
    const refresh = this.nextGeneration(key);
    const listed = this.storage.listPhrases(guildId).then(
      (phrases) => {
        if (this.generations.get(key) === refresh) this.phrasesKnown.set(guildId, { value: toExtra(phrases), at: this.now() });
      },
      () => undefined,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.readTimeoutMs)));
    await Promise.race([listed, late]);
    clearTimeout(timer);
  }

  /** Keeps what a read found unless a change was made (or kept) since it began: that is newer. */
  private keepIfLatest(key: string, generation: number | undefined, keep: () => void): void {
    if (this.generations.get(key) !== generation) return;
    this.nextGeneration(key);
    keep();
  }

  private nextGeneration(key: string): number {
    const next = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, next);
    return next;
  }

  private async read<T>(
    known: LRUCache<string, Known<T>>,
    what: 'settings' | 'phrases',
    guildId: string,
    load: () => Promise<T>,
    fallback: () => T,
  ): Promise<T> {
    const entry = known.get(guildId);
    if (entry && this.now() - entry.at < CACHE_TTL_MS) return entry.value;
    const lastKnown = () => entry?.value ?? fallback();
    // During an outage the status probes the database; answers do not wait for it.
    if (!this.status.available) return lastKnown();
    const readKey = `${what}:${guildId}`;
    let pending = this.reading.get(readKey) as Promise<T> | undefined;
    if (!pending) {
      const generation = this.generations.get(readKey);
      pending = load()
        .then((value) => {
          // A change made meanwhile is newer than what this read began to read.
          if (this.generations.get(readKey) === generation) known.set(guildId, { value, at: this.now() });
          return value;
        })
        .finally(() => this.reading.delete(readKey));
      this.reading.set(readKey, pending);
      pending.catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.readTimeoutMs)));
    try {
      const result = await Promise.race([pending, late]);
      if (result !== 'late') return result;
      this.status.failed(new StorageTimeoutError(this.readTimeoutMs), `read ${what}`);
      return lastKnown();
    } catch {
      // The storage reported the failure (to the status, which logs it once per outage).
      return lastKnown();
    } finally {
      clearTimeout(timer);
    }
  }
}

const toExtra = (phrases: readonly Phrase[]): ExtraPhrase[] => phrases.map((p) => ({ phrase: p.phrase, code: p.code }));

/** What an answer counts in the server's stats. */
export type StatsEvent = { kind: 'lookup'; code: string; source: LookupSource } | { kind: 'miss'; query: string };

/** What `StatsRecorder.record` counted, and on which day: an answer that changes takes it back with `uncount`. */
export interface Counted {
  guildId: string;
  day: string;
  events: readonly StatsEvent[];
}

/** Stats writes, for the health endpoint. */
export interface StatsCounts {
  /** Events (lookups, misses, votes) written since start. */
  written: number;
  /** Events given up on: too many waiting, too old, or not written at shutdown. */
  dropped: number;
  /** Events waiting to be written. */
  pending: number;
  /** Batch writes that failed (each is retried until its events are too old). */
  failures: number;
}

export interface StatsRecorderOptions {
  now?: () => Date;
  /** Stats are written this often, in one transaction (default 1 s). */
  flushIntervalMs?: number;
  /** A vote is written this soon, so the voter hears whether it counted (default 50 ms). */
  voteDelayMs?: number;
  /** A voter waits at most this long for the write; then thanked anyway (default 1.5 s). */
  voteWaitMs?: number;
  /** Distinct counters and votes that may wait; past it new events are dropped (default 10,000). */
  maxPending?: number;
  /** Events that could not be written for this long are dropped, a count once its latest event is this old (default 10 minutes). */
  maxAgeMs?: number;
  /** After a failed batch, the next try waits this long, doubling up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Failures and drops are logged at most once per this (default 1 minute). */
  logEveryMs?: number;
  /** Told of every batch written or failed, with its seconds (metrics). */
  onWrite?: (seconds: number, ok: boolean) => void;
}

interface Counter {
  key: string;
  count: number;
  /** Its latest event: a count still being added to is not too old to write, though its first event may be. */
  lastAt: number;
}

interface PendingVote {
  vote: StatsBatch['votes'][number];
  at: number;
  settle: (result: VoteResult | 'dropped') => void;
}

/**
 * Stats and votes, written without ever delaying or blocking an answer: events are added up in
 * memory and written in one transaction every second (a vote within 50 ms). A failed write is
 * tried again later with backoff; on SQLite each try waits at most the short busy timeout, so a
 * database locked by another process costs the answers nothing. Events that cannot be written
 * (too many waiting, or waiting too long) are dropped, counted, and logged at most once a minute.
 */
export class StatsRecorder {
  private lookups = new Map<string, Counter & StatsBatch['lookups'][number]>();
  private misses = new Map<string, Counter & StatsBatch['misses'][number]>();
  private votes: PendingVote[] = [];
  private readonly figures = { written: 0, dropped: 0, failures: 0 };
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private inFlight?: Promise<void>;
  /** Events in the batch being written (still pending until it is). */
  private inFlightEvents = 0;
  /** Counters and votes in that batch: a batch that fails is put back, so they count against maxPending. */
  private inFlightEntries = 0;
  private backoffMs = 0;
  private closed = false;
  private readonly log = { lastAt: -Infinity, droppedSince: 0, failuresSince: 0, lastError: '' };
  private readonly options: Required<StatsRecorderOptions>;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger = pino({ level: 'silent' }),
    options: StatsRecorderOptions = {},
  ) {
    this.options = {
      now: () => new Date(),
      flushIntervalMs: 1_000,
      voteDelayMs: 50,
      voteWaitMs: 1_500,
      maxPending: 10_000,
      maxAgeMs: 10 * 60_000,
      backoffMs: 1_000,
      maxBackoffMs: 30_000,
      logEveryMs: 60_000,
      onWrite: () => undefined,
      ...options,
    };
  }

  /** Counts an answer's events (in memory; written within a second). Never throws, never waits. Returns what it counted. */
  record(guildId: string | null, events: readonly StatsEvent[]): Counted | undefined {
    if (!guildId || this.closed) return undefined;
    const now = this.options.now();
    const counted = { guildId, day: statsDay(now), events };
    this.add(counted, 1, now.getTime());
    return counted;
  }

  /**
   * What `record` would count now, not counted yet: for a count that must be kept somewhere first
   * (a help-forum post's row), then counted with `count` once it is.
   */
  counting(guildId: string | null, events: readonly StatsEvent[]): Counted | undefined {
    if (!guildId || this.closed) return undefined;
    return { guildId, day: statsDay(this.options.now()), events };
  }

  /** Counts what `counting` returned, on its day. */
  count(counted: Counted): void {
    if (this.closed) return;
    this.add(counted, 1, this.options.now().getTime());
  }

  /**
   * Takes back what `record` counted (an automatic reply edited to show another error), on the day
   * it was counted: from what waits to be written, or else written as a count of minus one.
   */
  uncount(counted: Counted): void {
    if (this.closed) return;
    this.add(counted, -1, this.options.now().getTime());
  }

  private add({ guildId, day, events }: Counted, by: 1 | -1, at: number): void {
    for (const event of events) {
      if (event.kind === 'lookup') {
        const key = [guildId, day, event.code, event.source].join('\u0000');
        const counter = this.lookups.get(key);
        if (counter) this.addTo(this.lookups, counter, by, at);
        else if (this.admit(1)) this.lookups.set(key, { key, guildId, day, code: event.code, source: event.source, count: by, lastAt: at });
      } else {
        const query = normalizeMissQuery(event.query);
        if (!query) continue;
        const key = [guildId, day, query].join('\u0000');
        const counter = this.misses.get(key);
        if (counter) this.addTo(this.misses, counter, by, at);
        else if (this.admit(1)) this.misses.set(key, { key, guildId, day, query, count: by, lastAt: at });
      }
    }
    this.schedule(this.options.flushIntervalMs);
  }

  /** A counter that comes to zero (counted, then taken back before it was written) is not written. */
  private addTo(counters: Map<string, Counter>, counter: Counter, by: 1 | -1, at: number): void {
    counter.count += by;
    counter.lastAt = at;
    if (counter.count === 0) counters.delete(counter.key);
  }

  /**
   * Counts a member's vote on an entry (one per member per entry per day; a new one replaces it).
   * Resolves with what the database made of it, or 'pending' when it is not written within
   * voteWaitMs (it is still written later), or 'dropped'.
   */
  vote(vote: { guildId: string; userId: string; code: string; helpful: boolean }): Promise<VoteResult | 'pending' | 'dropped'> {
    if (this.closed || !this.admit(1)) return Promise.resolve('dropped');
    const now = this.options.now();
    const written = new Promise<VoteResult | 'dropped'>((settle) => {
      this.votes.push({ vote: { ...vote, day: statsDay(now) }, at: now.getTime(), settle });
    });
    this.schedule(this.options.voteDelayMs);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), this.options.voteWaitMs)));
    return Promise.race([written, waited]).finally(() => clearTimeout(timer));
  }

  /**
   * Writes everything recorded so far (one try, after any write in flight). Resolves when done or
   * failed; what failed stays pending for the next try. Never throws.
   */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    // During an outage the stats command does not wait for a database known not to answer.
    if (this.pendingCount() > 0 && (this.storage as Partial<Storage>).status?.available !== false) await this.writeOnce();
  }

  /** Stats writes for the health endpoint. */
  counts(): StatsCounts {
    return { ...this.figures, pending: this.pendingCount() + this.inFlightEvents };
  }

  /**
   * At shutdown: stops the timer, writes what is pending (unless the database is known not to answer:
   * shutdown does not wait for it), and counts and logs what could not be written.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.inFlight) await this.inFlight;
    if (this.pendingCount() > 0 && (this.storage as Partial<Storage>).status?.available !== false) await this.writeOnce();
    const left = this.pendingCount();
    if (left > 0) {
      this.figures.dropped += left;
      for (const v of this.votes) v.settle('dropped');
      this.lookups.clear();
      this.misses.clear();
      this.votes = [];
      this.logger.warn({ notWritten: left, ...this.counts() }, 'stats not written at shutdown');
    }
  }

  private pendingCount(): number {
    let n = this.votes.length;
    // A count taken back is an event to write too.
    for (const c of this.lookups.values()) n += Math.abs(c.count);
    for (const c of this.misses.values()) n += Math.abs(c.count);
    return n;
  }

  /** Whether a new counter or vote may wait; otherwise it is dropped and counted. */
  private admit(entries: number): boolean {
    if (this.lookups.size + this.misses.size + this.votes.length + this.inFlightEntries + entries <= this.options.maxPending) return true;
    this.figures.dropped += entries;
    this.log.droppedSince += entries;
    this.maybeLog('too many stats waiting to be written');
    return false;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    const at = Date.now() + Math.max(delayMs, this.backoffMs);
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      // Timed writes go on during an outage (paced by the backoff): they are how stats catch up.
      if (!this.inFlight && this.pendingCount() > 0) void this.writeOnce();
    }, at - Date.now());
    this.timer.unref();
  }

  private writeOnce(): Promise<void> {
    const lookups = this.lookups;
    const misses = this.misses;
    const votes = this.votes;
    this.lookups = new Map();
    this.misses = new Map();
    this.votes = [];
    const batch: StatsBatch = {
      lookups: [...lookups.values()].map(({ guildId, day, code, source, count }) => ({ guildId, day, code, source, count })),
      misses: [...misses.values()].map(({ guildId, day, query, count }) => ({ guildId, day, query, count })),
      votes: votes.map((v) => v.vote),
    };
    const events = batch.lookups.reduce((n, l) => n + Math.abs(l.count), 0) + batch.misses.reduce((n, m) => n + Math.abs(m.count), 0) + votes.length;
    this.inFlightEvents = events;
    this.inFlightEntries = lookups.size + misses.size + votes.length;
    const started = performance.now();
    const run = this.storage
      .writeStats(batch)
      .then((results) => {
        this.options.onWrite?.((performance.now() - started) / 1000, true);
        this.inFlightEvents = 0;
        this.inFlightEntries = 0;
        this.figures.written += events;
        votes.forEach((v, i) => v.settle(results[i] ?? 'recorded'));
        if (this.backoffMs > 0) this.logger.info({ ...this.counts() }, 'stats writes working again');
        this.backoffMs = 0;
        this.logger.debug({ events }, 'stats written');
      })
      .catch((error: unknown) => {
        this.options.onWrite?.((performance.now() - started) / 1000, false);
        this.inFlightEvents = 0;
        this.inFlightEntries = 0;
        this.figures.failures += 1;
        this.log.failuresSince += 1;
        this.log.lastError = errorText(error);
        this.requeue(lookups, misses, votes);
        this.backoffMs = Math.min(this.backoffMs ? this.backoffMs * 2 : this.options.backoffMs, this.options.maxBackoffMs);
        this.maybeLog('stats write failed; retrying with backoff');
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.pendingCount() > 0) this.schedule(this.options.flushIntervalMs);
      });
    this.inFlight = run;
    return run;
  }

  /** Puts a failed batch back (added to what arrived meanwhile), dropping what is too old. */
  private requeue(lookups: Map<string, Counter & StatsBatch['lookups'][number]>, misses: Map<string, Counter & StatsBatch['misses'][number]>, votes: PendingVote[]): void {
    const oldest = this.options.now().getTime() - this.options.maxAgeMs;
    for (const [map, into] of [
      [lookups, this.lookups],
      [misses, this.misses],
    ] as Array<[Map<string, Counter>, Map<string, Counter>]>) {
      for (const [key, counter] of map) {
        const newer = into.get(key);
        // Its count's latest event: one counted while the write was on its way is the count's too.
        if (Math.max(counter.lastAt, newer?.lastAt ?? -Infinity) < oldest) {
          this.figures.dropped += Math.abs(counter.count);
          this.log.droppedSince += Math.abs(counter.count);
          continue;
        }
        if (newer) {
          newer.count += counter.count;
          if (newer.count === 0) into.delete(key);
        } else into.set(key, counter);
      }
    }
    const kept: PendingVote[] = [];
    for (const v of votes) {
      if (v.at < oldest) {
        this.figures.dropped += 1;
        this.log.droppedSince += 1;
        v.settle('dropped');
      } else kept.push(v);
    }
    this.votes = [...kept, ...this.votes];
  }

  /** One warning line per logEveryMs at most, with what happened since the last one. */
  private maybeLog(msg: string): void {
    // Monotonic: a wall clock set back would silence the warning for the step.
    const now = performance.now();
    if (now - this.log.lastAt < this.options.logEveryMs) return;
    this.log.lastAt = now;
    this.logger.warn(
      {
        droppedSinceLastLine: this.log.droppedSince,
        failuresSinceLastLine: this.log.failuresSince,
        ...(this.log.lastError ? { error: this.log.lastError } : {}),
        ...this.counts(),
      },
      msg,
    );
    this.log.droppedSince = 0;
    this.log.failuresSince = 0;
  }
}
