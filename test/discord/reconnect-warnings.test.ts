import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReconnectWarnings } from '../../src/discord/reconnect-warnings.js';
import { collectingLogger } from '../helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ReconnectWarnings', () => {
  const warnings = (lines: Array<{ level: number; msg: string }>) =>
    lines.filter((l) => l.level === 40).map((l) => ({ shardId: (l as { shardId?: number }).shardId, reconnects: (l as { reconnects?: number }).reconnects }));

  it('warns at the first try of an outage, then at most once a minute with the tries since', () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const reconnects = new ReconnectWarnings(logger);
    // The client tries again about twice a second: two minutes of an outage, a try at each end.
    for (let i = 0; i <= 240; i += 1) {
      reconnects.reconnecting(0);
      vi.advanceTimersByTime(500);
    }
    expect(warnings(lines)).toEqual([
      { shardId: 0, reconnects: 1 },
      { shardId: 0, reconnects: 120 },
      { shardId: 0, reconnects: 120 },
    ]);
    // Every try is still there, at debug level.
    expect(lines.filter((l) => l.msg === 'gateway reconnecting')).toHaveLength(241);
  });

  it('warns at once of a connection lost again once it was back, and of each shard on its own', () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const reconnects = new ReconnectWarnings(logger);
    reconnects.reconnecting(0);
    reconnects.reconnecting(1);
    reconnects.reconnecting(0);
    reconnects.connected(0);
    vi.advanceTimersByTime(1_000);
    reconnects.reconnecting(0);
    reconnects.reconnecting(1);
    expect(warnings(lines)).toEqual([
      { shardId: 0, reconnects: 1 },
      { shardId: 1, reconnects: 1 },
      { shardId: 0, reconnects: 1 },
    ]);
  });
});
