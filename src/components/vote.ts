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

/** Helped / Didn't help: one vote per member per answer, changeable, counted in the server's stats. */
export const vote = defineComponent({
  id: voteId,
  async handle(interaction, ctx, { helped, code }) {
    const messages = helped ? THANKS.helped : THANKS.notHelped;
    if (!interaction.guildId || !ctx.lookup.byCode(code)) return respondPrivately(interaction, messages.recorded);
    const result = await ctx.storage.recordVote(interaction.guildId, interaction.message.id, interaction.user.id, code, helped);
    await respondPrivately(interaction, messages[result]);
  },
});
