import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuildMember, type ChatInputCommandInteraction } from 'discord.js';
import { spotifyErrorCommand, targetCanRead } from '../../src/commands/spotify-error.js';
import type { ComponentInteraction } from '../../src/commands/types.js';
import type { BotContext } from '../../src/discord/context.js';
import { pickId } from '../../src/render/custom-ids.js';
import { collectingLogger, interactionInGuild, sharedLookup } from '../helpers.js';

/** A member's choice in a private "did you mean" menu, recording what the bot sent. */
function choose(messageId: string, code: string, sent: string[]) {
  const interaction = {
    message: { id: messageId },
    values: [code],
    user: { id: '323456789012345678' },
    ...interactionInGuild(),
    isStringSelectMenu: () => true,
    update: async (m: { content?: string }) => {
      // The update reaches Discord a moment later: a second choice can be handled meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      sent.push(`update ${m.content}`);
      interaction.replied = true;
    },
    reply: async (m: { content?: string; embeds?: Array<{ title?: string }> }) => void sent.push(`reply ${m.content ?? m.embeds?.[0]?.title}`),
    followUp: async (m: { content?: string; embeds?: Array<{ title?: string }> }) => void sent.push(`post ${m.embeds?.[0]?.title ?? m.content}`),
  };
  return interaction as unknown as ComponentInteraction;
}

describe('"did you mean" menu', () => {
  it('posts one entry per menu, even when a second choice arrives before the first one shows', async () => {
    const pick = spotifyErrorCommand.components!.find((c) => c.id === pickId)!;
    const lookup = sharedLookup();
    const ctx = { lookup, stats: { record: () => undefined }, metrics: { answered: () => undefined } } as unknown as BotContext;
    const sent: string[] = [];
    await Promise.all([
      pick.handle(choose('423456789012345678', 'auth:3', sent), ctx, { private: false }),
      pick.handle(choose('423456789012345678', 'auth:1', sent), ctx, { private: false }),
    ]);
    expect(sent.filter((s) => s.startsWith('post '))).toEqual([expect.stringMatching(/^post auth:3 /)]);
    expect(sent).toContain('reply An error from this menu was posted already. Run `/spotify-error` again for another.');
  });

  it('says a privately asked choice is shown to the member alone, not posted', async () => {
    const pick = spotifyErrorCommand.components!.find((c) => c.id === pickId)!;
    const ctx = { lookup: sharedLookup(), stats: { record: () => undefined }, metrics: { answered: () => undefined } } as unknown as BotContext;
    const sent: string[] = [];
    await pick.handle(choose('423456789012345679', 'auth:3', sent), ctx, { private: true });
    expect(sent[0]).toBe('update Here is `auth:3`, shown only to you.');
    const posted: string[] = [];
    await pick.handle(choose('423456789012345680', 'auth:3', posted), ctx, { private: false });
    expect(posted[0]).toBe('update Posted `auth:3`.');
  });

  it('tells a second quick choice in a privately asked menu that one was shown, not posted', async () => {
    const pick = spotifyErrorCommand.components!.find((c) => c.id === pickId)!;
    const ctx = { lookup: sharedLookup(), stats: { record: () => undefined }, metrics: { answered: () => undefined } } as unknown as BotContext;
    const sent: string[] = [];
    await Promise.all([
      pick.handle(choose('423456789012345681', 'auth:3', sent), ctx, { private: true }),
      pick.handle(choose('423456789012345681', 'auth:1', sent), ctx, { private: true }),
    ]);
    expect(sent).toContain('reply An error from this menu was shown to you already. Run `/spotify-error` again for another.');
  });
});

describe('whether the member named in `user` can read the channel', () => {
  /** The command in a server channel, naming `member` (null: not in the server); the channel's permissions for them. */
  const asked = (member: unknown, permissionsFor: () => unknown) =>
    ({
      inGuild: () => true,
      options: { getMember: () => member },
      channel: { isDMBased: () => false, permissionsFor },
    }) as unknown as ChatInputCommandInteraction;
  const member = Object.create(GuildMember.prototype) as GuildMember;

  it('says no for someone not in the server, and asks the channel for a member', () => {
    expect(targetCanRead(asked(null, () => null))).toBe(false);
    expect(targetCanRead(asked(member, () => ({ has: () => false })))).toBe(false);
    expect(targetCanRead(asked(member, () => ({ has: () => true })))).toBe(true);
  });

  it('cannot tell, rather than fail, in a thread whose parent channel is not cached (no permissions to read)', () => {
    expect(targetCanRead(asked(member, () => null))).toBeUndefined();
  });
});

describe('/spotify-error with a screenshot, which takes seconds to read', () => {
  afterEach(() => vi.useRealTimers());

  // Discord drops an interaction not answered within 3 s: the deferral's 2 s count from the command's start.
  it('defers two seconds after the command began even when the wall clock was set back meanwhile (an NTP step)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const sent: string[] = [];
    const interaction = {
      ...interactionInGuild(),
      user: { id: '323456789012345678' },
      options: {
        getString: () => null,
        getAttachment: () => ({ name: 'error.png', contentType: 'image/png', size: 50_000, width: 800, height: 600, url: 'https://cdn.discordapp.com/e.png' }),
        getUser: () => null,
        getBoolean: () => null,
      },
      deferReply: async () => void (sent.push('defer'), (interaction.deferred = true)),
      reply: async () => void (sent.push('reply'), (interaction.replied = true)),
      editReply: async () => void (sent.push('edit'), (interaction.replied = true)),
      followUp: async () => void sent.push('followUp'),
    };
    let read!: () => void;
    const ctx = {
      // The server's phrases take 1.5 s to read, and the host's clock is set back an hour meanwhile.
      guildData: {
        phrases: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          vi.setSystemTime(Date.now() - 60 * 60_000);
          return [];
        },
      },
      answerer: {
        readsImages: true,
        answer: () => new Promise((resolve) => (read = () => resolve({ kind: 'miss' }))),
        present: () => ({ payload: { content: 'Nothing found.' }, private: false, stats: [] }),
      },
      logger: collectingLogger().logger,
      stats: { record: () => undefined },
      metrics: { answered: () => undefined },
    } as unknown as BotContext;
    const done = spotifyErrorCommand.execute(interaction as unknown as ChatInputCommandInteraction, ctx);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['defer']);
    read();
    await done;
    expect(sent).toHaveLength(2); // the deferral, then the answer
  });
});
