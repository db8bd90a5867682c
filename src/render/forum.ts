import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { escapeMarkdown, userMention } from '@discordjs/formatters';
import type { ErrorEntry } from '../data/index.js';
import { solvedId, viewId } from './custom-ids.js';
import { entrySelectRow, type ActionRow, type MessagePayload } from './entry.js';

/** The Mark solved button, for the post's owner and helpers. */
export function solvedButton(threadId: string) {
  return { type: ComponentType.Button as const, style: ButtonStyle.Success as const, label: 'Mark solved', emoji: { name: '✅' }, custom_id: solvedId.encode({ threadId }) };
}

/** Adds Mark solved to a reply: on its first button row when there is room, else on a row of its own. */
export function withSolvedButton(payload: MessagePayload, threadId: string): MessagePayload {
  const button = solvedButton(threadId);
  const rows = payload.components.map((row) => ({ ...row, components: [...row.components] }));
  const buttons = rows.find((row) => row.components.every((c) => c.type === ComponentType.Button) && row.components.length < 5);
  if (buttons) buttons.components.unshift(button);
  else rows.push({ type: ComponentType.ActionRow, components: [button] });
  return { ...payload, components: rows.slice(0, 5) };
}

/**
 * The greeting for a post that shows no documented error: what helps a helper, where to look it
 * up, and the likeliest entries when some are likely (one is named, several are a menu).
 */
export function renderOnboarding(threadId: string, candidates: readonly ErrorEntry[]): MessagePayload {
  const components: ActionRow[] = [];
  if (candidates.length > 1) components.push(entrySelectRow(viewId.encode(null), 'It might be one of these…', candidates));
  const [only] = candidates.length === 1 ? candidates : [];
  components.push({ type: ComponentType.ActionRow, components: [solvedButton(threadId)] });
  return {
    embeds: [
      {
        title: 'Thanks for posting — a few things help us help you',
        description: [
          '• **The error**: the code Spotify shows (like `auth:3`), or a screenshot of the dialog',
          '• **Windows or macOS**, and the Spotify version (Help → About Spotify, or Spotify → About Spotify on a Mac)',
          '• **What you already tried**',
          '',
          'You can look an error up yourself with `/spotify-error` or browse them with `/spotify-errors`.',
          only
            ? `From what you wrote, it might be **${only.code}** (${escapeMarkdown(only.title)}): \`/spotify-error ${only.code}\` shows the fix.`
            : candidates.length
              ? 'From what you wrote, it might be one of the errors in the menu below.'
              : '',
          'When it is fixed, press **Mark solved** (or use `/solved`).',
        ]
          .filter((line, i, all) => line !== '' || all[i - 1] !== '')
          .join('\n')
          .trim(),
        color: 0x1db954,
      },
    ],
    components,
  };
}

/**
 * How a post ends in Discord: `locked` (members can no longer post there: only a new post is offered), `archived`
 * (posting there again reopens it), or `open` (the bot may not archive it: nothing is said to be closed).
 */
export type ClosedAs = 'locked' | 'archived' | 'open';

/** The line posted when a post is marked solved, naming (never pinging) who marked it, where known. */
export function solvedText(byUserId: string | undefined, closedAs: ClosedAs): string {
  const after = {
    locked: ' This post is now closed and locked; if the problem comes back, make a new post.',
    archived: ' This post is now closed; post again here to reopen it.',
    open: '',
  }[closedAs];
  return `✅ Marked solved${byUserId ? ` by ${userMention(byUserId)}` : ''}.${after}`;
}

/** The message posted when a post went quiet: whether it was answered, and how to reopen it (or, locked, to make a new post). */
export function closingText(answered: boolean, idleHours: number, closedAs: ClosedAs): string {
  const hours = idleHours === 1 ? 'an hour' : `${idleHours} hours`;
  if (closedAs === 'open') {
    const quiet = `No new messages here for ${hours}.`;
    return answered
      ? `${quiet} It was answered; if the problem comes back, post here again, or make a new post.`
      : `${quiet} Nobody has answered it yet, sorry. Post here again, or make a new post with the error code or a screenshot of the Spotify dialog.`;
  }
  const quiet = `This post was closed after ${hours} without new messages.`;
  if (closedAs === 'locked') {
    return answered
      ? `${quiet} It was answered; if the problem comes back, make a new post.`
      : `${quiet} Nobody has answered it yet, sorry. Make a new post with the error code or a screenshot of the Spotify dialog.`;
  }
  return answered
    ? `${quiet} It was answered; if the problem comes back, post here again to reopen it, or make a new post.`
    : `${quiet} Nobody has answered it yet, sorry. Post here again to reopen it, or make a new post with the error code or a screenshot of the Spotify dialog.`;
}
