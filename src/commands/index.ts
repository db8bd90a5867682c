import { dismiss } from '../components/dismiss.js';
import { spotifyErrorCommand } from './spotify-error.js';
import { spotifyErrorsCommand } from './spotify-errors.js';
import type { Command, ComponentHandler } from './types.js';

/** The one list of commands: the interaction router and the deploy script both read it. */
export const commands: readonly Command[] = [spotifyErrorCommand, spotifyErrorsCommand];

/** Buttons and menus: those of the commands, and Dismiss on automatic replies. */
export const componentHandlers: readonly ComponentHandler[] = [...commands.flatMap((c) => c.components ?? []), dismiss];

export function commandPayloads() {
  return commands.map((c) => c.data);
}
