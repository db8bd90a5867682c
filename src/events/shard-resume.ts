import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardResume = defineEvent({
  name: Events.ShardResume,
  async execute(ctx, shardId, replayed) {
    ctx.metrics.gatewayResumes.inc();
    ctx.reconnects.connected(shardId);
    ctx.logger.info({ shardId, replayed }, 'gateway resumed');
    // Posts opened in the help forums while the connection was lost (at start, ready reads them).
    await ctx.forums.catchUpShard(shardId);
  },
});
