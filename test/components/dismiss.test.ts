import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ComponentInteraction } from '../../src/commands/types.js';
import { dismiss } from '../../src/components/dismiss.js';
import type { BotContext } from '../../src/discord/context.js';

const AUTHOR = '555555555555555555';
const MODERATOR = '666666666666666666';

/** One automatic reply, deleted by the first Dismiss that reaches Discord (as Discord does). */
function autoReply() {
  let deleted = false;
  const logged: unknown[] = [];
  const message = {
    id: '900000000000000001',
    async delete() {
      if (deleted) throw Object.assign(new Error('Unknown Message'), { code: RESTJSONErrorCodes.UnknownMessage, status: 404 });
      deleted = true;
    },
  };
  const press = (userId: string) =>
    ({
      guildId: '111111111111111111',
      channelId: '222222222222222222',
      user: { id: userId },
      memberPermissions: { has: () => userId === MODERATOR },
      channel: { isThread: () => false },
      message,
      deferUpdate: async () => undefined,
    }) as unknown as ComponentInteraction;
  const ctx = { autoReplies: { dismissed: () => undefined }, modLog: { post: async (event: unknown) => void logged.push(event) } } as unknown as BotContext;
  return { press, ctx, logged };
}

describe('Dismiss', () => {
  it('takes a reply someone else dismissed a moment before as done, not as a failure', async () => {
    const { press, ctx, logged } = autoReply();
    await dismiss.handle(press(AUTHOR), ctx, { authorId: AUTHOR });
    await expect(dismiss.handle(press(MODERATOR), ctx, { authorId: AUTHOR })).resolves.toBeUndefined();
    // The moderator dismissed nothing: the log says nothing.
    expect(logged).toEqual([]);
  });

  it('frees the channel\'s cooldowns of a reply deleted a moment before, as of one it deleted itself', async () => {
    const { press, ctx } = autoReply();
    const dismissed: string[] = [];
    ctx.autoReplies.dismissed = (id: string) => void dismissed.push(id);
    await dismiss.handle(press(AUTHOR), ctx, { authorId: AUTHOR });
    await dismiss.handle(press(AUTHOR), ctx, { authorId: AUTHOR });
    expect(dismissed).toEqual(['900000000000000001', '900000000000000001']);
  });
});

describe('Dismiss when Discord fails the delete', () => {
  it('leaves the reply followed, so the channel cooldown it holds runs on while it still shows the error', async () => {
    const dismissed: string[] = [];
    const message = { id: '900000000000000001', delete: async () => Promise.reject(Object.assign(new Error('Internal Server Error'), { status: 500 })) };
    const interaction = {
      guildId: '111111111111111111',
      channelId: '222222222222222222',
      user: { id: AUTHOR },
      memberPermissions: { has: () => false },
      channel: { isThread: () => false },
      message,
      deferUpdate: async () => undefined,
    } as unknown as ComponentInteraction;
    const ctx = { autoReplies: { dismissed: (id: string) => void dismissed.push(id) } } as unknown as BotContext;
    await expect(dismiss.handle(interaction, ctx, { authorId: AUTHOR })).rejects.toThrow('Internal Server Error');
    expect(dismissed).toEqual([]);
  });
});

describe('Dismiss in a closed help-forum post', () => {
  /** A press of Dismiss by the member it answered, in an archived thread; what it was told privately. */
  async function pressIn(thread: { archived: boolean; locked: boolean }): Promise<string[]> {
    const told: string[] = [];
    const interaction = {
      guildId: '111111111111111111',
      channelId: '222222222222222222',
      user: { id: AUTHOR },
      memberPermissions: { has: () => false },
      channel: { isThread: () => true, ...thread },
      message: { id: '900000000000000001', delete: async () => undefined },
      inGuild: () => true,
      deferred: false,
      replied: false,
      reply: async (options: { content: string }) => void told.push(options.content),
      deferUpdate: async () => undefined,
    } as unknown as ComponentInteraction;
    await dismiss.handle(interaction, { autoReplies: { dismissed: () => undefined } } as unknown as BotContext, { authorId: AUTHOR });
    return told;
  }

  it('asks the member to post in an archived post first, but not in a locked one, where they cannot', async () => {
    expect(await pressIn({ archived: true, locked: false })).toEqual(["I can't remove this answer: its thread is archived. Post in it to reopen it first."]);
    const locked = await pressIn({ archived: true, locked: true });
    expect(locked).toHaveLength(1);
    expect(locked[0]).not.toMatch(/post in it/i);
    expect(locked[0]).toMatch(/locked/);
  });
});

describe('Dismiss where Discord refuses the delete', () => {
  it('says the thread is archived when the cached thread was not yet (archived while the bot was away), instead of "try again"', async () => {
    const told: string[] = [];
    const dismissed: string[] = [];
    const archived = new DiscordAPIError({ code: 50083, message: 'Thread is archived' }, 50083, 400, 'DELETE', '/channels/2/messages/9', {});
    const interaction = {
      guildId: '111111111111111111',
      channelId: '222222222222222222',
      user: { id: AUTHOR },
      memberPermissions: { has: () => false },
      channel: { isThread: () => true, archived: false, locked: false },
      message: { id: '900000000000000001', delete: async () => Promise.reject(archived) },
      inGuild: () => true,
      ephemeral: null,
      deferred: false,
      replied: false,
      deferUpdate: async () => void (interaction.deferred = true),
      reply: async (options: { content: string }) => void told.push(options.content),
      followUp: async (options: { content: string }) => void told.push(options.content),
    };
    const ctx = { autoReplies: { dismissed: (id: string) => void dismissed.push(id) } } as unknown as BotContext;
    await dismiss.handle(interaction as unknown as ComponentInteraction, ctx, { authorId: AUTHOR });
    expect(told).toEqual(["I can't remove this answer: its thread is archived. Post in it to reopen it first."]);
    // Still shown: it still holds the channel's cooldowns.
    expect(dismissed).toEqual([]);
  });
});
