import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { StorageUnavailableError } from '../../src/storage/errors.js';
import { GuildData, StatsRecorder } from '../../src/storage/guild-data.js';
import { StorageStatus } from '../../src/storage/status.js';
import type { StatsBatch, Storage, VoteResult } from '../../src/storage/storage.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';
import { until } from './helpers.js';

/** A storage in memory that counts reads and can be made to fail or hang. */
function memoryStorage() {
  const calls = { settings: 0, phrases: 0, batches: [] as StatsBatch[] };
  const mode = { reads: 'ok' as 'ok' | 'fail' | 'hang', writes: 'ok' as 'ok' | 'fail' };
  const hung: Array<() => void> = [];
  let settings: GuildSettings = { ...DEFAULT_SETTINGS };
  const phrases: Array<{ phrase: string; code: string; createdBy: string; createdAt: string }> = [];
  const votes = new Map<string, boolean>();
  const read = async <T>(value: () => T): Promise<T> => {
    if (mode.reads === 'fail') throw new StorageUnavailableError('read', new Error('connect ECONNREFUSED'));
    if (mode.reads === 'hang') await new Promise<void>((resolve) => hung.push(resolve));
    return value();
  };
  const status = new StorageStatus({ probeIntervalMs: 20 });
  status.setProbe(() => read(() => undefined));
  const storage = {
    kind: 'sqlite',
    status,
    getSettings: () => (calls.settings++, read(() => settings)),
    updateSettings: async (_g: string, change: (s: GuildSettings) => GuildSettings) => {
      if (mode.writes === 'fail') throw new StorageUnavailableError('change settings', new Error('timeout'));
      return (settings = change(settings));
    },
    listPhrases: () => (calls.phrases++, read(() => [...phrases])),
    addPhrase: async (_g: string, phrase: string, code: string, createdBy: string) => {
      const added = { phrase, code, createdBy, createdAt: 'now' };
      phrases.push(added);
      return { ok: true, phrase: added };
    },
    removePhrase: async (_g: string, phrase: string) => {
      const at = phrases.findIndex((p) => p.phrase === phrase);
      return at >= 0 ? phrases.splice(at, 1)[0] : undefined;
    },
    writeStats: async (batch: StatsBatch): Promise<VoteResult[]> => {
      if (mode.writes === 'fail') throw new StorageUnavailableError('write stats', new Error('database is locked'));
      calls.batches.push(batch);
      return batch.votes.map((v) => {
        const key = `${v.userId}:${v.code}:${v.day}`;
        const before = votes.get(key);
        votes.set(key, v.helpful);
        return before === undefined ? 'recorded' : before === v.helpful ? 'unchanged' : 'changed';
      });
    },
  } as unknown as Storage;
  return { storage, calls, mode, hung, status };
}

describe('GuildData', () => {
  it('serves settings and phrases from memory, and shows its own writes at once', async () => {
    const { storage, calls } = memoryStorage();
    const data = new GuildData(storage);
    await data.settings('g');
    await data.settings('g');
    expect(calls.settings).toBe(1);
    const updated = await data.updateSettings('g', (s) => ({ ...s, symptomMode: true }));
    expect(updated.symptomMode).toBe(true);
    expect((await data.settings('g')).symptomMode).toBe(true);
    expect(calls.settings).toBe(1);

    expect(await data.phrases('g')).toEqual([]);
    await data.addPhrase('g', 'purple spinner', 'desktop_login_accounts:2', 'mod');
    expect(await data.phrases('g')).toEqual([{ phrase: 'purple spinner', code: 'desktop_login_accounts:2' }]);
    expect(await data.removePhrase('g', 'purple spinner')).toMatchObject({ phrase: 'purple spinner', code: 'desktop_login_accounts:2' });
    expect(await data.phrases('g')).toEqual([]);
    expect(calls.phrases).toBe(3);
    expect(await data.phrases(null)).toEqual([]);
  });

  // A slow list after a moderator's change held the answer past Discord's three seconds.
  it('answers a moderator\'s change without waiting long for the list after it', async () => {
    const { storage, mode, hung } = memoryStorage();
    const data = new GuildData(storage, { readTimeoutMs: 50 });
    // The list never comes: an answer that waited for it would never be given (the test would time out).
    mode.reads = 'hang';
    expect((await data.addPhrase('g', 'purple spinner', 'auth:3', 'mod')).ok).toBe(true);
    // The list is not taken as known meanwhile: the next read loads it.
    mode.reads = 'ok';
    expect(await data.phrases('g')).toEqual([{ phrase: 'purple spinner', code: 'auth:3' }]);
    for (const resume of hung.splice(0)) resume();
  });

  // The list after a moderator's change failed (the database dropping out right after the write): the server had no phrases at all.
  it('keeps the phrases it knew, with a moderator\'s change, when the list after the change fails', async () => {
    const { storage, mode } = memoryStorage();
    const data = new GuildData(storage, { readTimeoutMs: 50 });
    const purple = { phrase: 'purple spinner', code: 'auth:3' };
    const green = { phrase: 'green spinner', code: 'auth:1' };
    await data.addPhrase('g', purple.phrase, purple.code, 'mod');
    expect(await data.phrases('g')).toEqual([purple]);
    mode.reads = 'fail';
    expect((await data.addPhrase('g', green.phrase, green.code, 'mod')).ok).toBe(true);
    expect(await data.phrases('g')).toEqual([purple, green]);
    expect(await data.removePhrase('g', purple.phrase)).toMatchObject(purple);
    expect(await data.phrases('g')).toEqual([green]);
  });

  it('keeps the list of a moderator\'s latest change when an earlier change\'s list comes last', async () => {
    const lists: Array<(phrases: Array<{ phrase: string; code: string }>) => void> = [];
    const stored: Array<{ phrase: string; code: string }> = [];
    const storage = {
      status: new StorageStatus(),
      addPhrase: async (_g: string, phrase: string, code: string) => (stored.push({ phrase, code }), { ok: true, phrase: { phrase, code } }),
      listPhrases: () => new Promise((resolve) => lists.push(resolve)),
    } as unknown as Storage;
    const data = new GuildData(storage, { readTimeoutMs: 20 });
    await data.addPhrase('g', 'purple spinner', 'auth:3', 'mod');
    const listAfterFirst = [...stored];
    await data.addPhrase('g', 'green spinner', 'auth:1', 'mod');
    lists[1]!([...stored]);
    lists[0]!(listAfterFirst);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await data.phrases('g')).toEqual([
      { phrase: 'purple spinner', code: 'auth:3' },
      { phrase: 'green spinner', code: 'auth:1' },
    ]);
  });

  // A read that began before a change (an answer's, as a moderator changed the settings) came back after it with what was
  // stored before, and the change was gone from this process for the cache's 30 seconds; the same for a phrase.
  it('keeps its own change when a read that began before it comes back after it', async () => {
    const reads: Array<(value: unknown) => void> = [];
    let stored = { ...DEFAULT_SETTINGS };
    const phrases: Array<{ phrase: string; code: string }> = [];
    const storage = {
      status: new StorageStatus(),
      getSettings: () => new Promise((resolve) => reads.push(resolve)),
      updateSettings: async (_g: string, change: (s: GuildSettings) => GuildSettings) => (stored = change(stored)),
      listPhrases: () => new Promise((resolve) => reads.push(resolve)),
      addPhrase: async (_g: string, phrase: string, code: string) => (phrases.push({ phrase, code }), { ok: true, phrase: { phrase, code } }),
    } as unknown as Storage;
    const data = new GuildData(storage);
    const before = { ...stored };
    // An answer reads the settings (the database slow); meanwhile a moderator changes them.
    const answering = data.settings('g');
    await data.updateSettings('g', (s) => ({ ...s, symptomMode: true }));
    reads[0]!(before);
    expect((await answering).symptomMode).toBe(false);
    expect((await data.settings('g')).symptomMode).toBe(true);

    const listBefore = [...phrases];
    const searching = data.phrases('g');
    const adding = data.addPhrase('g', 'purple spinner', 'auth:3', 'mod');
    await until(() => reads.length === 3);
    reads[2]!([...phrases]);
    await adding;
    reads[1]!(listBefore);
    expect(await searching).toEqual([]);
    expect(await data.phrases('g')).toEqual([{ phrase: 'purple spinner', code: 'auth:3' }]);
  });

  // The deleted-channels check at start reads the settings as stored, and a moderator's list reads the phrases: each came
  // back after a change made meanwhile with what was stored before it, and replaced the change in the cache.
  it('keeps its own change when a read as stored, or a moderator\'s list, began before it and comes back after it', async () => {
    const reads: Array<(value: unknown) => void> = [];
    let stored = { ...DEFAULT_SETTINGS };
    const phrases: Array<{ phrase: string; code: string; createdBy: string; createdAt: string }> = [];
    const storage = {
      status: new StorageStatus(),
      getSettings: () => new Promise((resolve) => reads.push(resolve)),
      updateSettings: async (_g: string, change: (s: GuildSettings) => GuildSettings) => (stored = change(stored)),
      listPhrases: () => new Promise((resolve) => reads.push(resolve)),
      addPhrase: async (_g: string, phrase: string, code: string) => {
        const added = { phrase, code, createdBy: 'mod', createdAt: 'now' };
        phrases.push(added);
        return { ok: true, phrase: added };
      },
    } as unknown as Storage;
    const data = new GuildData(storage);
    const before = { ...stored };
    const checking = data.storedSettings('g');
    await data.updateSettings('g', (s) => ({ ...s, symptomMode: true }));
    reads[0]!(before);
    expect((await checking).symptomMode).toBe(false);
    expect((await data.settings('g')).symptomMode).toBe(true);

    const listing = data.listPhrases('g');
    const adding = data.addPhrase('g', 'purple spinner', 'auth:3', 'mod');
    await until(() => reads.length === 3);
    reads[2]!([...phrases]);
    await adding;
    reads[1]!([]);
    expect(await listing).toEqual([]);
    expect(await data.phrases('g')).toEqual([{ phrase: 'purple spinner', code: 'auth:3' }]);
  });

  it('sees another process\'s change once its 30 seconds are up, even when the wall clock was set back meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    onTestFinished(() => void vi.useRealTimers());
    const { storage } = memoryStorage();
    const data = new GuildData(storage);
    expect((await data.settings('g')).compact).toBe(true);
    expect(await data.phrases('g')).toEqual([]);
    // Another process (a second shard) turns compact off and adds a phrase; NTP sets this host's clock back an hour.
    await storage.updateSettings('g', (s) => ({ ...s, compact: false }));
    await storage.addPhrase('g', 'purple spinner', 'auth:3', 'mod');
    vi.setSystemTime(Date.now() - 60 * 60_000);
    vi.advanceTimersByTime(31_000);
    expect((await data.settings('g')).compact).toBe(false);
    expect(await data.phrases('g')).toEqual([{ phrase: 'purple spinner', code: 'auth:3' }]);
  });

  // #15, item 3: past the 30-second cache, answers awaited the database, for ever when it hung.
  it('answers from what it last knew when the database fails or hangs, and fills in later', async () => {
    const { storage, calls, mode, hung, status } = memoryStorage();
    let now = 0;
    const defaults = { ...DEFAULT_SETTINGS, autoReplies: true, allowIds: ['123'] };
    const data = new GuildData(storage, { defaults, readTimeoutMs: 100, now: () => now });
    await data.updateSettings('g', (s) => ({ ...s, compact: false }));
    await data.addPhrase('g', 'purple spinner', 'auth:3', 'mod');
    now += 31_000;

    mode.reads = 'hang';
    // The read deadline runs on the test's clock: answered once readTimeoutMs has passed on it, however busy the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    let answered = false;
    const answers = Promise.all([data.settings('g'), data.phrases('g')]).finally(() => (answered = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(answered).toBe(true);
    const [settings, phrases] = await answers;
    expect(settings.compact).toBe(false);
    expect(phrases).toEqual([{ phrase: 'purple spinner', code: 'auth:3' }]);
    expect(status.available).toBe(false);
    // During the outage nothing waits for the database: unknown servers get the defaults.
    const reads = calls.settings;
    expect(await data.settings('unknown')).toEqual(defaults);
    expect(await data.phrases('unknown')).toEqual([]);
    expect(calls.settings).toBe(reads);
    // The hung reads finish after all: the answers fill the cache.
    mode.reads = 'ok';
    for (const resolve of hung.splice(0)) resolve();
    await vi.advanceTimersByTimeAsync(20);
    expect(status.available).toBe(true);
    now += 31_000;
    expect((await data.settings('g')).compact).toBe(false);

    now += 31_000;
    mode.reads = 'fail';
    expect((await data.settings('g')).compact).toBe(false);
    mode.writes = 'fail';
    await expect(data.updateSettings('g', (s) => ({ ...s, compact: true }))).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(data.listPhrases('g')).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(data.storedSettings('g')).rejects.toBeInstanceOf(StorageUnavailableError);
    expect((await data.settings('g')).compact).toBe(false);
  });
});

describe('StatsRecorder', () => {
  it('never writes while recording: one batch per interval, adding up what happened', async () => {
    const { storage, calls } = memoryStorage();
    const stats = new StatsRecorder(storage, collectingLogger().logger, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 50; i++) {
      stats.record('g', [
        { kind: 'lookup', code: 'auth:3', source: 'slash' },
        { kind: 'miss', query: '  odd   thing ' },
      ]);
    }
    stats.record(null, [{ kind: 'lookup', code: 'auth:3', source: 'slash' }]);
    expect(calls.batches).toHaveLength(0);
    expect(stats.counts()).toEqual({ written: 0, dropped: 0, pending: 100, failures: 0 });
    await stats.flush();
    expect(calls.batches).toHaveLength(1);
    expect(calls.batches[0]!.lookups).toEqual([expect.objectContaining({ guildId: 'g', code: 'auth:3', source: 'slash', count: 50 })]);
    expect(calls.batches[0]!.misses).toEqual([expect.objectContaining({ query: 'odd thing', count: 50 })]);
    expect(stats.counts()).toEqual({ written: 100, dropped: 0, pending: 0, failures: 0 });
    await stats.close();
  });

  it('writes on its own within the interval, and votes at once with their result', async () => {
    const { storage, calls } = memoryStorage();
    const stats = new StatsRecorder(storage, collectingLogger().logger, { flushIntervalMs: 50, voteDelayMs: 5 });
    stats.record('g', [{ kind: 'lookup', code: 'auth:3', source: 'auto' }]);
    await until(() => calls.batches.length === 1, 2000, 'the timed write');
    expect(await stats.vote({ guildId: 'g', userId: 'u', code: 'auth:3', helpful: true })).toBe('recorded');
    const again = await Promise.all([
      stats.vote({ guildId: 'g', userId: 'u', code: 'auth:3', helpful: true }),
      stats.vote({ guildId: 'g', userId: 'u', code: 'auth:3', helpful: false }),
    ]);
    expect(again).toEqual(['unchanged', 'changed']);
    await stats.close();
  });

  it('retries failed writes with backoff, then drops what is too old, counted and logged at most once a minute', async () => {
    const { storage, calls, mode } = memoryStorage();
    const { logger, lines } = collectingLogger();
    let now = Date.parse('2026-11-25T12:00:00Z');
    const stats = new StatsRecorder(storage, logger, {
      now: () => new Date(now),
      flushIntervalMs: 10,
      backoffMs: 10,
      maxBackoffMs: 40,
      maxAgeMs: 60_000,
      voteWaitMs: 50,
    });
    mode.writes = 'fail';
    stats.record('g', [{ kind: 'lookup', code: 'auth:3', source: 'slash' }]);
    expect(await stats.vote({ guildId: 'g', userId: 'u', code: 'auth:3', helpful: true })).toBe('pending');
    await until(() => stats.counts().failures >= 4, 3000, 'several retries');
    expect(stats.counts()).toMatchObject({ written: 0, dropped: 0, pending: 2 });
    expect(lines.filter((l) => l.msg.startsWith('stats write failed'))).toHaveLength(1);

    now += 61_000;
    stats.record('g', [{ kind: 'lookup', code: 'auth:1', source: 'slash' }]);
    await until(() => stats.counts().dropped === 2, 3000, 'the old events to be dropped');
    mode.writes = 'ok';
    await until(() => stats.counts().written === 1, 3000, 'the new event to be written');
    expect(stats.counts()).toMatchObject({ written: 1, dropped: 2, pending: 0 });
    expect(calls.batches.at(-1)!.lookups.map((l) => l.code)).toEqual(['auth:1']);
    expect(lines.filter((l) => l.level >= 40)).toHaveLength(1);
    await stats.close();
  });

  /** Writes failing, maxAgeMs 10 minutes, and auth:3 counted once (its write failed): the count is given up only once its latest event is that old. */
  async function oneCountWhileWritesFail() {
    const { storage, calls, mode } = memoryStorage();
    const clock = { now: Date.parse('2026-11-25T12:00:00Z') };
    const stats = new StatsRecorder(storage, collectingLogger().logger, { now: () => new Date(clock.now), flushIntervalMs: 60_000, maxAgeMs: 10 * 60_000 });
    mode.writes = 'fail';
    const countAgain = () => stats.record('g', [{ kind: 'lookup', code: 'auth:3', source: 'auto' }]);
    countAgain();
    await stats.flush();
    /** Writes work again: the last batch written holds auth:3 counted twice, and nothing was dropped. */
    const expectBothWritten = async () => {
      mode.writes = 'ok';
      await stats.flush();
      expect(calls.batches.at(-1)?.lookups).toEqual([expect.objectContaining({ code: 'auth:3', count: 2 })]);
      expect(stats.counts()).toMatchObject({ written: 2, dropped: 0, pending: 0 });
      await stats.close();
    };
    return { storage, stats, clock, countAgain, expectBothWritten };
  }

  it('drops a count only once its latest event is older than maxAgeMs: the same error counted a moment ago keeps it', async () => {
    const { stats, clock, countAgain, expectBothWritten } = await oneCountWhileWritesFail();
    clock.now += 9 * 60_000;
    countAgain();
    await stats.flush();
    clock.now += 2 * 60_000;
    // The first event is eleven minutes old, the second two: the count is not given up while it is still added to.
    await stats.flush();
    await expectBothWritten();
  });

  it('keeps a count added to while a failed write was on its way, though its events in that write are older than maxAgeMs', async () => {
    const { storage, stats, clock, countAgain, expectBothWritten } = await oneCountWhileWritesFail();
    clock.now += 11 * 60_000;
    // The next try is slow to fail, and the same error is counted meanwhile: the count's latest event is a moment old.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const write = storage.writeStats;
    storage.writeStats = async (batch: StatsBatch) => (await held, write(batch));
    const failing = stats.flush();
    countAgain();
    release();
    await failing;
    storage.writeStats = write;
    await expectBothWritten();
  });

  it('takes back what it counted, on the day it counted it, whether or not it was written yet', async () => {
    const { storage, calls } = memoryStorage();
    let now = Date.parse('2026-11-25T23:59:59Z');
    const stats = new StatsRecorder(storage, collectingLogger().logger, { now: () => new Date(now), flushIntervalMs: 60_000 });
    const pending = stats.record('g', [{ kind: 'lookup', code: 'auth:3', source: 'auto' }])!;
    stats.uncount(pending);
    expect(stats.counts().pending).toBe(0);
    const written = stats.record('g', [{ kind: 'lookup', code: 'auth:73', source: 'auto' }])!;
    await stats.flush();
    now += 2_000;
    stats.uncount(written);
    stats.record('g', [{ kind: 'lookup', code: 'auth:1', source: 'auto' }]);
    await stats.flush();
    expect(calls.batches.map((b) => b.lookups.map(({ day, code, count }) => ({ day, code, count })))).toEqual([
      [{ day: '2026-11-25', code: 'auth:73', count: 1 }],
      [
        { day: '2026-11-25', code: 'auth:73', count: -1 },
        { day: '2026-11-26', code: 'auth:1', count: 1 },
      ],
    ]);
    expect(stats.counts()).toEqual({ written: 3, dropped: 0, pending: 0, failures: 0 });
    expect(stats.record(null, [{ kind: 'lookup', code: 'auth:3', source: 'auto' }])).toBeUndefined();
    await stats.close();
  });

  it('says what it would count without counting it, and counts that later on the day it said', async () => {
    const { storage, calls } = memoryStorage();
    let now = Date.parse('2026-11-25T23:59:59Z');
    const stats = new StatsRecorder(storage, collectingLogger().logger, { now: () => new Date(now), flushIntervalMs: 60_000 });
    const counting = stats.counting('g', [{ kind: 'lookup', code: 'auth:3', source: 'auto' }])!;
    expect(stats.counts().pending).toBe(0);
    now += 2_000;
    stats.count(counting);
    await stats.flush();
    expect(calls.batches.map((b) => b.lookups.map(({ day, code, count }) => ({ day, code, count })))).toEqual([[{ day: '2026-11-25', code: 'auth:3', count: 1 }]]);
    expect(stats.counting(null, [{ kind: 'lookup', code: 'auth:3', source: 'auto' }])).toBeUndefined();
    await stats.close();
  });

  it('drops past its limit instead of growing, and counts what it could not write at shutdown', async () => {
    const { storage, mode } = memoryStorage();
    const { logger, lines } = collectingLogger();
    const stats = new StatsRecorder(storage, logger, { flushIntervalMs: 60_000, maxPending: 10 });
    for (let i = 0; i < 25; i++) stats.record('g', [{ kind: 'miss', query: `query ${i}` }]);
    expect(stats.counts()).toMatchObject({ pending: 10, dropped: 15 });
    expect(lines.filter((l) => l.msg === 'too many stats waiting to be written')).toHaveLength(1);
    mode.writes = 'fail';
    await stats.close();
    expect(stats.counts()).toMatchObject({ pending: 0, dropped: 25, written: 0 });
    expect(lines.some((l) => l.msg === 'stats not written at shutdown')).toBe(true);
  });

  it('holds to its limit while a batch is being written, however many batches fail', async () => {
    const failing: Array<() => void> = [];
    const storage = {
      status: new StorageStatus(),
      writeStats: () => new Promise<never>((_, reject) => failing.push(() => reject(new StorageUnavailableError('write stats', new Error('timeout'))))),
    } as unknown as Storage;
    const stats = new StatsRecorder(storage, collectingLogger().logger, { flushIntervalMs: 60_000, maxPending: 10 });
    let query = 0;
    const recordTen = () => {
      for (let i = 0; i < 10; i++) stats.record('g', [{ kind: 'miss', query: `query ${query++}` }]);
    };
    recordTen();
    for (let batch = 0; batch < 5; batch++) {
      // A slow database: the batch is on its way while more arrives.
      const written = stats.flush();
      await until(() => failing.length > 0, 1000, 'the batch to be sent');
      recordTen();
      failing.shift()!();
      await written;
      expect(stats.counts().pending).toBeLessThanOrEqual(10);
    }
    expect(stats.counts().dropped).toBe(50);
    const closing = stats.close();
    await until(() => failing.length > 0, 1000, 'the last batch to be sent');
    failing.shift()!();
    await closing;
  });
});
