import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactKey } from '../../src/core/text.js';
import {
  CATEGORIES,
  DatasetError,
  errorEntrySchema,
  loadEntries,
  parseDataset,
  platformLabel,
  PLATFORMS,
  REFERENCE,
  REFERENCE_URL,
  type ErrorEntry,
} from '../../src/data/index.js';
import rawDataset from '../../src/data/errors.json' with { type: 'json' };
import { FIRST_EDITION_CODES } from './first-edition.js';

const secondEdition = readFileSync(new URL('../fixtures/spotify-error-reference-62.txt', import.meta.url), 'utf8');

/** Aliases of the second edition's codes, for what people type: alias → the code it must find. */
const NEW_ALIASES: Array<[string, string]> = [
  ['com.spotify.installer -1', 'com.spotify.installer −1'],
  ['com.spotify.installer -2', 'com.spotify.installer −2'],
  ['com.spotify.installer -3', 'com.spotify.installer −3'],
  ['com.spotify.installer -4', 'com.spotify.installer −4'],
  ['installer error -1', 'com.spotify.installer −1'],
  ['installer error -2', 'com.spotify.installer −2'],
  ['installer error -3', 'com.spotify.installer −3'],
  ['installer error -4', 'com.spotify.installer −4'],
  ['installer -3', 'com.spotify.installer −3'],
  ['com.spotify.installer', 'com.spotify.installer (generic)'],
  ['BANNED_BY_USER_ARTIST', 'BANNED_BY_USER_ARTIST / _TRACK'],
  ['BANNED_BY_USER_TRACK', 'BANNED_BY_USER_ARTIST / _TRACK'],
  ['fatal-error', 'fatal-error / error.generic'],
  ['error.generic', 'fatal-error / error.generic'],
  ['ONE_TRACK_UNPLAYABLE', 'ONE_TRACK_UNPLAYABLE (playback dispatcher)'],
  ['authorization-status', 'authorization-status (No connection)'],
  ['connect.device-picker', 'connect.device-picker (restricted / unsupported)'],
  ['Unsupported Platform', 'Unsupported Platform (macOS)'],
];

const byCode = (entries: readonly ErrorEntry[], code: string) => {
  const entry = entries.find((e) => e.code === code);
  if (!entry) throw new Error(`No entry ${code}`);
  return entry;
};

describe('dataset', () => {
  const entries = loadEntries();

  it('holds all 62 entries of the second edition, valid against the schema', () => {
    expect(entries).toHaveLength(62);
    expect(secondEdition).toContain('62 error codes documented');
    expect(new Set(entries.map((e) => e.code)).size).toBe(62);
  });

  it('keeps every first-edition code character for character', () => {
    expect(FIRST_EDITION_CODES).toHaveLength(41);
    const codes = entries.map((e) => e.code);
    for (const code of FIRST_EDITION_CODES) expect(codes).toContain(code);
    // The dashes that make them different from what the second edition's headings write.
    expect(codes).toContain('HTTP 403 — PREMIUM_REQUIRED');
    expect(codes).toContain('accounts:53\u201355');
    expect(codes.filter((c) => c.startsWith('HTTP ') && !c.includes(' — '))).toEqual([]);
  });

  it('takes new codes as their headings write them', () => {
    const added = entries.map((e) => e.code).filter((c) => !FIRST_EDITION_CODES.includes(c));
    expect(added).toEqual([
      'com.spotify.installer \u22121',
      'authorization-status (No connection)',
      'NOT_AVAILABLE_OFFLINE',
      'FRAGMENT_REQUEST_FAILED_WITH_STATUS',
      'max_subscriptions_reached',
      'offline device-limit-reached',
      'connect.device-picker (restricted / unsupported)',
      'Exclusive mode playback failure',
      'CLIENT_VERSION_SUNSETTED',
      'ONE_TRACK_UNPLAYABLE (playback dispatcher)',
      'NOT_AVAILABLE_IN_CURRENT_REGION',
      'NOT_AVAILABLE_IN_NON_PREMIUM',
      'BANNED_BY_USER_ARTIST / _TRACK',
      'AUDIO_FORMAT_NEGOTIATION_FAIL',
      'video-unsupported-key-system',
      'fatal-error / error.generic',
      'com.spotify.installer \u22122',
      'com.spotify.installer \u22123',
      'com.spotify.installer \u22124',
      'com.spotify.installer (generic)',
      'Unsupported Platform (macOS)',
    ]);
  });

  it('gives every entry its platforms from the Platform: line', () => {
    for (const entry of entries) {
      expect(entry.platforms.length).toBeGreaterThan(0);
      expect(entry.platforms.every((p) => (PLATFORMS as readonly string[]).includes(p))).toBe(true);
      expect(new Set(entry.platforms).size).toBe(entry.platforms.length);
    }
    const counts: Record<string, number> = {};
    for (const entry of entries) counts[platformLabel(entry.platforms)] = (counts[platformLabel(entry.platforms)] ?? 0) + 1;
    expect(counts).toEqual({ Windows: 36, macOS: 7, 'Windows & macOS': 19 });
    expect(byCode(entries, 'auth:1').platforms).toEqual(['windows']);
    expect(byCode(entries, 'com.spotify.installer −1').platforms).toEqual(['macos']);
    expect(byCode(entries, 'HTTP 429 — Too Many Requests').platforms).toEqual(['windows', 'macos']);
  });

  it('labels platforms as the reference does', () => {
    expect(platformLabel(['windows'])).toBe('Windows');
    expect(platformLabel(['macos'])).toBe('macOS');
    expect(platformLabel(['windows', 'macos'])).toBe('Windows & macOS');
    expect(platformLabel(['macos', 'windows'])).toBe('Windows & macOS');
  });

  it('finds new codes by the aliases people type, by exact string', () => {
    for (const [alias, code] of NEW_ALIASES) {
      const owners = entries.filter((e) => e.code === alias || e.aliases.includes(alias)).map((e) => e.code);
      expect(owners, alias).toEqual([code]);
    }
  });

  it('keeps the first edition aliases', () => {
    expect(byCode(entries, 'accounts:53–55').aliases).toEqual(['accounts:53', 'accounts:54', 'accounts:55']);
    expect(byCode(entries, 'accesspoint:17').aliases).toEqual(['17']);
    expect(byCode(entries, 'Installer error 18').aliases).toEqual(['error 18', 'installer 18']);
    expect(byCode(entries, 'HTTP 429 — Too Many Requests').aliases).toEqual(['Too Many Requests', '429 Too Many Requests', 'HTTP 429', '429']);
    // The two 403 entries share a status, so neither claims the bare "403".
    expect(entries.filter((e) => e.aliases.includes('403') || e.aliases.includes('HTTP 403'))).toHaveLength(0);
  });

  it('never lets two entries share a code or alias, even folded as lookups fold them', () => {
    const owner = new Map<string, string>();
    for (const entry of entries) {
      for (const key of [entry.code, ...entry.aliases]) {
        const compact = compactKey(key);
        expect(owner.get(compact) ?? entry.code, `${key} (${entry.code})`).toBe(entry.code);
        owner.set(compact, entry.code);
      }
    }
  });

  it('splits alternatives into separate messages, and keeps descriptions in parentheses whole', () => {
    for (const entry of entries) {
      for (const message of entry.messages) {
        expect(message).not.toMatch(/ [-—] or [-—] /);
      }
    }
    expect(byCode(entries, 'auth:2').messages).toEqual([
      'Service is temporarily unavailable, please try again later.',
      'The username or password is incorrect.',
    ]);
    expect(byCode(entries, 'connect.device-picker (restricted / unsupported)').messages).toEqual([
      "Sorry, we can't connect to this device.",
      'Update this device and the Spotify app.',
    ]);
    expect(byCode(entries, 'fatal-error / error.generic').messages).toEqual(['Something went wrong.', 'An error occurred. (RELOAD PAGE)']);
    // A slash that is not between alternatives stays.
    expect(byCode(entries, 'accesspoint:17').messages).toEqual(['A firewall may be blocking Spotify. (Error code: 17 / accesspoint:17)']);
    expect(byCode(entries, 'accounts:53–55').title).toBe('Proxy blocking Spotify (HTTP 401 / 403 / 407)');
    expect(byCode(entries, 'CLIENT_VERSION_SUNSETTED').messages).toEqual(['(Forced update modal — playback is blocked until you update.)']);
    expect(byCode(entries, 'AUDIO_FORMAT_NEGOTIATION_FAIL').messages).toEqual(['(Opens an audio format negotiation dialog.)']);
    expect(byCode(entries, 'accounts:417').messages).toEqual(['(No message shown — locale string is absent, a known client bug.)']);
  });

  it('splits chains, causes and steps', () => {
    const auth1 = byCode(entries, 'auth:1');
    expect(auth1.chain[1]).toEqual({ label: 'Auth servers', detail: 'AP cluster' });
    expect(auth1.resolution[0]).toBe('Check Spotify status at downdetector.com');
    const accounts4 = byCode(entries, 'accounts:4');
    expect(accounts4.resolution).toHaveLength(5);
    expect(accounts4.causes).toContain('Spotify Offline Mode enabled in settings');
    expect(byCode(entries, 'Installer error 18').resolution[3]).toMatch(/^Clean boot: Win\+R → msconfig/);
    expect(byCode(entries, 'accesspoint:31').chain.map((n) => n.label)).toEqual([
      'GET apresolve.spotify.com',
      'Resolve AP host',
      'Connect ap.spotify.com:4070',
      'Fails',
    ]);
  });

  it('splits notes into title, text and a decoded snippet', () => {
    expect(byCode(entries, 'accounts:4').note).toEqual({
      title: 'Why Firefox works but Chrome and Spotify fail',
      text: expect.stringMatching(/^This error fires entirely client-side/),
    });
    const download = byCode(entries, 'com.spotify.installer −1').note!;
    expect(download.title).toBe('Exact flow');
    expect(download.text).toMatch(/^The download runs through an NSURLConnection delegate\./);
    expect(download.text).toMatch(/sInstallerOsxDownloadFailedErrorDescription\.$/);
    expect(download.snippet!.language).toBeUndefined();
    expect(download.snippet!.code.split('\n').slice(0, 4)).toEqual([
      '// connection:didReceiveResponse:',
      'if (http.statusCode >= 400) {',
      '    [connection cancel];',
      '    downloadFinishedWithError(httpError);    // -> retry or fail',
    ]);
    expect(download.snippet!.code).toContain('if (downloadRetries < maxRetryCount) {\n');
    expect(download.afterSnippet).toMatch(/^During the countdown the status label reads "Download failed\. Retrying in %ds\."/);

    const oauth = byCode(entries, 'desktop_login_accounts:5').note!;
    expect(oauth.text).toMatch(/the token never arrives\.$/);
    expect(oauth.snippet!.code).toMatch(/^browser → https:\/\/accounts\.spotify\.com\/oauth2\/v2\/auth\?\.\.\.\n {8}→ \(user authorizes\)/);
    expect(oauth.afterSnippet).toBeUndefined();

    const drm = byCode(entries, 'DISALLOW_PROTECTED_TRACK_ERROR').note!;
    expect(drm.snippet!.code).toBe(
      'if (track.isProtected && !platformDrmAvailable)\n    throw DISALLOW_PROTECTED_TRACK_ERROR;   // "Protected tracks not supported."',
    );
    // Prose on a line of its own after the snippet.
    expect(byCode(entries, 'AUDIO_FORMAT_NEGOTIATION_FAIL').note!.afterSnippet).toMatch(/^Changing the audio-quality setting/);

    const withSnippets = entries.filter((e) => e.note?.snippet);
    expect(withSnippets).toHaveLength(23);
    for (const entry of withSnippets) {
      expect(entry.note!.text, entry.code).toMatch(/[.")]$/);
      expect(entry.note!.snippet!.code, entry.code).not.toMatch(/^\s|\s$/);
    }
  });

  it('leaves no HTML entities anywhere', () => {
    expect(JSON.stringify(rawDataset)).not.toMatch(/&(?:gt|lt|amp|quot|apos|#\d+|#x[0-9a-f]+);/i);
  });

  it('assigns categories from sections', () => {
    const counts = Object.fromEntries(CATEGORIES.map((c) => [c, entries.filter((e) => e.category === c).length]));
    expect(counts).toEqual({ auth: 25, network: 12, drm: 13, installer: 7, webapi: 5 });
  });

  it('says which data the bot runs on', () => {
    expect(REFERENCE).toEqual({
      edition: 2,
      errors: 62,
      platforms: ['windows', 'macos'],
      commit: '3eacc699df0aa74e895d566b87eafbc21835791e',
      source: REFERENCE_URL,
      repository: 'https://github.com/0iy/spotify-error-ref',
    });
    expect(REFERENCE.errors).toBe(entries.length);
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

  it('rejects a code longer than a select option or autocomplete choice holds (100 characters), naming the entry', () => {
    const long = structuredClone(rawDataset) as Array<Record<string, unknown>>;
    long[0]!.code = `auth:${'9'.repeat(96)}`;
    expect(() => parseDataset(long)).toThrow(/entry "auth:9+" field "code"/);
    long[0]!.code = `auth:${'9'.repeat(95)}`;
    expect(() => parseDataset(long)).not.toThrow();
  });

  it('requires platforms: present, known, distinct, in order', () => {
    const base = structuredClone(rawDataset[0]) as Record<string, unknown>;
    const check = (platforms: unknown) => errorEntrySchema.safeParse({ ...base, platforms }).success;
    expect(check(['windows'])).toBe(true);
    expect(check(['windows', 'macos'])).toBe(true);
    expect(check([])).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check(['linux'])).toBe(false);
    expect(check(['windows', 'windows'])).toBe(false);
    expect(check(['macos', 'windows'])).toBe(false);
    const missing = structuredClone(rawDataset) as Array<Record<string, unknown>>;
    delete missing[5]!.platforms;
    expect(() => parseDataset(missing)).toThrow(/entry "accounts:3" field "platforms"/);
  });

  it('accepts a snippet only as written and prose after it only with one', () => {
    const base = structuredClone(rawDataset[0]) as Record<string, unknown>;
    const check = (note: unknown) => errorEntrySchema.safeParse({ ...base, note }).success;
    expect(check({ title: 'T', text: 'x', snippet: { code: '  indented\n' } })).toBe(true);
    expect(check({ title: 'T', text: 'x', snippet: { language: 'bash', code: 'ls' }, afterSnippet: 'y' })).toBe(true);
    expect(check({ title: 'T', text: 'x', snippet: { code: '   ' } })).toBe(false);
    expect(check({ title: 'T', text: 'x', afterSnippet: 'y' })).toBe(false);
    const parsed = errorEntrySchema.parse({ ...base, note: { title: 'T', text: 'x', snippet: { code: '    kept' } } });
    expect(parsed.note!.snippet!.code).toBe('    kept');
  });
});
