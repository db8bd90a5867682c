import { spotifyErrorCommand } from './spotify-error.js';
import { spotifyErrorsCommand } from './spotify-errors.js';
import type { Command, ComponentHandler } from './types.js';

/** The one list of commands: the interaction router and the deploy script both read it. */
export const commands: readonly Command[] = [spotifyErrorCommand, spotifyErrorsCommand];

export const componentHandlers: readonly ComponentHandler[] = commands.flatMap((c) => c.components ?? []);

export function commandPayloads() {
  return commands.map((c) => c.data);
}
