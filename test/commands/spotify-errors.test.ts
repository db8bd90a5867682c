import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { spotifyErrorsCommand } from '../../src/commands/spotify-errors.js';
import type { ComponentInteraction } from '../../src/commands/types.js';
import type { BotContext } from '../../src/discord/context.js';
import { browseId } from '../../src/render/custom-ids.js';
import { interactionInGuild, sharedLookup } from '../helpers.js';

const OWNER = '323456789012345678';
const refusal = (code: number, status: number) => new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', '/interactions/1/x/callback', {});

/** The owner turning a page where Discord refuses the update with `error`; what they were told privately. */
async function turnPageRefused(error: DiscordAPIError): Promise<string[]> {
  const told: string[] = [];
  const interaction = {
    ...interactionInGuild(),
    user: { id: OWNER },
    message: { id: '423456789012345678' },
    update: async () => Promise.reject(error),
    reply: async (m: { content?: string }) => void told.push(m.content ?? ''),
    followUp: async (m: { content?: string }) => void told.push(m.content ?? ''),
  } as unknown as ComponentInteraction;
  const page = spotifyErrorsCommand.components!.find((c) => c.id === browseId)!;
  await page.handle(interaction, { lookup: sharedLookup() } as unknown as BotContext, { filter: 'all-all', page: 1, ownerId: OWNER, direction: 'next' });
  return told;
}

describe('/spotify-errors page buttons where Discord refuses the update', () => {
  it('say the thread is archived, instead of failing into "try again"', async () => {
    const told = await turnPageRefused(refusal(RESTJSONErrorCodes.InvalidActionOnArchivedThread, 400));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/archived/);
    expect(told[0]).not.toMatch(/try again/i);
  });

  it('say the bot has lost access there, for a missing access or permission', async () => {
    for (const code of [RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]) {
      const told = await turnPageRefused(refusal(code, 403));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/access/);
    }
  });

  it('still fail when Discord fails (not refuses), so the member is told to try again', async () => {
    await expect(turnPageRefused(refusal(0, 500))).rejects.toThrow();
  });
});
