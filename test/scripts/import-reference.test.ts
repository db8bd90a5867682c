import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectEdition, parseReference, readReference, referenceInfo } from '../../scripts/import-reference.js';
import { addAliases } from '../../scripts/reference/aliases.js';
import { afterSnippetStart, decodeEntities, parseNote } from '../../scripts/reference/notes.js';
import type { ErrorEntry } from '../../src/data/schema.js';
import rawDataset from '../../src/data/errors.json' with { type: 'json' };
import rawReference from '../../src/data/reference.json' with { type: 'json' };
import { FIRST_EDITION_CODES } from '../data/first-edition.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const firstEdition = fixture('spotify-error-reference.txt');
const secondEdition = fixture('spotify-error-reference-62.txt');
const COMMIT = '3eacc699df0aa74e895d566b87eafbc21835791e';

describe('importer over the second edition', () => {
  it('makes exactly the committed src/data/errors.json and reference.json, so they cannot drift', () => {
    const parsed = readReference(secondEdition);
    expect(parsed.edition).toBe(2);
    expect(parsed.entries).toEqual(rawDataset);
    expect(JSON.stringify(parsed.entries)).toBe(JSON.stringify(rawDataset));
    expect(referenceInfo(parsed, COMMIT)).toEqual(rawReference);
  });
});

describe('importer over the first edition', () => {
  const old = parseReference(firstEdition);
  const current = rawDataset as ErrorEntry[];
  const counterpart = (code: string) => current.find((e) => e.code === code)!;
  /** The second edition writes " - " where the first wrote " — ", in prose as in headings. */
  const plainDashes = (value: unknown) => JSON.stringify(value ?? null).replace(/ — /g, ' - ');
  const differences = (compare: (a: unknown, b: unknown) => boolean) =>
    old.flatMap((entry) =>
      (Object.keys(entry) as Array<keyof ErrorEntry>)
        .concat(entry.note ? [] : ['note'])
        .filter((field) => !compare(entry[field], counterpart(entry.code)[field]))
        .map((field) => `${entry.code} ${field}`),
    );

  it('yields 41 entries whose codes all exist in errors.json unchanged', () => {
    expect(old).toHaveLength(41);
    expect(old.map((e) => e.code)).toEqual(FIRST_EDITION_CODES);
    for (const entry of old) expect(current.some((e) => e.code === entry.code), entry.code).toBe(true);
    expect(old.every((e) => e.platforms.length === 1 && e.platforms[0] === 'windows')).toBe(true);
  });

  it('matches its counterparts except in the fields the second edition rewrote', () => {
    expect(differences((a, b) => plainDashes(a) === plainDashes(b))).toEqual([
      'desktop_login_accounts:5 chain',
      'desktop_login_accounts:5 note',
      'accesspoint:31 chain',
      'accesspoint:31 note',
      'accesspoint:39 chain',
      'accesspoint:39 note',
      'accesspoint:50 chain',
      'accesspoint:50 note',
      'EME_LICENSE_REQUEST_FAILED_WITH_STATUS chain',
      'EME_LICENSE_REQUEST_FAILED_WITH_STATUS note',
      'DISALLOW_PROTECTED_TRACK_ERROR chain',
      'DISALLOW_PROTECTED_TRACK_ERROR note',
      'CAPPING_USER_IS_CAPPED chain',
      'CAPPING_USER_IS_CAPPED note',
      'MEDIA_DECODING_ERROR chain',
      'MEDIA_DECODING_ERROR note',
      'HTTP 401 — invalid_client platforms',
      'HTTP 401 — invalid_client chain',
      'HTTP 401 — invalid_client note',
      'HTTP 403 — PREMIUM_REQUIRED platforms',
      'HTTP 403 — PREMIUM_REQUIRED chain',
      'HTTP 403 — PREMIUM_REQUIRED note',
      'HTTP 404 — NO_ACTIVE_DEVICE platforms',
      'HTTP 404 — NO_ACTIVE_DEVICE chain',
      'HTTP 404 — NO_ACTIVE_DEVICE note',
      'HTTP 403 — RESTRICTION_VIOLATED platforms',
      'HTTP 403 — RESTRICTION_VIOLATED chain',
      'HTTP 403 — RESTRICTION_VIOLATED note',
      'HTTP 429 — Too Many Requests platforms',
      'HTTP 429 — Too Many Requests chain',
      'HTTP 429 — Too Many Requests note',
    ]);
    expect(counterpart('accesspoint:31').chain.map((n) => n.label)).toEqual([
      'GET apresolve.spotify.com',
      'Resolve AP host',
      'Connect ap.spotify.com:4070',
      'Fails',
    ]);
  });

  it('matches the first edition character for character elsewhere: its em dashes come back', () => {
    const rewritten = new Set(differences((a, b) => plainDashes(a) === plainDashes(b)));
    const typographic = differences((a, b) => JSON.stringify(a) === JSON.stringify(b)).filter((pair) => !rewritten.has(pair));
    expect(typographic).toEqual([]);
  });

  it('keeps its aliases in the second edition', () => {
    for (const entry of old) expect(counterpart(entry.code).aliases, entry.code).toEqual(entry.aliases);
  });

  it('reads the header and marks every entry Windows', () => {
    const parsed = readReference(firstEdition);
    expect(parsed).toMatchObject({ edition: 1, documented: 41, source: 'https://0iy.github.io/spotify-error-ref/' });
    expect(referenceInfo(parsed, null)).toMatchObject({ edition: 1, errors: 41, platforms: ['windows'], commit: null });
  });
});

describe('edition detection', () => {
  it('tells the one-line em-dash edition from the line-per-field edition with Platform:', () => {
    expect(detectEdition(firstEdition)).toBe(1);
    expect(detectEdition(secondEdition)).toBe(2);
    expect(detectEdition(secondEdition.replace(/\n/g, '\r\n'))).toBe(2);
  });

  it('refuses text that is neither', () => {
    expect(() => detectEdition('# Something else\n\nNo entries here.')).toThrow(/Cannot tell the edition/);
    expect(() => detectEdition(secondEdition.replace(/^Platform: .*\n/gm, ''))).toThrow(/Cannot tell the edition/);
  });

  it('checks the count in the header against the entries read', () => {
    const short = secondEdition.replace('62 error codes documented', '63 error codes documented');
    expect(() => readReference(short)).toThrow(/says 63 error codes but 62 entries/);
  });

  it('names the entry when a field is missing or malformed', () => {
    const linux = secondEdition.replace(
      'Platform: macOS\nDisplayed message: "An error occurred while trying to download',
      'Platform: Linux\nDisplayed message: "An error occurred while trying to download',
    );
    expect(() => readReference(linux)).toThrow(/Unknown platform "Linux" in com\.spotify\.installer −1/);
    const noSeverity = secondEdition.replace(/(### auth:3 .*\n)Severity: error\n/, '$1');
    expect(() => readReference(noSeverity)).toThrow(/Field "Severity" missing in auth:3/);
  });
});

describe('notes', () => {
  it('decodes HTML entities once', () => {
    expect(decodeEntities('a &gt;= b &amp;&amp; c &lt;d&gt; &quot;x&quot; &#39;y&#39; &#x27;z&#x27; &amp;gt; &unknown;')).toBe(
      `a >= b && c <d> "x" 'y' 'z' &gt; &unknown;`,
    );
  });

  it('takes the title from a colon or from the first sentence', () => {
    expect(parseNote('Known bug: accounts:417 has no locale entry.', [], 'x')).toEqual({
      title: 'Known bug',
      text: 'accounts:417 has no locale entry.',
    });
    expect(parseNote('Exact flow. The download runs through a delegate.', [], 'x')).toEqual({
      title: 'Exact flow',
      text: 'The download runs through a delegate.',
    });
    expect(() => parseNote('No title here', [], 'x')).toThrow(/Note without a title in x/);
  });

  it('cuts a glued snippet after the sentence, not inside a domain name', () => {
    const note = parseNote(
      'The check. It is not a com.spotify.installer error code, see apresolve.spotify.com for more.// isSupportedPlatform',
      ['return (major &gt;= 12);   // "12.0"', ''],
      'x',
    );
    expect(note).toEqual({
      title: 'The check',
      text: 'It is not a com.spotify.installer error code, see apresolve.spotify.com for more.',
      snippet: { code: '// isSupportedPlatform\nreturn (major >= 12);   // "12.0"' },
    });
    expect(parseNote('T. Calls it like this.audioEl.onerror = (e) =&gt; {', ['};'], 'x').snippet).toEqual({
      code: 'audioEl.onerror = (e) => {\n};',
    });
  });

  it('takes a lone language name glued onto the sentence as the language hint', () => {
    expect(parseNote('T. Run this.bash', ['  rm -rf ~/.cache/spotify'], 'x')).toEqual({
      title: 'T',
      text: 'Run this.',
      snippet: { language: 'bash', code: '  rm -rf ~/.cache/spotify' },
    });
  });

  it('separates prose glued onto the last line of a snippet', () => {
    const cases: Array<[string, string]> = [
      ['mountPoint = substringFrom("/Volumes/");      // successSo check 1 fires.', 'So check'],
      ['}During the countdown the label reads "Download failed." The alert opens a page.', 'During'],
      ['error = [NSError ... code:-2];           // "extraction failed"So a code -2 means space ran out.', 'So a code'],
      ['// any step failing → return NO → code -4Cancelling is special: it aborts silently, no "Installation Failed" alert.', 'Cancelling'],
      ['    showAlert();   // → "Find installers" / terminateNote the Info.plist lists LSMinimumSystemVersion 10.11.', 'Note the'],
    ];
    for (const [line, prose] of cases) expect(afterSnippetStart(line), line).toBe(line.indexOf(prose));
    expect(afterSnippetStart('Changing the setting clears this.')).toBe(0);
    expect(afterSnippetStart('    throw DISALLOW_PROTECTED_TRACK_ERROR;   // "Protected tracks not supported."')).toBe(-1);
    expect(afterSnippetStart('// any step failing → return NO → code -4')).toBe(-1);
    expect(parseNote('T. Text.if (x)', ['    y();', '}Because it retries, a flash is normal.'], 'x')).toEqual({
      title: 'T',
      text: 'Text.',
      snippet: { code: 'if (x)\n    y();\n}' },
      afterSnippet: 'Because it retries, a flash is normal.',
    });
  });

  it('refuses a multi-line note whose snippet start cannot be found', () => {
    expect(() => parseNote('T. Some prose without code', ['more'], 'auth:1')).toThrow(/Note in auth:1 continues over several lines/);
  });
});

describe('aliases', () => {
  const entry = (code: string, messages = ['Shown.']): ErrorEntry => ({
    code,
    title: 't',
    category: 'installer',
    severity: 'error',
    platforms: ['macos'],
    messages,
    chain: [{ label: 'a' }],
    causes: ['c'],
    resolution: ['r'],
    aliases: [],
  });

  it('derives keys by rule from parentheses, slashes, minus signs and installer codes', () => {
    const entries = [
      entry('com.spotify.installer −7'),
      entry('SOME_REASON_ONE / _TWO'),
      entry('thing-a / thing.b (qualifier)'),
      entry('Installer error 9'),
      entry('x:1–3'),
    ];
    addAliases(entries);
    expect(entries.map((e) => e.aliases)).toEqual([
      ['com.spotify.installer -7', 'installer error -7', 'installer -7'],
      ['SOME_REASON_ONE', 'SOME_REASON_TWO'],
      ['thing-a / thing.b', 'thing-a', 'thing.b'],
      ['error 9', 'installer 9'],
      ['x:1', 'x:2', 'x:3'],
    ]);
  });

  it('gives a key two entries would share to neither', () => {
    const entries = [entry('A (one)'), entry('A (two)'), entry('B', ['Failed. (Error code: 5 / B)'])];
    addAliases(entries);
    expect(entries.map((e) => e.aliases)).toEqual([[], [], ['5']]);
  });
});
