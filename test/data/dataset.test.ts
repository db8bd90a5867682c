import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReference } from '../scripts/import-reference.js';
import { CATEGORIES, DatasetError, loadEntries, parseDataset } from '../src/data/index.js';
import rawDataset from '../src/data/errors.json' with { type: 'json' };

const referenceText = readFileSync(new URL('./fixtures/spotify-error-reference.txt', import.meta.url), 'utf8');

describe('dataset', () => {
  const entries = loadEntries();

  it('holds all 41 entries of the reference, valid against the schema', () => {
    expect(entries).toHaveLength(41);
    expect(referenceText).toContain('41 error codes documented');
    expect(new Set(entries.map((e) => e.code)).size).toBe(41);
  });

  it('equals what the importer makes of the reference text, so the two cannot drift', () => {
    expect(parseReference(referenceText)).toEqual(rawDataset);
  });

  it('keeps codes exactly as written in the headings', () => {
    const codes = entries.map((e) => e.code);
    for (const code of ['auth:3', 'accounts:53–55', 'Installer error 18', 'Error 30', 'EME_NO_SUPPORTED_KEYSYSTEM']) {
      expect(codes).toContain(code);
    }
    expect(codes).toContain('HTTP 403 — PREMIUM_REQUIRED');
    expect(codes).toContain('HTTP 403 — RESTRICTION_VIOLATED');
  });

  it('splits alternatives, chain details, causes, steps and notes', () => {
    const auth2 = entries.find((e) => e.code === 'auth:2')!;
    expect(auth2.messages).toEqual([
      'Service is temporarily unavailable, please try again later.',
      'The username or password is incorrect.',
    ]);
    const auth1 = entries.find((e) => e.code === 'auth:1')!;
    expect(auth1.chain[1]).toEqual({ label: 'Auth servers', detail: 'AP cluster' });
    expect(auth1.resolution[0]).toBe('Check Spotify status at downdetector.com');
    const accounts4 = entries.find((e) => e.code === 'accounts:4')!;
    expect(accounts4.note?.title).toBe('Why Firefox works but Chrome and Spotify fail');
    expect(accounts4.resolution).toHaveLength(5);
    expect(accounts4.causes).toContain('Spotify Offline Mode enabled in settings');
    const installer = entries.find((e) => e.code === 'Installer error 18')!;
    expect(installer.resolution[3]).toMatch(/^Clean boot: Win\+R → msconfig/);
  });

  it('assigns categories from sections and adds lookup aliases', () => {
    const counts = Object.fromEntries(CATEGORIES.map((c) => [c, entries.filter((e) => e.category === c).length]));
    expect(counts).toEqual({ auth: 25, network: 5, drm: 4, installer: 2, webapi: 5 });
    expect(entries.find((e) => e.code === 'accounts:53–55')!.aliases).toEqual(['accounts:53', 'accounts:54', 'accounts:55']);
    expect(entries.find((e) => e.code === 'HTTP 429 — Too Many Requests')!.aliases).toContain('429');
    // The two 403 entries share a status, so neither claims the bare "403".
    expect(entries.filter((e) => e.aliases.includes('403'))).toHaveLength(0);
  });

  it('rejects a bad entry with a message naming the entry and the field', () => {
    const broken = structuredClone(rawDataset) as Array<Record<string, unknown>>;
    broken[2]!.severity = 'catastrophic';
    expect(() => parseDataset(broken)).toThrow(DatasetError);
    expect(() => parseDataset(broken)).toThrow(/entry "auth:3" field "severity"/);
    const noCode = structuredClone(rawDataset) as Array<Record<string, unknown>>;
    noCode[0]!.code = '';
    expect(() => parseDataset(noCode)).toThrow(/entry #1 field "code"/);
  });
});
