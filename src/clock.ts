import { readFileSync } from 'node:fs';

/** Time for the schedulers (help-forum idle close, stats pruning): injectable, so tests never wait hours. */
export interface Clock {
  now(): number;
  /** Runs `task` every `ms`; returns a function that stops it. */
  every(ms: number, task: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, task) {
    const timer = setInterval(task, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * The system clock moved forward by the number of milliseconds written in a file (read at most
 * every 100 ms): end-to-end tests and the demo move the bot's time without waiting for it.
 */
export function offsetClock(file: string): Clock {
  let offset = 0;
  let readAt = -Infinity;
  return {
    now() {
      const real = Date.now();
      if (real - readAt > 100) {
        readAt = real;
        try {
          offset = Number(readFileSync(file, 'utf8').trim()) || 0;
        } catch {
          offset = 0;
        }
      }
      return real + offset;
    },
    every: systemClock.every,
  };
}
