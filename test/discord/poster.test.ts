import { DiscordAPIError, PermissionFlagsBits, PermissionsBitField, RESTJSONErrorCodes, type GuildTextBasedChannel } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelPoster } from '../../src/discord/poster.js';
import { collectingLogger } from '../helpers.js';

const apiError = (code: number, status: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'DELETE', '/channels/1/messages/2', {});

/** A channel whose deletes go as `outcomes` say, one per try (the last one repeats): 'ok', 'failing' (a 5xx past the retries, a lost connection), or an error to throw. */
function channelDeleting(outcomes: Array<'ok' | 'failing' | Error>) {
  const tries: string[] = [];
  const channel = {
    id: 'channel-1',
    guildId: 'guild-1',
    messages: {
      delete: async (id: string) => {
        const outcome = outcomes[Math.min(tries.length, outcomes.length - 1)]!;
        tries.push(id);
        if (outcome === 'failing') throw new Error('Service Unavailable');
        if (outcome instanceof Error) throw outcome;
      },
    },
  };
  return { channel: channel as unknown as GuildTextBasedChannel, tries };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ChannelPoster.remove', () => {
  it('deletes a reply Discord failed to delete in a later try, with backoff, and tries no more once it is gone', async () => {
    vi.useFakeTimers();
    const { logger } = collectingLogger();
    const { channel, tries } = channelDeleting(['failing', 'failing', 'ok']);
    expect(await new ChannelPoster(logger).remove(channel, 'reply-1')).toBe('failing');
    expect(tries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(tries).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(tries).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(tries).toEqual(['reply-1', 'reply-1', 'reply-1']);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(tries).toHaveLength(3);
  });

  it('leaves the reply after three more tries while Discord keeps failing, and says so in one line', async () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const { channel, tries } = channelDeleting(['failing']);
    await new ChannelPoster(logger).remove(channel, 'reply-1');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(tries).toHaveLength(4);
    expect(lines.filter((l) => l.msg.startsWith('a reply was left behind'))).toHaveLength(1);
  });

  it('does not try again a delete Discord refused, nor one of a reply already gone', async () => {
    vi.useFakeTimers();
    const { logger } = collectingLogger();
    const refused = channelDeleting([apiError(RESTJSONErrorCodes.MissingAccess, 403)]);
    expect(await new ChannelPoster(logger).remove(refused.channel, 'reply-1')).toBe('refused');
    const gone = channelDeleting([apiError(RESTJSONErrorCodes.UnknownMessage, 404)]);
    expect(await new ChannelPoster(logger).remove(gone.channel, 'reply-2')).toBe('deleted');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect([refused.tries, gone.tries]).toEqual([['reply-1'], ['reply-2']]);
  });

  it('names the replies still waiting for another try at shutdown, in one line, and tries them no more', async () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const poster = new ChannelPoster(logger);
    const { channel, tries } = channelDeleting(['failing']);
    await poster.remove(channel, 'reply-1');
    await poster.remove(channel, 'reply-2');
    poster.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(tries).toEqual(['reply-1', 'reply-2']);
    const left = lines.filter((l) => l.msg.startsWith('replies left behind at shutdown'));
    expect(left.map((l) => l.replies)).toEqual([[{ channel: 'channel-1', reply: 'reply-1' }, { channel: 'channel-1', reply: 'reply-2' }]]);
  });

  it('keeps a bounded number of replies waiting for another try: past it, one is left at once, and logged', async () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const poster = new ChannelPoster(logger);
    const { channel, tries } = channelDeleting(['failing']);
    for (let i = 0; i <= 1000; i += 1) await poster.remove(channel, `reply-${i}`);
    expect(lines.filter((l) => l.msg.startsWith('a reply was left behind'))).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(tries.filter((id) => id === 'reply-1000')).toHaveLength(1);
    expect(tries.filter((id) => id === 'reply-999')).toHaveLength(2);
  });
});

describe('ChannelPoster.reply', () => {
  /** A thread of `parentId` where the bot may see and read but not send in threads (as its parent says). */
  const threadOf = (id: string, parentId: string, locked = false) =>
    ({
      id,
      guildId: 'guild-1',
      parentId,
      locked,
      isThread: () => true,
      client: { user: { id: 'bot' } },
      permissionsFor: () =>
        new PermissionsBitField([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory, ...(locked ? [PermissionFlagsBits.SendMessagesInThreads] : [])]),
    }) as unknown as GuildTextBasedChannel;

  it('warns once an hour per forum or channel whose threads it may not post in, not once per thread', async () => {
    const { logger, lines } = collectingLogger();
    const warnings: Array<{ cause: string; text: string }> = [];
    const poster = new ChannelPoster(logger, (w) => warnings.push(w));
    for (const post of ['post-1', 'post-2', 'post-3']) expect((await poster.reply(threadOf(post, 'forum-1'), 'message', { content: 'x', embeds: [], components: [] })).ok).toBe(false);
    expect(lines.filter((l) => l.msg.startsWith('cannot answer here'))).toHaveLength(1);
    expect(warnings).toEqual([{ guildId: 'guild-1', cause: 'post:forum-1', text: 'In <#forum-1>: cannot answer here: the bot lacks Send Messages in Threads.' }]);
  });

  it('warns per locked thread, whose lock is its own', async () => {
    const { logger } = collectingLogger();
    const warnings: Array<{ cause: string }> = [];
    const poster = new ChannelPoster(logger, (w) => warnings.push(w));
    for (const post of ['post-1', 'post-2']) await poster.reply(threadOf(post, 'forum-1', true), 'message', { content: 'x', embeds: [], components: [] });
    expect(warnings.map((w) => w.cause)).toEqual(['post:post-1', 'post:post-2']);
  });
});
