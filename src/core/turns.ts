import { setImmediate } from 'node:timers/promises';

/**
 * The items one by one, giving the event loop a turn every `every` of them. A loop whose awaits resolve at
 * once (settings from memory, a synchronous SQLite driver) never lets anything else run: over a shard's
 * thousands of help-forum posts it held every message of every server for hundreds of milliseconds.
 */
export async function* withTurns<T>(items: Iterable<T>, every = 100): AsyncGenerator<T> {
  let count = 0;
  for (const item of items) {
    if (count > 0 && count % every === 0) await setImmediate();
    count += 1;
    yield item;
  }
}
