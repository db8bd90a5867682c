import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { phraseAutocomplete, phraseCommand } from '../../../src/commands/spotify-error-admin/phrase.js';
import type { BotContext } from '../../../src/discord/context.js';
import { PHRASE_LIMITS, type Phrase } from '../../../src/storage/storage.js';
import { interactionInGuild } from '../../helpers.js';

/** A moderator's `/spotify-error-admin phrase list`, recording every message the bot sent them. */
function listFor(phrases: Phrase[]) {
  const sent: Array<{ content?: string; flags?: number }> = [];
  const interaction = {
    ...interactionInGuild(),
    reply: async (m: { content?: string; flags?: number }) => void (sent.push(m), (interaction.replied = true)),
    followUp: async (m: { content?: string; flags?: number }) => void sent.push(m),
  };
  const ctx = { guildData: { listPhrases: async () => phrases } } as unknown as BotContext;
  return { run: () => phraseCommand(interaction as unknown as ChatInputCommandInteraction<'cached'>, ctx, 'list'), sent };
}

describe('phrase list', () => {
  it('shows every phrase of a server that has the most allowed, each message within 2,000 characters and private', async () => {
    const phrases = Array.from({ length: PHRASE_LIMITS.perGuild }, (_, i) => ({
      phrase: `the login spinner keeps going round and round on my laptop, variant number ${i}`,
      code: 'desktop_login_accounts:2',
      createdBy: '223456789012345678',
      createdAt: '2026-01-01T00:00:00.000Z',
    }));
    const { run, sent } = listFor(phrases);
    await run();
    const shown = sent.map((m) => m.content ?? '').join('\n');
    expect(shown).toContain(`Server phrases (${PHRASE_LIMITS.perGuild}/${PHRASE_LIMITS.perGuild})`);
    for (const { phrase } of phrases) expect(shown).toContain(`“${phrase}” → \`desktop_login_accounts:2\``);
    for (const message of sent) {
      expect(message.content!.length).toBeLessThanOrEqual(2000);
      expect(message.flags).toBe(64);
    }
  });
});

describe('phrase remove, as typed', () => {
  /** What autocomplete offers someone typing `phrase remove phrase:` with these permissions. */
  async function offered(canManageMessages: boolean) {
    let choices: Array<{ name: string; value: string }> | undefined;
    const interaction = {
      guildId: '123456789012345678',
      memberPermissions: { has: () => canManageMessages },
      options: { getFocused: () => ({ name: 'phrase', value: '' }), getSubcommand: () => 'remove' },
      respond: async (c: Array<{ name: string; value: string }>) => void (choices = c),
    };
    const ctx = { guildData: { phrases: async () => [{ phrase: 'purple spinner', code: 'desktop_login_accounts:2' }] } } as unknown as BotContext;
    await phraseAutocomplete(interaction as unknown as AutocompleteInteraction, ctx);
    return choices;
  }

  it("offers the server's phrases to moderators only, as the command allows them only", async () => {
    expect(await offered(true)).toEqual([{ name: 'purple spinner → desktop_login_accounts:2', value: 'purple spinner' }]);
    expect(await offered(false)).toEqual([]);
  });
});
