import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardResume = defineEvent({
  name: Events.ShardResume,
  execute(ctx, shardId, replayed) {
    ctx.metrics.gatewayResumes.inc();
    ctx.reconnects.connected(shardId);
    // Discord replayed what came while the connection was lost (new help-forum posts too): nothing to catch up.
    ctx.logger.info({ shardId, replayed }, 'gateway resumed');
  },
});
