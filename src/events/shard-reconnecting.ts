import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardReconnecting = defineEvent({
  name: Events.ShardReconnecting,
  execute(ctx, shardId) {
    ctx.metrics.gatewayReconnects.inc();
    ctx.reconnects.reconnecting(shardId);
  },
});
