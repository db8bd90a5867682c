import { runLookup } from '../src/cli/lookup.js';
import { ErrorLookup } from '../src/core/lookup.js';
import { loadEntries } from '../src/data/index.js';

const lookup = new ErrorLookup(loadEntries());
process.exitCode = await runLookup(process.argv.slice(2), lookup, {
  stdin: process.stdin,
  write: (text) => process.stdout.write(text),
});
