import { MessageFlags } from 'discord.js';
import { defineComponent, type ComponentInteraction } from '../commands/types.js';
import type { BotContext } from '../discord/context.js';
import { respondPrivately } from '../discord/respond.js';
import { codeOfKey, voteId, votesId } from '../render/custom-ids.js';

const THANKS = {
  helped: {
    recorded: 'Thanks! Glad it helped.',
    changed: 'Thanks, changed your answer to "helped".',
    unchanged: 'You already said this helped. Thanks!',
  },
  notHelped: {
    recorded: "Thanks for saying so. A helper can take a closer look; the full reference may have more.",
    changed: 'Thanks, changed your answer to "didn\'t help".',
    unchanged: "You already said this didn't help. Thanks!",
  },
} as const;

type Thanks = keyof typeof THANKS.helped;

/**
 * Helped / Didn't help, counted in the server's stats: one vote per member per entry per day (a new
 * one the same day replaces it), written with the stats batch; on a reply showing several errors, for
 * each of them. A vote on a private answer (only its asker sees it) is thanked and not counted: one
 * member could otherwise ask privately again and again and vote on each.
 */
async function recordVote(interaction: ComponentInteraction, ctx: BotContext, helped: boolean, codes: readonly string[]): Promise<void> {
  const messages = helped ? THANKS.helped : THANKS.notHelped;
  const known = codes.filter((code) => ctx.lookup.byCode(code));
  if (!interaction.guildId || !known.length) return respondPrivately(interaction, messages.recorded);
  if (interaction.message.flags.has(MessageFlags.Ephemeral)) return respondPrivately(interaction, messages.recorded);
  const { guildId } = interaction;
  // Resolves within a second and a half even when the database is slow or down (then just thanks).
  const results = await Promise.all(known.map((code) => ctx.stats.vote({ guildId, userId: interaction.user.id, code, helpful: helped })));
  await respondPrivately(interaction, messages[thanksFor(results.map((r) => (r === 'pending' || r === 'dropped' ? 'recorded' : r)))]);
}

/** One thanks for a vote on several errors: "already said" only when it changed none, "changed" when it recorded none anew. */
function thanksFor(results: readonly Thanks[]): Thanks {
  if (results.every((r) => r === 'unchanged')) return 'unchanged';
  return results.includes('recorded') ? 'recorded' : 'changed';
}

/** A vote on an answer about one error; buttons posted before votes counted for each error shown have this ID (for a reply's first error). */
export const vote = defineComponent({
  id: voteId,
  handle: (interaction, ctx, { helped, code }) => recordVote(interaction, ctx, helped, [code]),
});

/** A vote on a reply showing several errors, named by key: a key no entry has any more is left out. */
export const votes = defineComponent({
  id: votesId,
  handle: (interaction, ctx, { helped, keys }) =>
    recordVote(interaction, ctx, helped, keys.flatMap((key) => codeOfKey(ctx.lookup.entries, key) ?? [])),
});
