/**
 * Turns the community reference (Spotify Desktop Error Reference by 0iy, MIT) into
 * src/data/errors.json and src/data/reference.json. Reads either edition and tells them apart
 * itself (see scripts/reference/parse.ts), prints what it would change against the current
 * dataset, and refuses to remove or rename an existing code: stored stats, votes and server
 * phrases point at codes.
 *
 *   npm run import-reference -- <reference.txt> [--out src/data/errors.json] [--commit <sha>]
 *                                [--allow-removals] [--dry-run]
 *
 *   --out             the dataset to compare with and write; reference.json is written beside it
 *   --commit          the reference repository's commit the text comes from (default: the one
 *                     already in reference.json)
 *   --allow-removals  write even if codes of the current dataset disappear or are renamed
 *   --dry-run         print the changes, write nothing
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseReferenceInfo, platformLabel, PLATFORMS, type ReferenceInfo } from '../src/data/schema.js';
import { compareEntries, formatChanges, storedEntries } from './reference/changes.js';
import { readReference, type ParsedReference } from './reference/parse.js';

export { detectEdition, parseReference, readReference, type Edition, type ParsedReference } from './reference/parse.js';

const DEFAULT_OUT = fileURLToPath(new URL('../src/data/errors.json', import.meta.url));
const USAGE =
  'Usage: npm run import-reference -- <reference.txt> [--out errors.json] [--commit <sha>] [--allow-removals] [--dry-run]';

/** The metadata file written beside the dataset. */
export function metadataPath(out: string): string {
  return join(dirname(out), 'reference.json');
}

/** reference.json's content for a parsed reference. */
export function referenceInfo(parsed: ParsedReference, commit: string | null): ReferenceInfo {
  return parseReferenceInfo({
    edition: parsed.edition,
    errors: parsed.entries.length,
    platforms: PLATFORMS.filter((p) => parsed.entries.some((e) => e.platforms.includes(p))),
    commit,
    source: parsed.source,
    repository: parsed.repository,
  });
}

export const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Runs the importer; returns the exit code (0 done, 1 refused or failed, 2 usage). */
export function run(argv: readonly string[], io: Output = consoleOutput): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        commit: { type: 'string' },
        'allow-removals': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(USAGE);
    return 2;
  }
  const [input] = positionals as [string];
  const out = values.out ?? DEFAULT_OUT;
  const metaOut = metadataPath(out);
  if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) {
    io.err(`--commit must be a full 40-character git commit hash, got "${values.commit}"`);
    return 2;
  }

  try {
    const parsed = readReference(readFileSync(input, 'utf8'));
    const current = existsSync(out) ? storedEntries(JSON.parse(readFileSync(out, 'utf8')), out) : [];
    const previousInfo = existsSync(metaOut) ? parseReferenceInfo(JSON.parse(readFileSync(metaOut, 'utf8'))) : undefined;
    const info = referenceInfo(parsed, values.commit ?? previousInfo?.commit ?? null);

    io.out(`${input}: edition ${parsed.edition}, ${parsed.entries.length} entries; compared with ${out} (${current.length} entries)`);
    const changes = compareEntries(current, parsed.entries);
    for (const line of formatChanges(changes)) io.out(line);
    io.out(
      `Metadata: edition ${info.edition}, ${info.errors} errors, ${platformLabel(info.platforms)}, commit ${info.commit ?? 'unknown'}` +
        (previousInfo && toJson(previousInfo) === toJson(info) ? ' (unchanged)' : ''),
    );

    if (changes.removed.length && !values['allow-removals']) {
      io.err(
        `Refusing to remove or rename ${changes.removed.length} existing code(s) (${changes.removed.join(', ')}); ` +
          'pass --allow-removals if that is intended',
      );
      return 1;
    }
    if (values['dry-run']) {
      io.out('Dry run: nothing written');
      return 0;
    }
    writeFileSync(out, toJson(parsed.entries));
    writeFileSync(metaOut, toJson(info));
    io.out(`Wrote ${parsed.entries.length} entries to ${out} and the metadata to ${metaOut}`);
    return 0;
  } catch (error) {
    io.err(`import-reference: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = run(process.argv.slice(2));
