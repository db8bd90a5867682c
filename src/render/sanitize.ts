import { escapeMarkdown } from '@discordjs/formatters';

/** Breaks @everyone/@here and <@…>/<#…>/<@&…> so they neither ping nor render as mentions. */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<([@#])/g, '<\u200b$1');
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** User text made safe to show back: one line, truncated, markdown escaped, mentions broken. */
export function safeEcho(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return neutralizeMentions(escapeMarkdown(truncate(oneLine, max)));
}
