import rawEntries from './errors.json' with { type: 'json' };
import rawExamples from './examples.json' with { type: 'json' };
import rawReference from './reference.json' with { type: 'json' };
import { DatasetError, parseDataset, parseExamples, parseReferenceInfo, type ErrorEntry, type Example, type ReferenceInfo } from './schema.js';

export * from './schema.js';

/**
 * Which data the bot runs on (src/data/reference.json, written by scripts/import-reference.ts):
 * the reference's edition, how many errors it documents, the platforms it covers, and the
 * commit of https://github.com/0iy/spotify-error-ref the text was taken from.
 */
export const REFERENCE: Readonly<ReferenceInfo> = Object.freeze(parseReferenceInfo(rawReference));

let cached: readonly ErrorEntry[] | undefined;

/**
 * The reference's entries (62 in the second edition: Windows and macOS desktop client, Web API),
 * validated once on first use. Throws DatasetError naming the bad entry and field, or when the
 * count disagrees with REFERENCE.
 */
export function loadEntries(): readonly ErrorEntry[] {
  if (!cached) {
    const entries = parseDataset(rawEntries);
    if (entries.length !== REFERENCE.errors) {
      throw new DatasetError(`Invalid dataset: ${entries.length} entries, but reference.json says ${REFERENCE.errors}`);
    }
    cached = Object.freeze(entries);
  }
  return cached;
}

let cachedExamples: readonly Example[] | undefined;

/**
 * People's messages about the entries, labelled (src/data/examples.json): validated once on first
 * use. Throws DatasetError for a malformed example or one labelled with a code the dataset lacks.
 */
export function loadExamples(): readonly Example[] {
  if (!cachedExamples) {
    cachedExamples = Object.freeze(parseExamples(rawExamples, loadEntries()));
  }
  return cachedExamples;
}

export const REFERENCE_URL = 'https://0iy.github.io/spotify-error-ref/';
export const ATTRIBUTION = 'Unofficial community reference by 0iy (MIT), not affiliated with Spotify';
