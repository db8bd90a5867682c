import { userMention } from '@discordjs/formatters';
import { REFERENCE_URL, type ErrorEntry } from '../data/index.js';
import { entrySelectRow, renderEntry, type MessagePayload } from './entry.js';
import { safeEcho } from './sanitize.js';
import type { ScreenshotReading } from '../images/screenshot-reader.js';
import { quotedReading } from './screenshot.js';

/** The texts of answers that are not an entry, in one place: misses, prompts, "did you mean". */

/** What to try when nothing clearly matched (a miss, with or without the closest errors). */
const TRY_INSTEAD =
  'the code Spotify shows (like `auth:3` or `accounts:103`) or the exact words of the message, ' +
  `browse them with \`/spotify-errors\`, or read the full reference: <${REFERENCE_URL}>`;

export function noMatchText(query: string): string {
  return `I couldn't find a documented Spotify error for “${safeEcho(query)}”. Try ${TRY_INSTEAD}`;
}

/** What picking from a miss's closest errors does: posts it, shows it privately, or opens it for whoever picks. */
export type NearestPick = 'posts' | 'private' | 'opens';

const NEAREST_PICK: Record<NearestPick, string> = {
  posts: 'pick one if it fits and I will post it',
  private: 'pick one if it fits',
  opens: 'pick one to read it',
};

/** A miss that still offers the closest documented errors in a menu (they may not be it). */
export function nearestPayload(customId: string, query: string, entries: readonly ErrorEntry[], pick: NearestPick): MessagePayload {
  return closestMenu(
    `I couldn't find a documented Spotify error that clearly matches “${safeEcho(query)}”. ` +
      `The closest ones are in the menu: ${NEAREST_PICK[pick]}. Otherwise try ${TRY_INSTEAD}`,
    customId,
    entries,
  );
}

/** The same for a screenshot that shows no documented error: what was read from it, and the errors closest to that. */
export function screenshotNearestPayload(customId: string, reading: Pick<ScreenshotReading, 'name' | 'text'>, entries: readonly ErrorEntry[], pick: NearestPick): MessagePayload {
  return closestMenu(
    `I could not read a Spotify error in this image. The text I read: ${quotedReading(reading)}\n` +
      `The closest documented errors are in the menu: ${NEAREST_PICK[pick]}. ` +
      'Otherwise type the code Spotify shows (like `auth:3`), or try a sharper screenshot of just the error.',
    customId,
    entries,
  );
}

function closestMenu(content: string, customId: string, entries: readonly ErrorEntry[]): MessagePayload {
  return { content, embeds: [], components: [entrySelectRow(customId, 'Closest documented errors…', entries)] };
}

export const NOTHING_ASKED =
  'Tell me the error: type its code or what Spotify shows in `query` (like `auth:3`), or attach a `screenshot` of it.';

export const MENTION_PROMPT = 'Paste the Spotify error after the mention, like `@me Error code: auth:73`, or use `/spotify-error`.';

/** A mention replying to the bot's answer with words that show no error ("it didn't work"). */
export const FOLLOW_UP_PROMPT =
  "Sorry it's not fixed yet. Tell me what Spotify shows now: mention me with its code (like `auth:73`), its exact message or a screenshot, " +
  'and I will look again. A helper here can take it from there too.';

export function severalMatchLead(query: string): string {
  return `Several errors match “${safeEcho(query)}”`;
}

/** "@member, here is the fix for `code` (sent by @helper)." */
export function addressLine(entry: ErrorEntry, forUserId: string, sentById?: string): string {
  const sender = sentById && sentById !== forUserId ? ` (sent by ${userMention(sentById)})` : '';
  return `${userMention(forUserId)}, here is the fix for \`${entry.code}\`${sender}.`;
}

/** A fix under a message no mention reaches (a webhook's or a bot's): "Here is the fix for `code` (sent by @helper)." */
export function unaddressedLine(code: string, sentById: string): string {
  return `Here is the fix for \`${code}\` (sent by ${userMention(sentById)}).`;
}

/** The full answer for one entry, addressed to a member when a helper named one. */
export function addressedEntry(
  entry: ErrorEntry,
  related: readonly ErrorEntry[],
  forUserId?: string,
  sentById?: string,
): MessagePayload {
  const payload = renderEntry(entry, { related });
  if (forUserId) payload.content = addressLine(entry, forUserId, sentById);
  return payload;
}

/** A private "did you mean" menu: `lead`, then the entries to pick from. */
export function pickerPayload(customId: string, lead: string, entries: readonly ErrorEntry[], postsPublicly: boolean): MessagePayload {
  return {
    content: `${lead}. Pick the one that fits${postsPublicly ? ' and I will post it' : ''}:`,
    embeds: [],
    components: [entrySelectRow(customId, 'Did you mean…', entries)],
  };
}

export function text(content: string): MessagePayload {
  return { content, embeds: [], components: [] };
}
