import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { interactionCreate } from '../../src/events/interaction-create.js';
import { collectingLogger, sharedLookup } from '../helpers.js';

const GUILD = '123456789012345678';
let messageIds = 0;

/**
 * A component used on a message (a new message each time), recording what the bot answered. `onMessage` lists the custom IDs
 * the message really carries (by default the one used).
 */
function press(customId: string, options: { onMessage?: string[]; select?: string[]; channels?: Map<string, unknown> } = {}) {
  const sent: Array<{ content?: string; flags?: number }> = [];
  const rows = [{ components: (options.onMessage ?? [customId]).map((id) => ({ customId: id })) }];
  const interaction = {
    customId,
    guildId: GUILD,
    deferred: false,
    replied: false,
    ephemeral: null,
    values: options.select ?? [],
    message: { components: rows, id: `22345678901234${String(++messageIds).padStart(4, '0')}` },
    memberPermissions: { has: () => true },
    client: { channels: { cache: options.channels ?? new Map() } },
    user: { id: '323456789012345678' },
    isAutocomplete: () => false,
    isChatInputCommand: () => false,
    isMessageContextMenuCommand: () => false,
    isButton: () => !options.select,
    isStringSelectMenu: () => !!options.select,
    isCommand: () => false,
    isRepliable: () => true,
    inGuild: () => true,
    appPermissions: null,
    reply: async (m: { content?: string; flags?: number }) => void (sent.push(m), (interaction.replied = true)),
    deferUpdate: async () => void (interaction.deferred = true),
    editReply: async (m: { content?: string }) => void sent.push(m),
  };
  return { interaction: interaction as unknown as Interaction, sent };
}

function context(): BotContext {
  const { logger } = collectingLogger();
  return { logger, lookup: sharedLookup(), counters: { interactions: 0, autoReplies: 0, autoRepliesDropped: 0, errors: 0 } } as unknown as BotContext;
}

const NO_LONGER = 'This button no longer works. Run the command again.';

describe('routing components', () => {
  it('answers an unknown, malformed or forged custom ID with one polite private line', async () => {
    for (const id of ['nope', 'se:unknown:1', 'se:vote', 'se:vote:maybe:auth:3', 'se:dismiss:<@everyone>', 'se:fix:1:2:3']) {
      const { interaction, sent } = press(id);
      await interactionCreate.execute(context(), interaction);
      expect(sent, id).toEqual([expect.objectContaining({ content: NO_LONGER, flags: 64 })]);
    }
  });

  it('refuses a well-formed ID that is not on the message it came with', async () => {
    const { interaction, sent } = press(`se:dismiss:${'4'.repeat(18)}`, { onMessage: [`se:dismiss:${'5'.repeat(18)}`] });
    await interactionCreate.execute(context(), interaction);
    expect(sent).toEqual([expect.objectContaining({ content: NO_LONGER })]);
  });

  it('hands a well-formed ID on its message to the handler, state parsed', async () => {
    // A vote for a code the reference does not have is thanked, and nothing is stored.
    const { interaction, sent } = press('se:vote:1:not-a-code');
    await interactionCreate.execute(context(), interaction);
    expect(sent).toEqual([expect.objectContaining({ content: 'Thanks! Glad it helped.', flags: 64 })]);
  });

  it('never posts a fix into another server, or for a member who did not write that message', async () => {
    const elsewhere = { isTextBased: () => true, isDMBased: () => false, guildId: '999999999999999999' };
    const here = {
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => false,
      guildId: GUILD,
      client: { user: { id: '1' } },
      permissionsFor: () => ({ missing: () => [] }),
      messages: { fetch: async () => ({ author: { id: '777777777777777777' } }) },
    };
    const channels = new Map<string, unknown>([
      ['111111111111111111', elsewhere],
      ['222222222222222222', here],
    ]);
    for (const channel of ['111111111111111111', '222222222222222222']) {
      const id = `se:fix:${channel}:333333333333333333:444444444444444444`;
      const { interaction, sent } = press(id, { select: ['auth:3'], channels });
      await interactionCreate.execute(context(), interaction);
      expect(sent.at(-1), channel).toMatchObject({ content: 'That message is not in this server any more.' });
    }
  });
});
