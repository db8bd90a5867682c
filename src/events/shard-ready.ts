import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardReady = defineEvent({
  name: Events.ShardReady,
  async execute(ctx, shardId) {
    // Connected with a new session (one that could not be resumed): the next lost connection is a new outage.
    ctx.reconnects.connected(shardId);
    // Posts opened in the help forums while the connection was lost (at start, ready reads them).
    await ctx.forums.catchUpShard(shardId);
  },
});
