import type { EventEmitter } from 'node:events';

/** The next `event` on `emitter`, or a rejection after `timeoutMs`. */
export function waitForEvent(emitter: EventEmitter, event: string, timeoutMs: number, what: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`Timed out: ${what}`));
    }, timeoutMs);
    const onEvent = (value: unknown) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(event, onEvent);
  });
}

/** The first of `seen` that matches, or the next `event` on `emitter` that does. */
export function waitForMatch<T>(
  emitter: EventEmitter,
  event: string,
  seen: readonly T[],
  predicate: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const existing = seen.find(predicate);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`Timed out waiting for ${what}`));
    }, timeoutMs);
    const listener = (value: T) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}
