import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  ButtonInteraction,
  StringSelectMenuInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../discord/context.js';
import type { IdCodec } from '../render/custom-ids.js';

/** The components the bot sends: buttons and string selects. */
export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

export interface ComponentHandler<T = unknown> {
  /** The custom ID this handler owns; its state is parsed before `handle` sees it. */
  id: IdCodec<T>;
  handle(interaction: ComponentInteraction, ctx: BotContext, state: T): Promise<void>;
}

/** Keeps a handler's state type tied to its ID codec. */
export function defineComponent<T>(handler: ComponentHandler<T>): ComponentHandler {
  return handler as unknown as ComponentHandler;
}

export interface SlashCommand {
  kind: 'slash';
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  components?: ComponentHandler[];
}

export interface MessageCommand {
  kind: 'message';
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
  components?: ComponentHandler[];
}

export type Command = SlashCommand | MessageCommand;
