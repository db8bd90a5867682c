import { MessageFlags } from 'discord.js';
import { defineComponent } from '../commands/types.js';
import { respondPrivately } from '../discord/respond.js';
import { voteId } from '../render/custom-ids.js';

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

/**
 * Helped / Didn't help, counted in the server's stats: one vote per member per entry per day (a new
 * one the same day replaces it), written with the stats batch. A vote on a private answer (only its
 * asker sees it) is thanked and not counted: one member could otherwise ask privately again and
 * again and vote on each.
 */
export const vote = defineComponent({
  id: voteId,
  async handle(interaction, ctx, { helped, code }) {
    const messages = helped ? THANKS.helped : THANKS.notHelped;
    if (!interaction.guildId || !ctx.lookup.byCode(code)) return respondPrivately(interaction, messages.recorded);
    if (interaction.message.flags.has(MessageFlags.Ephemeral)) return respondPrivately(interaction, messages.recorded);
    // Resolves within a second and a half even when the database is slow or down (then just thanks).
    const result = await ctx.stats.vote({ guildId: interaction.guildId, userId: interaction.user.id, code, helpful: helped });
    await respondPrivately(interaction, messages[result === 'pending' || result === 'dropped' ? 'recorded' : result]);
  },
});
