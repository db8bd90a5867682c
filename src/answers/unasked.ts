import type { ExtraPhrase } from '../core/search.js';
import type { AttachmentInfo } from '../images/image-check.js';
import type { GuildSettings } from '../settings/schema.js';
import type { Ask } from './types.js';

/**
 * Where a message answered unasked was posted: a channel with automatic replies (`helpChannel`: one
 * the server chose for Spotify help), or a help-forum post, whose title counts as text (people write the error there).
 */
export type UnaskedWhere = { way: 'auto'; helpChannel: boolean } | { way: 'forum'; title: string };

/** A message the bot answers without being asked, as plain data. */
export interface UnaskedMessage {
  /** The server's settings that say how unasked messages are read. */
  settings: Pick<GuildSettings, 'symptomMode' | 'screenshots'>;
  guildId: string;
  /** The server's own phrases. */
  phrases: readonly ExtraPhrase[];
  text: string;
  /** The message's attachments; none when following an edit (its text alone is read again). */
  attachments: readonly AttachmentInfo[];
  where: UnaskedWhere;
  /** Which images may be read now (the member's images per minute). */
  admitImages?: Ask['admitImages'];
}

/**
 * The `Ask` for an automatic reply or a new help-forum post, and for the edits they follow: the one
 * place that says how a server's settings read what nobody asked the bot about.
 */
export function unaskedAsk(message: UnaskedMessage): Ask {
  const { settings, where, admitImages } = message;
  return {
    way: where.way,
    text: where.way === 'forum' ? `${where.title}\n${message.text}` : message.text,
    // Read unless the server turned screenshot reading off (asking the bot reads them still).
    images: settings.screenshots ? message.attachments : [],
    guildId: message.guildId,
    phrases: message.phrases,
    symptomMode: settings.symptomMode,
    // A help forum is a place the server chose for Spotify help.
    helpChannel: where.way === 'forum' ? true : where.helpChannel,
    ...(admitImages ? { admitImages } : {}),
  };
}
