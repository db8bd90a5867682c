import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Tests mirror the source: the unit tests of `src/x/y.ts` are in `test/x/y.test.ts`. A module
 * without such a file is named here with where it is tested instead, or why it is not; a new
 * module fails this test until someone writes its tests or adds it here with a reason.
 */
const WITHOUT_MIRRORED_TEST: Record<string, string> = {
  // Types and data only.
  'answers/types': 'types only',
  'commands/types': 'types only',
  'events/types': 'types only (and defineEvent, an identity function)',
  'discord/context': 'types only',
  'storage/schema': 'types only: the tables',
  'data/schema': 'the zod schema: test/data/dataset.test.ts checks the dataset against it',
  'data/index': 'loads the dataset: test/data/dataset.test.ts',

  // Small pieces tested through the module that uses them.
  'core/detect/regex': 'through every detector rule (test/core/detect/)',
  'core/detect/rules/constant-codes': 'through the detector: test/core/detect/index.test.ts (fixtures)',
  'core/detect/rules/constant-words': 'through the detector: test/core/detect/index.test.ts (fixtures)',
  'core/detect/rules/server-phrases': 'with symptom mode in test/core/detect/index.test.ts and search in test/core/search.test.ts',
  'core/related': 'through decide and the entry select: test/core/decide.test.ts, test/render/entry.test.ts',
  'render/mod-log': 'with the settings changes in test/render/admin.test.ts, and test/discord/mod-log.test.ts',
  'forums/posts': 'types and constants of help-forum posts: test/discord/forums/index.test.ts',
  'discord/auto-replies/follow': 'through test/discord/auto-replies/index.test.ts',
  'discord/forums/threads': 'through the help forums\' sweeps: test/discord/forums/closing.test.ts, test/discord/forums/index.test.ts',
  'discord/forums/catch-up': 'through HelpForums, whose posts it answers as new: test/discord/forums/index.test.ts (posts opened while the bot was away), test/e2e/forums.test.ts',
  'images/ocr-thread': 'the OCR worker thread: test/images/tesseract-engine.test.ts, test/images/screenshot-reader.test.ts (reads, nice +10)',
  'images/upscale-process': 'the OCR worker\'s upscaling child process: test/images/screenshot-reader.test.ts (small text read, the process ends with its worker)',

  // Discord glue and process wiring: covered end to end through the local stand-in (test/e2e).
  index: 'process entry: test/e2e/startup.test.ts',
  clock: 'the system clock; tests inject their own',
  health: 'process wiring: test/e2e/operations.test.ts, test/e2e/metrics.test.ts',
  metrics: 'process wiring: test/e2e/metrics.test.ts',
  'discord/deploy': 'Discord glue for npm run deploy-commands: test/e2e/startup.test.ts',
  'discord/mentions': 'Discord glue: test/e2e/auto-reply.test.ts, test/e2e/slash-command.test.ts',
  'discord/message-input': 'Discord glue: test/e2e/auto-reply.test.ts, test/e2e/screenshots.test.ts',
  'commands/solved': 'Discord glue: test/e2e/forums.test.ts',
  'commands/spotify-error-admin/index': 'Discord glue: test/e2e/moderators.test.ts',
  'commands/spotify-error-admin/change-settings': 'Discord glue: test/e2e/moderators.test.ts',
  'commands/spotify-error-admin/settings': 'Discord glue: test/e2e/moderators.test.ts',
  'commands/spotify-error-admin/forum': 'Discord glue: test/e2e/forums.test.ts',
  'commands/spotify-error-admin/log': 'Discord glue: test/e2e/mod-log.test.ts',
  'commands/spotify-error-admin/stats': 'Discord glue: test/e2e/moderators.test.ts',
  'events/index': 'Discord glue: test/e2e (every event goes through it)',
  'events/client-ready': 'Discord glue: test/e2e/startup.test.ts, test/e2e/settings-scope.test.ts',
  'events/message-create': 'Discord glue: test/e2e/auto-reply.test.ts',
  'events/message-update': 'Discord glue: test/e2e/auto-reply.test.ts, test/e2e/forums.test.ts',
  'events/message-delete': 'Discord glue: test/e2e/auto-reply.test.ts, test/e2e/forums.test.ts',
  'events/message-delete-bulk': 'Discord glue: test/e2e/auto-reply.test.ts (a moderator purges the sources of replies)',
  'events/shard-reconnecting': 'Discord glue (a log line and a counter): test/e2e/metrics.test.ts',
  'events/shard-resume': 'Discord glue (a log line and a counter): test/e2e/metrics.test.ts',
  'events/shard-ready': 'Discord glue (a lost connection is warned of afresh): test/e2e/operations.test.ts',
};

const root = join(import.meta.dirname, '..');

/** A module's source file: TypeScript, or JavaScript the bot loads as it is (the OCR worker thread's `.cjs`). */
const MODULE_FILE = /(?<!\.d)\.(?:ts|cjs|mjs|js)$/;

/** Every module under src/, as `x/y` for `src/x/y.ts` (or `src/x/y.cjs`). */
function modules(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return modules(path);
    return MODULE_FILE.test(d.name) ? [relative(join(root, 'src'), path).replace(MODULE_FILE, '')] : [];
  });
}

const hasMirroredTest = (module: string) => existsSync(join(root, 'test', `${module}.test.ts`));

describe('test layout', () => {
  it('has a test file mirroring each module, or says where the module is tested instead', () => {
    const untested = modules().filter((m) => !hasMirroredTest(m) && !(m in WITHOUT_MIRRORED_TEST));
    expect(untested, 'add test/<module>.test.ts, or name the module in WITHOUT_MIRRORED_TEST with a reason').toEqual([]);
  });

  it('names no module that is gone or has its own test file now', () => {
    const all = new Set(modules());
    const stale = Object.keys(WITHOUT_MIRRORED_TEST).filter((m) => !all.has(m) || hasMirroredTest(m));
    expect(stale).toEqual([]);
  });
});
