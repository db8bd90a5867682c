import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardReconnecting = defineEvent({
  name: Events.ShardReconnecting,
  execute(ctx, shardId) {
    // Counted once per connection lost: while Discord is out of reach the client tries again about twice a second.
    if (ctx.reconnects.reconnecting(shardId)) ctx.metrics.gatewayReconnects.inc();
  },
});
