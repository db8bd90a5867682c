import { DiscordAPIError, RESTJSONErrorCodes, type User } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { CannotPostNotices } from '../../src/discord/cannot-post-notice.js';
import { collectingLogger } from '../helpers.js';

const closedDms = () => new DiscordAPIError({ code: RESTJSONErrorCodes.CannotSendMessagesToThisUser, message: 'Cannot send messages to this user' }, 50007, 403, 'POST', '/channels/1/messages', {});

/** A member whose DMs go as `outcomes` say, one per try (the last one repeats). */
function memberWhoseDms(outcomes: Array<'ok' | Error>) {
  const sent: unknown[] = [];
  const member = {
    id: 'member-1',
    send: async (options: unknown) => {
      const outcome = outcomes[Math.min(sent.length, outcomes.length - 1)]!;
      sent.push(options);
      if (outcome instanceof Error) throw outcome;
    },
  };
  return { member: member as unknown as User, sent };
}

describe('CannotPostNotices', () => {
  it('tells a member once an hour, however often they ask where the bot may not post', async () => {
    const notices = new CannotPostNotices(collectingLogger().logger);
    const { member, sent } = memberWhoseDms(['ok']);
    expect(await notices.tell(member, 'muted', ['SendMessages'])).toBe('told');
    expect(await notices.tell(member, 'other-muted', ['SendMessages'])).toBe('cooldown');
    expect(sent).toEqual([{ content: expect.stringContaining('<#muted>'), allowedMentions: { parse: [], users: [], roles: [], repliedUser: false } }]);
  });

  it('tells a member again once the hour is over', async () => {
    // The cooldown's clock (lru-cache reads performance.now, and forgets its reading on a timer).
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const later = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    try {
      const notices = new CannotPostNotices(collectingLogger().logger);
      const { member, sent } = memberWhoseDms(['ok']);
      expect(await notices.tell(member, 'muted', [])).toBe('told');
      later(59 * 60_000);
      expect(await notices.tell(member, 'muted', [])).toBe('cooldown');
      later(2 * 60_000);
      expect(await notices.tell(member, 'muted', [])).toBe('told');
      expect(sent).toHaveLength(2);
    } finally {
      vi.useRealTimers();
      clock.mockRestore();
    }
  });

  it('does not try again for an hour when the member\'s DMs are closed, and does when Discord was failing', async () => {
    const notices = new CannotPostNotices(collectingLogger().logger);
    const closed = memberWhoseDms([closedDms()]);
    expect(await notices.tell(closed.member, 'muted', [])).toBe('dms-closed');
    expect(await notices.tell(closed.member, 'muted', [])).toBe('cooldown');
    expect(closed.sent).toHaveLength(1);

    const failing = memberWhoseDms([new Error('socket hang up'), 'ok']);
    const other = { ...failing.member, id: 'member-2', send: failing.member.send } as unknown as User;
    expect(await notices.tell(other, 'muted', [])).toBe('failed');
    expect(await notices.tell(other, 'muted', [])).toBe('told');
  });
});
