import type { APIEmbed } from 'discord-api-types/v10';
import { truncate } from './sanitize.js';

export const MESSAGE_CONTENT_LIMIT = 2000;

/** Lines in as few messages as hold them, none split between two (a line too long alone is cut). */
export function linesInMessages(lines: readonly string[], max = MESSAGE_CONTENT_LIMIT): string[] {
  const messages: string[] = [];
  for (const line of lines.map((l) => truncate(l, max))) {
    const last = messages.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= max) messages[messages.length - 1] = `${last}\n${line}`;
    else messages.push(line);
  }
  return messages;
}

/**
 * An embed as Discord markdown in message content, for channels where the bot may not embed. What is
 * cut to fit is the body: the footer (platform, the reference's attribution) stays.
 */
export function embedToMarkdown(embed: APIEmbed, max = MESSAGE_CONTENT_LIMIT): string {
  const parts: string[] = [];
  if (embed.title) parts.push(`**${embed.title}**`);
  if (embed.description) parts.push(embed.description);
  for (const field of embed.fields ?? []) parts.push(`**${field.name}**\n${field.value}`);
  const footer = embed.footer?.text ? `-# ${embed.footer.text}` : '';
  const room = max - footer.length - 2;
  if (!footer || room < 1) return cutMarkdown([...parts, footer].filter(Boolean).join('\n\n'), max);
  return [cutMarkdown(parts.join('\n\n'), room), footer].filter(Boolean).join('\n\n');
}

const FENCE = /```/g;
const opensBlock = (text: string) => (text.match(FENCE)?.length ?? 0) % 2 === 1;

/** Markdown cut to `max`: a code block cut open is closed, or it would swallow what follows (the footer). */
function cutMarkdown(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text || !opensBlock(cut)) return cut;
  const shorter = truncate(text, max - 4);
  return opensBlock(shorter) ? `${shorter}\n\`\`\`` : shorter;
}

/** Several embeds as text in one message: each gets an equal share of what the content leaves when all do not fit. */
export function embedsToMarkdown(content: string | undefined, embeds: readonly APIEmbed[], max = MESSAGE_CONTENT_LIMIT): string {
  const whole = [content, ...embeds.map((e) => embedToMarkdown(e, max))].filter(Boolean).join('\n\n');
  if (whole.length <= max || embeds.length === 0) return truncate(whole, max);
  const lead = content ? content.length + 2 : 0;
  const share = Math.floor((max - lead - 2 * (embeds.length - 1)) / embeds.length);
  return truncate([content, ...embeds.map((e) => embedToMarkdown(e, share))].filter(Boolean).join('\n\n'), max);
}

/** Discord markdown made readable in a terminal: escapes, emphasis and quote marks removed. */
export function markdownToPlain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|[^\\])\*(.+?)\*/g, '$1$2')
    .replace(/\\([\\*_~`|>#\-[\]().:])/g, '$1')
    .replace(/^-# /gm, '')
    .replace(/<@!?(\d+)>/g, '@user:$1');
}

/** An embed as plain text for the command line and demo transcripts. */
export function embedToPlain(embed: APIEmbed): string {
  const lines: string[] = [];
  if (embed.title) lines.push(markdownToPlain(embed.title), '='.repeat(Math.min(72, embed.title.length)));
  if (embed.description) lines.push(markdownToPlain(embed.description));
  for (const field of embed.fields ?? []) lines.push('', `${markdownToPlain(field.name)}:`, markdownToPlain(field.value));
  if (embed.footer?.text) lines.push('', `-- ${markdownToPlain(embed.footer.text)}`);
  return lines.join('\n');
}
