import rawEntries from './errors.json' with { type: 'json' };
import { parseDataset, type ErrorEntry } from './schema.js';

export * from './schema.js';

let cached: readonly ErrorEntry[] | undefined;

/** The 41 reference entries, validated once on first use. Throws DatasetError naming the bad entry and field. */
export function loadEntries(): readonly ErrorEntry[] {
  cached ??= Object.freeze(parseDataset(rawEntries));
  return cached;
}

export const REFERENCE_URL = 'https://0iy.github.io/spotify-error-ref/';
export const ATTRIBUTION = 'Unofficial community reference by 0iy (MIT), not affiliated with Spotify';
