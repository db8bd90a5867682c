import type { APIEmbed } from 'discord-api-types/v10';
import { embedToPlain, markdownToPlain } from '../../src/render/text.js';
import type { Message } from './types.js';

/** A message as a terminal transcript block: author, content, embeds as text, components in brackets. */
export function formatMessage(message: Message, names: Map<string, string> = new Map()): string {
  const who = message.author.bot ? `🤖 ${message.author.username}` : `👤 ${message.author.username}`;
  const flags = message.flags & 64 ? ' (only you can see this)' : '';
  const lines = [`${who}${flags}:`];
  const mention = (text: string) =>
    text.replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.get(id) ?? id}`).replace(/<#(\d+)>/g, (_, id: string) => `#${names.get(id) ?? id}`);
  if (message.content) lines.push(indent(markdownToPlain(mention(message.content))));
  for (const embed of message.embeds) lines.push(indent(mention(embedToPlain(embed as APIEmbed))));
  for (const row of message.components) {
    for (const c of row.components ?? []) {
      if (c.type === 2) lines.push(indent(`[button: ${c.label}${c.url ? ` → ${c.url}` : ''}]`));
      if (c.type === 3) lines.push(indent(`[menu: ${c.placeholder} (${c.options?.length ?? 0} choices)]`));
    }
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
