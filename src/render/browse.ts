import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { ATTRIBUTION, CATEGORY_LABELS, type Category, type ErrorEntry, type Severity } from '../data/index.js';
import { browseId, viewId } from './custom-ids.js';
import { entrySelectRow, type MessagePayload } from './entry.js';
import { escapeMarkdown } from '@discordjs/formatters';

export const BROWSE_PAGE_SIZE = 10;

export const SEVERITY_MARKS: Record<Severity, string> = { fatal: '🔴', error: '🟠', warn: '🟡', info: '🔵' };

export function browsePageCount(count: number): number {
  return Math.max(1, Math.ceil(count / BROWSE_PAGE_SIZE));
}

/** One page of the error list, like the reference's sidebar: paging buttons for the owner, a select for anyone. */
export function renderBrowsePage(
  all: readonly ErrorEntry[],
  category: Category | 'all',
  requestedPage: number,
  ownerId: string,
): MessagePayload {
  const entries = category === 'all' ? all : all.filter((e) => e.category === category);
  const pages = browsePageCount(entries.length);
  const page = Math.min(Math.max(0, Math.trunc(requestedPage) || 0), pages - 1);
  const shown = entries.slice(page * BROWSE_PAGE_SIZE, (page + 1) * BROWSE_PAGE_SIZE);
  const heading = category === 'all' ? 'All categories' : CATEGORY_LABELS[category];
  const lines = shown.map((e) => `${SEVERITY_MARKS[e.severity]} \`${e.code}\` — ${escapeMarkdown(e.title)}`);
  const nav = (label: string, target: number, disabled: boolean, direction: 'prev' | 'next') => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: browseId.encode({ filter: category, page: target, ownerId, direction }),
    disabled,
  });
  return {
    embeds: [
      {
        title: `Spotify desktop errors — ${heading}`,
        description: `${lines.join('\n')}\n\n🔴 fatal · 🟠 error · 🟡 warning · 🔵 info`,
        color: 0x1db954,
        footer: { text: `Page ${page + 1} of ${pages} · ${entries.length} errors · ${ATTRIBUTION}` },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          nav('◀ Previous', page - 1, page === 0, 'prev'),
          nav('Next ▶', page + 1, page >= pages - 1, 'next'),
        ],
      },
      entrySelectRow(viewId.encode(null), 'Open an error…', shown),
    ],
  };
}
