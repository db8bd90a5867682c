import { escapeMarkdown } from '@discordjs/formatters';
import { INVISIBLE_CHARACTERS } from '../core/text.js';

/**
 * Breaks @everyone/@here and Discord's tags so they neither ping nor render: mentions (<@…>, <#…>,
 * <@&…>), slash-command mentions (</name:id>), timestamps (<t:…>), custom emoji (<:name:id>,
 * <a:name:id>) and server-guide links (<id:…>). Each needs its marker right after the `<`.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<(?=[@#/:]|[a-z]+:)/gi, '<\u200b');
}

/**
 * Breaks links so they never render as one: Discord links `scheme://…` (also inside a masked
 * `[text](url)` or `<url>`) and Discord's hosts of invites, gifts and server templates, which it
 * shows as cards without a scheme; a zero-width space after the colon or dot stops it.
 */
export function neutralizeLinks(text: string): string {
  return text.replace(/:\/\//g, ':\u200b//').replace(/\b(discord(?:app)?\.(?:gg|com|io|gift|new))/gi, (host) => host.replace('.', '.\u200b'));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 units, cut between whole characters (never half an emoji or a lone
 * surrogate), with an ellipsis when cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * Backticks are escaped one by one in safeEcho (Discord's escaper leaves the fourth of a run bare), and so
 * are the stars and underscores it leaves bare after what it takes for a link (`<3:/*sigh*`).
 */
const EVERY_MARK = {
  codeBlock: false,
  inlineCode: false,
  bold: true,
  italic: true,
  underline: true,
  strikethrough: true,
  spoiler: true,
  codeBlockContent: true,
  inlineCodeContent: true,
  escape: true,
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
} as const;


/** A backtick, star or underscore no backslash escapes (after an even run of them, which are escaped backslashes). */
const BARE_MARK = /(?<!\\)((?:\\\\)*)([`*_])/g;

/** Combining marks past the fourth on one letter: zalgo, whose stacks spill over the lines above and below. Scripts need fewer. */
const STACKED_MARKS = /(\p{M}{4})\p{M}+/gu;

/**
 * User text made safe to show back, anywhere the bot echoes it: one line, truncated, and never a
 * mention, a link (plain or masked), formatting, a bidi control, a zero-width space or zalgo.
 */
export function safeEcho(text: string, max = 100): string {
  const oneLine = text
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .replace(STACKED_MARKS, '$1')
    .trim();
  // Broken first: Discord's escaper leaves markup inside links and after `<:` alone, which a broken one would render.
  return escapeMarkdown(neutralizeMentions(neutralizeLinks(truncate(oneLine, max))), EVERY_MARK).replace(BARE_MARK, '$1\\$2');
}
