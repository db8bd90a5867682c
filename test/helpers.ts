import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';

let shared: ErrorLookup | undefined;

/** One lookup over the committed dataset, shared by a test file. */
export function sharedLookup(): ErrorLookup {
  shared ??= new ErrorLookup(loadEntries());
  return shared;
}
