import type { Client, ClientEvents } from 'discord.js';
import type { BotContext } from '../discord/context.js';
import { channelDelete } from './channel-delete.js';
import { clientReady } from './client-ready.js';
import { guildAvailable, guildCreate } from './guild-available.js';
import { guildDelete } from './guild-delete.js';
import { interactionCreate } from './interaction-create.js';
import { messageCreate } from './message-create.js';
import { messageDelete } from './message-delete.js';
import { messageDeleteBulk } from './message-delete-bulk.js';
import { messageUpdate } from './message-update.js';
import { shardReady } from './shard-ready.js';
import { shardReconnecting } from './shard-reconnecting.js';
import { shardResume } from './shard-resume.js';
import type { EventHandler } from './types.js';

export const events: readonly EventHandler[] = [
  clientReady,
  interactionCreate,
  messageCreate,
  messageUpdate,
  messageDelete,
  messageDeleteBulk,
  channelDelete,
  guildAvailable,
  guildCreate,
  guildDelete,
  shardReconnecting,
  shardResume,
  shardReady,
] as EventHandler[];

export function registerEvents(client: Client, ctx: BotContext, handlers = events): void {
  for (const handler of handlers) {
    const listener = (...args: ClientEvents[keyof ClientEvents]) => {
      // Every handler runs as tracked work, so shutdown can let it finish; none is taken while stopping.
      ctx.work.run(() =>
        Promise.resolve(handler.execute(ctx, ...args)).catch((err: unknown) => {
          ctx.counters.errors += 1;
          ctx.logger.error({ err, event: handler.name }, 'event handler failed');
        }),
      );
    };
    if (handler.once) client.once(handler.name, listener);
    else client.on(handler.name, listener);
  }
}
