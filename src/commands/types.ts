import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  ButtonInteraction,
  StringSelectMenuInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from '../discord/context.js';

/** The components the bot sends: buttons and string selects. */
export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

export interface ComponentHandler {
  /** The custom_id prefix this handler owns (see render/custom-ids). */
  prefix: string;
  handle(interaction: ComponentInteraction, ctx: BotContext, parts: string[]): Promise<void>;
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
