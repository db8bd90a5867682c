import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { ReconnectWarnings } from '../../src/discord/reconnect-warnings.js';
import { shardReady } from '../../src/events/shard-ready.js';
import { shardReconnecting } from '../../src/events/shard-reconnecting.js';
import { shardResume } from '../../src/events/shard-resume.js';
import { Metrics } from '../../src/metrics.js';
import { collectingLogger } from '../helpers.js';

describe('gateway metrics', () => {
  it('count a lost connection once, however many tries reconnecting it takes', async () => {
    const { logger } = collectingLogger();
    const metrics = new Metrics();
    const ctx = { logger, metrics, reconnects: new ReconnectWarnings(logger), forums: { catchUpShard: async () => undefined } } as unknown as BotContext;
    // Discord out of reach: the client tries again about twice a second, then resumes.
    for (let i = 0; i < 6; i += 1) shardReconnecting.execute(ctx, 0);
    shardResume.execute(ctx, 0, 3);
    // Lost again, and a second shard's connection too; the first comes back with a new session.
    shardReconnecting.execute(ctx, 0);
    shardReconnecting.execute(ctx, 0);
    shardReconnecting.execute(ctx, 1);
    shardReady.execute(ctx, 0, undefined);
    const value = async (name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values[0]!.value;
    expect(await value('spotify_bot_gateway_reconnects_total')).toBe(3);
    expect(await value('spotify_bot_gateway_resumes_total')).toBe(1);
  });
});

describe('help forums after a lost gateway connection', () => {
  it('are read again for posts opened meanwhile after a new session, not after a resume (Discord sent what was missed)', async () => {
    const { logger } = collectingLogger();
    const caughtUp: number[] = [];
    const ctx = {
      logger,
      metrics: new Metrics(),
      reconnects: new ReconnectWarnings(logger),
      forums: { catchUpShard: async (shardId: number) => void caughtUp.push(shardId) },
    } as unknown as BotContext;
    await shardResume.execute(ctx, 0, 12);
    expect(caughtUp).toEqual([]);
    await shardReady.execute(ctx, 1, undefined);
    expect(caughtUp).toEqual([1]);
  });
});
