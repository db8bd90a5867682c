import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/discord/context.js';
import { interactionCreate } from '../../src/events/interaction-create.js';
import { collectingLogger, sharedLookup } from '../helpers.js';

/** A button press with a custom ID, recording what the bot answered. */
function press(customId: string) {
  const sent: Array<{ content?: string; flags?: number }> = [];
  const interaction = {
    customId,
    guildId: '123456789012345678',
    deferred: false,
    replied: false,
    isAutocomplete: () => false,
    isChatInputCommand: () => false,
    isMessageContextMenuCommand: () => false,
    isButton: () => true,
    isStringSelectMenu: () => false,
    isCommand: () => false,
    isRepliable: () => true,
    inGuild: () => true,
    appPermissions: null,
    reply: async (m: { content?: string; flags?: number }) => void sent.push(m),
  };
  return { interaction: interaction as unknown as Interaction, sent };
}

function context(): BotContext {
  const { logger } = collectingLogger();
  return { logger, lookup: sharedLookup(), counters: { interactions: 0, autoReplies: 0, errors: 0 } } as unknown as BotContext;
}

describe('routing components', () => {
  it('answers an unknown, malformed or forged custom ID with one polite private line', async () => {
    for (const id of ['nope', 'se:unknown:1', 'se:vote', 'se:vote:maybe:auth:3', 'se:dismiss:<@everyone>', 'se:fix:1:2:3']) {
      const { interaction, sent } = press(id);
      await interactionCreate.execute(context(), interaction);
      expect(sent, id).toEqual([expect.objectContaining({ content: 'This button no longer works. Run the command again.', flags: 64 })]);
    }
  });

  it('hands a well-formed ID to its handler with the state parsed', async () => {
    // A vote for a code the reference does not have is thanked, and nothing is stored.
    const { interaction, sent } = press('se:vote:1:not-a-code');
    await interactionCreate.execute(context(), interaction);
    expect(sent).toEqual([expect.objectContaining({ content: 'Thanks! Glad it helped.', flags: 64 })]);
  });
});
