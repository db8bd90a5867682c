import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { ATTRIBUTION, CATEGORIES, CATEGORY_LABELS, PLATFORM_LABELS, PLATFORMS, type Category, type ErrorEntry, type Platform, type Severity } from '../data/index.js';
import { browseId, viewId } from './custom-ids.js';
import { entrySelectRow, type MessagePayload } from './entry.js';
import { escapeMarkdown } from '@discordjs/formatters';

export const BROWSE_PAGE_SIZE = 10;

export const SEVERITY_MARKS: Record<Severity, string> = { fatal: '🔴', error: '🟠', warn: '🟡', info: '🔵' };

export function browsePageCount(count: number): number {
  return Math.max(1, Math.ceil(count / BROWSE_PAGE_SIZE));
}

/** What the list shows: a category, a platform, or everything. */
export interface BrowseFilter {
  category: Category | 'all';
  platform: Platform | 'all';
}

/** The filter as it travels in a paging button's custom ID: `auth-macos`, `all-all`. */
export function encodeFilter(filter: BrowseFilter): string {
  return `${filter.category}-${filter.platform}`;
}

/** A filter back from its ID, or from the command's options; anything unknown is "all". */
export function decodeFilter(text: string | null | undefined, platform?: string | null): BrowseFilter {
  const [category, fromText] = (text ?? '').split('-');
  const known = <T extends string>(list: readonly T[], value: string | null | undefined): T | 'all' =>
    list.includes(value as T) ? (value as T) : 'all';
  return { category: known(CATEGORIES, category), platform: known(PLATFORMS, platform ?? fromText) };
}

/** One page of the error list, like the reference's sidebar: paging buttons for the owner, a select for anyone. */
export function renderBrowsePage(all: readonly ErrorEntry[], filter: BrowseFilter, requestedPage: number, ownerId: string): MessagePayload {
  const { category, platform } = filter;
  const entries = all.filter((e) => (category === 'all' || e.category === category) && (platform === 'all' || e.platforms.includes(platform)));
  const pages = browsePageCount(entries.length);
  const page = Math.min(Math.max(0, Math.trunc(requestedPage) || 0), pages - 1);
  const shown = entries.slice(page * BROWSE_PAGE_SIZE, (page + 1) * BROWSE_PAGE_SIZE);
  const heading = [category === 'all' ? 'All categories' : CATEGORY_LABELS[category], platform === 'all' ? undefined : PLATFORM_LABELS[platform]]
    .filter(Boolean)
    .join(' · ');
  const lines = shown.length
    ? shown.map((e) => `${SEVERITY_MARKS[e.severity]} \`${e.code}\` — ${escapeMarkdown(e.title)}`)
    : ['The reference documents no errors of this kind on this platform.'];
  const nav = (label: string, target: number, disabled: boolean, direction: 'prev' | 'next') => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: browseId.encode({ filter: encodeFilter(filter), page: target, ownerId, direction }),
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
      // A select needs at least one option: Discord refuses an empty one.
      ...(shown.length ? [entrySelectRow(viewId.encode(null), 'Open an error…', shown)] : []),
    ],
  };
}
