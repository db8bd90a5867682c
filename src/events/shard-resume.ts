import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardResume = defineEvent({
  name: Events.ShardResume,
  execute(ctx, shardId, replayed) {
    ctx.metrics.gatewayResumes.inc();
    ctx.reconnects.connected(shardId);
    ctx.logger.info({ shardId, replayed }, 'gateway resumed');
  },
});
