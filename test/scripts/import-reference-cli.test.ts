import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../scripts/import-reference.js';

const fixturePath = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const FIRST = fixturePath('spotify-error-reference.txt');
const SECOND = fixturePath('spotify-error-reference-62.txt');
const secondText = readFileSync(SECOND, 'utf8');
const COMMIT = '3eacc699df0aa74e895d566b87eafbc21835791e';

/** The second edition without one entry, its header count lowered to match. */
function withoutEntry(text: string, code: string): string {
  const start = text.indexOf(`### ${code} - `);
  if (start < 0) throw new Error(`No entry ${code}`);
  const end = text.slice(start + 4).search(/\n##/) + start + 4;
  const count = Number(/(\d+) error codes documented/.exec(text)![1]);
  return (text.slice(0, start) + text.slice(end + 1)).replace(`${count} error codes documented`, `${count - 1} error codes documented`);
}

let dir: string;
let out: string;
let meta: string;

function runCli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = run(argv, { out: (l) => stdout.push(...l.split('\n')), err: (l) => stderr.push(...l.split('\n')) });
  return { code, stdout, stderr };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-reference-'));
  out = join(dir, 'errors.json');
  meta = join(dir, 'reference.json');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('import-reference CLI', () => {
  it('writes the dataset and the metadata beside it', () => {
    const result = runCli(SECOND, '--out', out, '--commit', COMMIT);
    expect(result.code).toBe(0);
    expect(result.stdout[0]).toMatch(/edition 2, 62 entries; compared with .*errors\.json \(0 entries\)/);
    expect(result.stdout).toContain('62 added, 0 removed (0 renamed), 0 changed, 0 unchanged');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(new URL('../../src/data/errors.json', import.meta.url), 'utf8'));
    expect(readFileSync(meta, 'utf8')).toBe(readFileSync(new URL('../../src/data/reference.json', import.meta.url), 'utf8'));
  });

  it('reports an added entry', () => {
    expect(runCli(write('61.txt', withoutEntry(secondText, 'NOT_AVAILABLE_OFFLINE')), '--out', out).code).toBe(0);
    const result = runCli(SECOND, '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ added    NOT_AVAILABLE_OFFLINE');
    expect(result.stdout).toContain('1 added, 0 removed (0 renamed), 0 changed, 61 unchanged');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(62);
  });

  it('reports the fields changed per entry', () => {
    runCli(SECOND, '--out', out);
    const edited = secondText
      .replace('  - Network connectivity loss at startup\n', '  - Network connectivity loss at startup\n  - A new cause\n')
      .replace(
        '### auth:3 - Firewall or proxy blocking auth\nSeverity: error\nPlatform: Windows',
        '### auth:3 - Firewall blocking auth\nSeverity: warn\nPlatform: Windows & macOS',
      );
    const result = runCli(write('edited.txt', edited), '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ changed  auth:1: causes');
    expect(result.stdout).toContain('~ changed  auth:3: title, severity, platforms');
    expect(result.stdout).toContain('0 added, 0 removed (0 renamed), 2 changed, 60 unchanged');
  });

  it('refuses to remove a code without --allow-removals, in one line, writing nothing', () => {
    runCli(SECOND, '--out', out, '--commit', COMMIT);
    const before = readFileSync(out, 'utf8');
    const smaller = write('61.txt', withoutEntry(secondText, 'NOT_AVAILABLE_OFFLINE'));
    const refused = runCli(smaller, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('- removed  NOT_AVAILABLE_OFFLINE');
    expect(refused.stderr).toEqual([
      'Refusing to remove or rename 1 existing code(s) (NOT_AVAILABLE_OFFLINE); pass --allow-removals if that is intended',
    ]);
    expect(readFileSync(out, 'utf8')).toBe(before);

    const allowed = runCli(smaller, '--out', out, '--allow-removals');
    expect(allowed.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(61);
    // The commit carries over from the metadata already there.
    expect(JSON.parse(readFileSync(meta, 'utf8'))).toMatchObject({ errors: 61, commit: COMMIT });
  });

  it('treats a renamed code as a removal and says what it became', () => {
    runCli(SECOND, '--out', out);
    const renamed = write('renamed.txt', secondText.replace('### Error 30 - ', '### ERROR 30 - '));
    const result = runCli(renamed, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('- renamed  Error 30 → ERROR 30');
    expect(result.stderr).toEqual([expect.stringMatching(/^Refusing to remove or rename 1 existing code\(s\) \(Error 30\)/)]);
  });

  it('refuses to replace the second edition with the first, which lacks 21 codes', () => {
    runCli(SECOND, '--out', out);
    const result = runCli(FIRST, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout[0]).toMatch(/edition 1, 41 entries/);
    expect(result.stdout).toContain('- removed  com.spotify.installer −1');
    expect(result.stdout).toContain('~ changed  HTTP 429 — Too Many Requests: platforms, chain, note');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^Refusing to remove or rename 21 existing code\(s\)/);
  });

  it('--dry-run prints the changes and writes nothing', () => {
    const fresh = runCli(SECOND, '--out', out, '--dry-run');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('62 added, 0 removed (0 renamed), 0 changed, 0 unchanged');
    expect(fresh.stdout.at(-1)).toBe('Dry run: nothing written');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(meta)).toBe(false);

    runCli(write('61.txt', withoutEntry(secondText, 'NOT_AVAILABLE_OFFLINE')), '--out', out);
    const before = { data: readFileSync(out, 'utf8'), meta: readFileSync(meta, 'utf8'), mtime: statSync(out).mtimeMs };
    const dry = runCli(SECOND, '--out', out, '--dry-run', '--commit', COMMIT);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+ added    NOT_AVAILABLE_OFFLINE');
    expect(readFileSync(out, 'utf8')).toBe(before.data);
    expect(readFileSync(meta, 'utf8')).toBe(before.meta);
    expect(statSync(out).mtimeMs).toBe(before.mtime);
  });

  it('says the metadata is unchanged when re-importing the same text', () => {
    runCli(SECOND, '--out', out, '--commit', COMMIT);
    const again = runCli(SECOND, '--out', out);
    expect(again.stdout).toContain('0 added, 0 removed (0 renamed), 0 changed, 62 unchanged');
    expect(again.stdout).toContain(`Metadata: edition 2, 62 errors, Windows & macOS, commit ${COMMIT} (unchanged)`);
  });

  it('rejects bad arguments with the usage', () => {
    expect(runCli().code).toBe(2);
    expect(runCli(SECOND, '--out', out, '--commit', 'abc123').stderr[0]).toMatch(/--commit must be a full 40-character/);
    const unknown = runCli(SECOND, '--force');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.at(-1)).toMatch(/^Usage: npm run import-reference -- <reference\.txt>/);
    const missing = runCli(join(dir, 'nope.txt'), '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr[0]).toMatch(/^import-reference: ENOENT/);
  });

  it('exits 1 with one line on stderr when run as a script', async () => {
    runCli(SECOND, '--out', out);
    const exec = promisify(execFile);
    const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
    const script = new URL('../../scripts/import-reference.ts', import.meta.url).pathname;
    const error = await exec(tsx, [script, FIRST, '--out', out]).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr.trim().split('\n')).toHaveLength(1);
    expect(error?.stdout).toMatch(/- removed {2}com\.spotify\.installer −1/);
  });
});
