import { describe, expect, it } from 'vitest';
import { GuildData, StatsRecorder } from '../../src/storage/guild-data.js';
import type { Storage } from '../../src/storage/storage.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/schema.js';
import { collectingLogger } from '../helpers.js';

/** A storage that counts reads and keeps everything in memory. */
function memoryStorage() {
  const calls = { settings: 0, phrases: 0 };
  let settings: GuildSettings = { ...DEFAULT_SETTINGS };
  const phrases: Array<{ phrase: string; code: string; createdBy: string; createdAt: string }> = [];
  const writes: Array<() => void> = [];
  const storage = {
    kind: 'sqlite',
    getSettings: async () => (calls.settings++, settings),
    updateSettings: async (_g: string, change: (s: GuildSettings) => GuildSettings) => (settings = change(settings)),
    listPhrases: async () => (calls.phrases++, [...phrases]),
    addPhrase: async (_g: string, phrase: string, code: string, createdBy: string) => {
      const added = { phrase, code, createdBy, createdAt: 'now' };
      phrases.push(added);
      return { ok: true, phrase: added };
    },
    removePhrase: async (_g: string, phrase: string) => {
      const at = phrases.findIndex((p) => p.phrase === phrase);
      if (at >= 0) phrases.splice(at, 1);
      return at >= 0;
    },
    recordLookup: () => new Promise<void>((resolve) => writes.push(resolve)),
    recordMiss: async () => {
      throw new Error('disk full');
    },
  } as unknown as Storage;
  return { storage, calls, writes };
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
    expect(await data.removePhrase('g', 'purple spinner')).toBe(true);
    expect(await data.phrases('g')).toEqual([]);
    expect(calls.phrases).toBe(3);
    expect(await data.phrases(null)).toEqual([]);
  });
});

describe('StatsRecorder', () => {
  it('never waits for its writes, tracks them so readers can, and logs failures', async () => {
    const { storage, writes } = memoryStorage();
    const { logger, lines } = collectingLogger();
    const stats = new StatsRecorder(storage, logger);
    stats.record('g', [
      { kind: 'lookup', code: 'auth:3', source: 'slash' },
      { kind: 'miss', query: 'x' },
    ]);
    stats.record(null, [{ kind: 'lookup', code: 'auth:3', source: 'slash' }]);
    expect(writes).toHaveLength(1);
    let flushed = false;
    const flush = stats.flush().then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    writes[0]!();
    await flush;
    expect(lines.filter((l) => l.msg === 'stats write failed')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'stats written')).toHaveLength(1);
  });
});
