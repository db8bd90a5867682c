import type { ClientEvents } from 'discord.js';
import type { BotContext } from '../discord/context.js';

export interface EventHandler<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(ctx: BotContext, ...args: ClientEvents[K]): Promise<void> | void;
}

/** Keeps the event name and its arguments tied together when a handler is declared. */
export function defineEvent<K extends keyof ClientEvents>(handler: EventHandler<K>): EventHandler<K> {
  return handler;
}
