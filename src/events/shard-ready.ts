import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const shardReady = defineEvent({
  name: Events.ShardReady,
  execute(ctx, shardId) {
    // Connected with a new session (one that could not be resumed): the next lost connection is a new outage.
    ctx.reconnects.connected(shardId);
  },
});
