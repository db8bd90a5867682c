import { MessageFlags, MessageFlagsBitField, type InteractionReplyOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { componentHandlers } from '../../src/commands/index.js';
import type { ComponentInteraction } from '../../src/commands/types.js';
import { vote } from '../../src/components/vote.js';
import { renderAutoReply } from '../../src/render/auto-reply.js';
import { splitId } from '../../src/render/custom-ids.js';
import type { BotContext } from '../../src/discord/context.js';
import { StatsRecorder } from '../../src/storage/guild-data.js';
import { openStorage } from '../../src/storage/open.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { collectingLogger, sharedLookup } from '../helpers.js';
import { BACKENDS, freshDatabaseUrl, TEST_VOTE_SECRET } from '../storage/helpers.js';

const GUILD = '111111111111111111';
const MEMBER = '555555555555555555';
let messageIds = 0;

/** A click on Helped / Didn't help under an answer (a new message each time), and what the bot said. */
function click(options: { ephemeral: boolean; userId?: string }) {
  const said: string[] = [];
  const interaction = {
    guildId: GUILD,
    user: { id: options.userId ?? MEMBER },
    message: {
      id: `90000000000000${String(++messageIds).padStart(4, '0')}`,
      flags: new MessageFlagsBitField(options.ephemeral ? MessageFlags.Ephemeral : 0),
    },
    deferred: false,
    replied: false,
    inGuild: () => true,
    async reply(message: InteractionReplyOptions) {
      this.replied = true;
      expect(message.flags).toBe(MessageFlags.Ephemeral);
      said.push(String(message.content));
    },
  };
  return { interaction: interaction as unknown as ComponentInteraction, said };
}

describe.each(BACKENDS)('feedback votes on %s', (backend) => {
  async function setUp() {
    const storage = await openStorage(await freshDatabaseUrl(backend), DEFAULT_SETTINGS, { voteSecret: TEST_VOTE_SECRET });
    const stats = new StatsRecorder(storage, collectingLogger().logger);
    const ctx = { lookup: sharedLookup(), stats, storage } as unknown as BotContext;
    const press = async (helped: boolean, options: { ephemeral: boolean; userId?: string }) => {
      const { interaction, said } = click(options);
      await vote.handle(interaction, ctx, { helped, code: 'auth:3' });
      return said;
    };
    /** A click on a button by its custom ID, routed to its handler as the router does. */
    const pressId = async (customId: string, options: { ephemeral: boolean; userId?: string }) => {
      const { interaction, said } = click(options);
      const { prefix, parts } = splitId(customId);
      const handler = componentHandlers.find((h) => h.id.prefix === prefix)!;
      await handler.handle(interaction, ctx, handler.id.decode(parts));
      return said;
    };
    const helpfulness = async () => {
      await stats.flush();
      return (await storage.stats(GUILD, 1)).helpfulness;
    };
    const close = async () => {
      await stats.close();
      await storage.close();
    };
    return { press, pressId, helpfulness, close };
  }

  // #15, item 10: one member asked privately 15 times and voted on each: "100 % helped (15 of 15)".
  it('thanks votes on private answers and counts none of them', async () => {
    const { press, helpfulness, close } = await setUp();
    for (let i = 0; i < 15; i++) expect(await press(true, { ephemeral: true })).toEqual(['Thanks! Glad it helped.']);
    expect(await helpfulness()).toEqual([]);
    await close();
  });

  it('counts one vote per member per entry per day, however many answers they vote on', async () => {
    const { press, helpfulness, close } = await setUp();
    expect(await press(true, { ephemeral: false })).toEqual(['Thanks! Glad it helped.']);
    for (let i = 0; i < 14; i++) expect(await press(true, { ephemeral: false })).toEqual(['You already said this helped. Thanks!']);
    expect(await press(false, { ephemeral: false })).toEqual(['Thanks, changed your answer to "didn\'t help".']);
    await press(true, { ephemeral: false, userId: '666666666666666666' });
    expect(await helpfulness()).toEqual([{ code: 'auth:3', helped: 1, notHelped: 1 }]);
    await close();
  });

  // #15, item 2: ten simultaneous clicks by one member gave "Sorry, something went wrong" (duplicate key).
  it('answers ten simultaneous clicks by one member, counting one vote', async () => {
    const { press, helpfulness, close } = await setUp();
    const answers = await Promise.all(Array.from({ length: 10 }, () => press(true, { ephemeral: false })));
    expect(answers.flat()).toHaveLength(10);
    expect(answers.flat().filter((a) => a === 'Thanks! Glad it helped.')).toHaveLength(1);
    expect(await helpfulness()).toEqual([{ code: 'auth:3', helped: 1, notHelped: 0 }]);
    await close();
  });

  /** The custom IDs of Helped and Didn't help on an automatic reply to a message showing `codes`. */
  function voteButtons(codes: readonly string[]) {
    const lookup = sharedLookup();
    const payload = renderAutoReply({ entries: codes.map((c) => lookup.byCode(c)!) }, { authorId: MEMBER });
    const buttons = payload.components.flatMap((row) => row.components) as Array<{ label?: string; custom_id?: string }>;
    const id = (label: string) => buttons.find((b) => b.label === label)!.custom_id!;
    return { helped: id('Helped'), notHelped: id("Didn't help") };
  }

  // A vote on a reply that answered several errors counted only for the first of them.
  it.each([
    [['auth:3', 'accounts:406']],
    [['connect.device-picker (restricted / unsupported)', 'ONE_TRACK_UNPLAYABLE (playback dispatcher)', 'EME_LICENSE_REQUEST_FAILED_WITH_STATUS']],
  ])('counts a vote on a reply showing %j for each error it shows, a later one that day replacing each', async (codes) => {
    const { pressId, helpfulness, close } = await setUp();
    const buttons = voteButtons(codes);
    expect(await pressId(buttons.helped, { ephemeral: false })).toEqual(['Thanks! Glad it helped.']);
    expect(await pressId(buttons.helped, { ephemeral: false })).toEqual(['You already said this helped. Thanks!']);
    expect(await pressId(buttons.notHelped, { ephemeral: false })).toEqual(['Thanks, changed your answer to "didn\'t help".']);
    const sorted = (rows: Array<{ code: string }>) => [...rows].sort((a, b) => a.code.localeCompare(b.code));
    expect(sorted(await helpfulness())).toEqual(sorted(codes.map((code) => ({ code, helped: 0, notHelped: 1 }))));
    await close();
  });

  it('thanks a vote on several errors as new where any of them is new, whatever the member said before of the others', async () => {
    const { press, pressId, close } = await setUp();
    const both = voteButtons(['auth:3', 'accounts:406']);
    // auth:3 already said to have helped, accounts:406 new: thanked as a new vote, not "already said".
    await press(true, { ephemeral: false });
    expect(await pressId(both.helped, { ephemeral: false })).toEqual(['Thanks! Glad it helped.']);
    // The other way for both: each changed.
    expect(await pressId(both.notHelped, { ephemeral: false })).toEqual(['Thanks, changed your answer to "didn\'t help".']);
    // Another member: auth:3 changed, accounts:406 new: thanked as a new vote, not as a change.
    const other = '666666666666666666';
    await press(false, { ephemeral: false, userId: other });
    expect(await pressId(both.helped, { ephemeral: false, userId: other })).toEqual(['Thanks! Glad it helped.']);
    await close();
  });

  it('thanks a vote on a code no entry has (a stale or forged button) and counts it for nothing', async () => {
    const { pressId, helpfulness, close } = await setUp();
    expect(await pressId('se:vote:1:auth:99999', { ephemeral: false })).toEqual(['Thanks! Glad it helped.']);
    expect(await helpfulness()).toEqual([]);
    await close();
  });

  it('thanks a vote on a private answer showing several errors and counts none of them', async () => {
    const { pressId, helpfulness, close } = await setUp();
    expect(await pressId(voteButtons(['auth:3', 'accounts:406']).helped, { ephemeral: true })).toEqual(['Thanks! Glad it helped.']);
    expect(await helpfulness()).toEqual([]);
    await close();
  });

  it('still counts a vote from a button posted before, with one code in its ID', async () => {
    const { pressId, helpfulness, close } = await setUp();
    expect(await pressId('se:vote:1:HTTP 403 — PREMIUM_REQUIRED', { ephemeral: false })).toEqual(['Thanks! Glad it helped.']);
    expect(await pressId('se:vote:0:HTTP 403 — PREMIUM_REQUIRED', { ephemeral: false })).toEqual(['Thanks, changed your answer to "didn\'t help".']);
    expect(await helpfulness()).toEqual([{ code: 'HTTP 403 — PREMIUM_REQUIRED', helped: 0, notHelped: 1 }]);
    await close();
  });
});

describe('feedback votes while the database is slow or down', () => {
  it.each(['pending', 'dropped'] as const)('thanks a vote the stats batch left %s as recorded, not as "already said"', async (result) => {
    const ctx = { lookup: sharedLookup(), stats: { vote: async () => result } } as unknown as BotContext;
    const { interaction, said } = click({ ephemeral: false });
    await vote.handle(interaction, ctx, { helped: false, code: 'auth:3' });
    expect(said).toEqual(['Thanks for saying so. A helper can take a closer look; the full reference may have more.']);
  });
});
