import { escapeMarkdown } from '@discordjs/formatters';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APISelectMenuOption,
} from 'discord-api-types/v10';
import { ATTRIBUTION, CATEGORY_LABELS, platformLabel, REFERENCE_URL, type ErrorEntry, type Note, type Severity } from '../data/index.js';
import { choiceName } from '../core/lookup.js';
import { headline } from '../core/related.js';
import { codeKey, MAX_CUSTOM_ID, viewId, voteId, votesId } from './custom-ids.js';
import { truncate } from './sanitize.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
}

export const SEVERITY_COLORS: Record<Severity, number> = {
  fatal: 0xe03e3e,
  error: 0xf08c00,
  warn: 0xf5c400,
  info: 0x3b82f6,
};

export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  selectOptions: 25,
  selectOptionDescription: 100,
} as const;

/** Paths, commands, URLs and API routes shown as inline code; everything else is escaped text. */
const CODE_LIKE = new RegExp(
  [
    String.raw`[A-Za-z]:\\[^\s,;]+`,
    String.raw`%\w+%(?:\\[^\s,;]*)?`,
    String.raw`\b[a-z]+:\/\/[^\s,;)]*`,
    String.raw`\b(?:ipconfig \/flushdns|w32tm \/resync|sc start \w+|sudo apt install [\w.-]+)`,
    String.raw`\b[\w-]+\.(?:msc|cpl|exe)\b`,
    String.raw`\bmsconfig\b`,
    String.raw`(?:\b(?:GET|POST|PUT|DELETE) )?\/(?:v1|me)\/[^\s,;]+`,
  ].join('|'),
  'g',
);

/** Escapes markdown and wraps paths and commands in inline code. */
export function formatText(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE_LIKE)) {
    const raw = match[0].replace(/[.]+$/, '');
    out += escapeMarkdown(text.slice(last, match.index)) + `\`${raw.replace(/`/g, "'")}\``;
    last = match.index + raw.length;
  }
  return out + escapeMarkdown(text.slice(last));
}

export function formatChain(entry: ErrorEntry): string {
  return entry.chain
    .map((node, i) => {
      const label = escapeMarkdown(node.label) + (node.detail ? ` *(${escapeMarkdown(node.detail)})*` : '');
      return i === entry.chain.length - 1 ? `**${label}**` : label;
    })
    .join(' → ');
}

/** An item wholly in parentheses describes what happens instead of a text ("(Opens … dialog.)"): shown as such, not quoted. */
const DESCRIPTION = /^\(.*\)$/s;

function quoteMessages(entry: ErrorEntry): string {
  const quoted = (m: string) => !DESCRIPTION.test(m);
  return entry.messages
    .map((m, i) => {
      const line = quoted(m) ? `> ${escapeMarkdown(m)}` : `*${escapeMarkdown(m)}*`;
      if (i === 0) return line;
      return `${quoted(m) && quoted(entry.messages[i - 1]!) ? '> *or*' : '*or*'}\n${line}`;
    })
    .join('\n');
}

/** Splits list lines into as few fields as fit the 1,024-character value limit. */
function listFields(name: string, lines: string[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let current = '';
  for (const line of lines) {
    const safe = truncate(line, LIMITS.fieldValue);
    if (current && current.length + 1 + safe.length > LIMITS.fieldValue) {
      fields.push({ name: fieldName(name, fields.length), value: current });
      current = '';
    }
    current = current ? `${current}\n${safe}` : safe;
  }
  if (current) fields.push({ name: fieldName(name, fields.length), value: current });
  return fields;
}

function fieldName(name: string, index: number): string {
  return truncate(index ? `${name} (continued)` : name, LIMITS.fieldName);
}

function footer(entry: ErrorEntry): string {
  return `Severity: ${entry.severity} · ${CATEGORY_LABELS[entry.category]} · ${platformLabel(entry.platforms)} · ${ATTRIBUTION}`;
}

/**
 * A note: its prose and its code snippet as a code block, in one field where they fit, else (not
 * `short`) the snippet and what follows it go on in the next fields; a snippet that does not fit is
 * left to the full reference.
 */
function noteFields(note: Note, short = false): APIEmbedField[] {
  const name = truncate(note.title, LIMITS.fieldName);
  const prose = formatText(note.text);
  const after = note.afterSnippet ? [formatText(note.afterSnippet)] : [];
  const block = note.snippet ? `\`\`\`${note.snippet.language ?? ''}\n${note.snippet.code.replace(/```/g, "'''")}\n\`\`\`` : undefined;
  const parts = [prose, ...(block ? [block] : []), ...after];
  if (block && (block.length > LIMITS.fieldValue || (short && parts.join('\n').length > LIMITS.fieldValue))) {
    return [{ name, value: truncate([prose, '*The code example is in the full reference.*', ...after].join('\n'), LIMITS.fieldValue) }];
  }
  return listFields(name, parts);
}

export interface RenderOptions {
  /** Short form for auto-replies: message, chain and the first steps. */
  compact?: boolean;
  /** Other entries that show the same displayed message. */
  related?: readonly ErrorEntry[];
  /** The note in one field, its code example left to the full reference where it does not fit beside the prose. */
  shortNote?: boolean;
}

export function renderEntryEmbed(entry: ErrorEntry, options: RenderOptions = {}): APIEmbed {
  const steps = entry.resolution.map((step, i) => `${i + 1}. ${formatText(step)}`);
  const description = `${quoteMessages(entry)}\n\n**Cause chain**\n${formatChain(entry)}`;
  const fields: APIEmbedField[] = [];
  if (options.compact) {
    const shown = steps.slice(0, 3);
    if (steps.length > shown.length) shown.push(`*…${steps.length - shown.length} more: \`/spotify-error ${entry.code}\`*`);
    fields.push(...listFields('Try this', shown));
  } else {
    fields.push(...listFields('Likely causes', entry.causes.map((c) => `• ${formatText(c)}`)));
    fields.push(...listFields('Resolution', steps));
    if (entry.note) fields.push(...noteFields(entry.note, options.shortNote));
  }
  return {
    title: truncate(`${entry.code} — ${escapeMarkdown(entry.title)}`, LIMITS.title),
    url: REFERENCE_URL,
    color: SEVERITY_COLORS[entry.severity],
    description: truncate(description, LIMITS.description),
    fields: fields.slice(0, LIMITS.fields),
    footer: { text: truncate(footer(entry), LIMITS.footer) },
  };
}

export function referenceButton() {
  return { type: ComponentType.Button as const, style: ButtonStyle.Link as const, label: 'Full reference', url: REFERENCE_URL };
}

/**
 * "Helped" / "Didn't help" for an answer showing the errors `codes` (a vote counts for each). One
 * error's buttons name its code, unless the code is too long for a custom ID: then, as several
 * errors' do, its key.
 */
export function feedbackButtons(codes: readonly string[]) {
  const named = codes.length === 1 && `${voteId.prefix}:1:${codes[0]!}`.length <= MAX_CUSTOM_ID;
  const id = (helped: boolean) => (named ? voteId.encode({ helped, code: codes[0]! }) : votesId.encode({ helped, keys: codes.map(codeKey) }));
  return [
    { type: ComponentType.Button as const, style: ButtonStyle.Success as const, label: 'Helped', emoji: { name: '👍' }, custom_id: id(true) },
    { type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, label: "Didn't help", emoji: { name: '👎' }, custom_id: id(false) },
  ];
}

/**
 * A select's options: each entry by code and title, described by what Spotify shows for it (the
 * message a member recognises), or by its cause chain where another option shows one of its messages
 * too (the firewall seven, "The username or password is incorrect."): the chain tells those apart.
 */
export function entryOptions(entries: readonly ErrorEntry[]): APISelectMenuOption[] {
  const shown = entries.slice(0, LIMITS.selectOptions);
  const headlines = shown.map((e) => new Set(e.messages.map(headline)));
  const sharesMessage = (i: number) => headlines.some((other, j) => j !== i && [...headlines[i]!].some((h) => other.has(h)));
  return shown.map((e, i) => ({
    label: choiceName(e),
    value: e.code,
    description: truncate((sharesMessage(i) ? e.chain.map((node) => node.label).join(' → ') : e.messages[0]!).replace(/\s+/g, ' '), LIMITS.selectOptionDescription),
  }));
}

export function entrySelectRow(customId: string, placeholder: string, entries: readonly ErrorEntry[]): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId,
        placeholder: truncate(placeholder, 150),
        options: entryOptions(entries),
      },
    ],
  };
}

/** The full answer for one entry: embed, link and feedback buttons, and a select of entries sharing its message. */
export function renderEntry(entry: ErrorEntry, options: RenderOptions = {}): MessagePayload {
  const components: ActionRow[] = [
    { type: ComponentType.ActionRow, components: [referenceButton(), ...feedbackButtons([entry.code])] },
  ];
  if (options.related?.length) components.push(relatedSelectRow(options.related));
  return { embeds: [renderEntryEmbed(entry, options)], components };
}

/** The menu of other entries that show an entry's message, each opening privately for whoever picks it. */
export function relatedSelectRow(related: readonly ErrorEntry[]): ActionRow {
  return entrySelectRow(viewId.encode(null), 'Other errors that show the same message…', related);
}

/** Characters Discord counts towards the 6,000 limit across a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
