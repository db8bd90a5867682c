import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardReconnecting = defineEvent({
  name: Events.ShardReconnecting,
  execute(ctx, shardId) {
    ctx.logger.warn({ shardId }, 'gateway connection lost, reconnecting');
  },
});
