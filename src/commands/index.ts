import { dismiss } from '../components/dismiss.js';
import { vote, votes } from '../components/vote.js';
import { sendSpotifyFixCommand } from './send-spotify-fix.js';
import { spotifyErrorAdminCommand } from './spotify-error-admin/index.js';
import { spotifyErrorCommand } from './spotify-error.js';
import { spotifyErrorsCommand } from './spotify-errors.js';
import { solvedCommand } from './solved.js';
import type { Command, ComponentHandler } from './types.js';

/** The one list of commands: the interaction router and the deploy script both read it. */
export const commands: readonly Command[] = [
  spotifyErrorCommand,
  spotifyErrorsCommand,
  spotifyErrorAdminCommand,
  sendSpotifyFixCommand,
  solvedCommand,
];

/** Buttons and menus: those of the commands, Dismiss on automatic replies, and feedback on answers. */
export const componentHandlers: readonly ComponentHandler[] = [...commands.flatMap((c) => c.components ?? []), dismiss, vote, votes];

export function commandPayloads() {
  return commands.map((c) => c.data);
}
