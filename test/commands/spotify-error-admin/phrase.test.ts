import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { phraseAutocomplete, phraseCommand } from '../../../src/commands/spotify-error-admin/phrase.js';
import type { BotContext } from '../../../src/discord/context.js';
import { PHRASE_LIMITS, type Phrase } from '../../../src/storage/storage.js';
import { interactionInGuild, sharedAnswerer, sharedLookup } from '../../helpers.js';

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

describe('phrase add', () => {
  /** A moderator's `/spotify-error-admin phrase add`: what the bot said, and the phrases it stored. */
  async function add(phrase: string, code: string) {
    const sent: string[] = [];
    const added: Array<{ phrase: string; code: string }> = [];
    const interaction = {
      ...interactionInGuild(),
      user: { id: '223456789012345678' },
      options: { getString: (name: string) => (name === 'phrase' ? phrase : code) },
      reply: async (m: { content?: string }) => void (sent.push(m.content ?? ''), (interaction.replied = true)),
    };
    const ctx = {
      lookup: sharedLookup(),
      answerer: sharedAnswerer(),
      modLog: { post: async () => undefined },
      guildData: {
        addPhrase: async (_guildId: string, text: string, entryCode: string) => {
          added.push({ phrase: text, code: entryCode });
          return { ok: true, phrase: { phrase: text, code: entryCode, createdBy: '223456789012345678', createdAt: '2026-01-01T00:00:00.000Z' } };
        },
      },
    } as unknown as BotContext;
    await phraseCommand(interaction as unknown as ChatInputCommandInteraction<'cached'>, ctx, 'add');
    return { said: sent.join('\n'), added };
  }

  it('refuses a message several documented errors share: taught as one error, every paste of it would be answered as that one alone', async () => {
    // Pasted, "A firewall may be blocking Spotify" lists the seven errors that show it.
    const firewall = (phrases: Array<{ phrase: string; code: string }>) => sharedAnswerer().detectText({ way: 'auto', text: 'A firewall may be blocking Spotify', phrases });
    expect(firewall([]).kind).toBe('group');
    expect(firewall([{ phrase: 'A firewall may be blocking Spotify', code: 'accounts:406' }]).kind).toBe('entries');
    for (const code of ['accounts:406', 'auth:3']) {
      const { said, added } = await add('A firewall may be blocking Spotify', code);
      expect(added, code).toEqual([]);
      expect(said, code).toBe('“A firewall may be blocking Spotify” already shows a message several documented errors share: a phrase cannot give it one meaning.');
    }
    // Wording of the server's own still is taught.
    expect((await add('stuck on the purple spinner', 'desktop_login_accounts:2')).added).toHaveLength(1);
  });
});
