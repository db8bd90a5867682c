import { PermissionFlagsBits } from 'discord.js';
import type { ComponentHandler } from '../commands/types.js';
import { respondPrivately } from '../discord/respond.js';
import { CUSTOM_ID } from '../render/custom-ids.js';

/** Dismiss on an automatic reply: the member it answered, or anyone who may manage messages. */
export const dismiss: ComponentHandler = {
  prefix: CUSTOM_ID.dismiss,
  async handle(interaction, ctx, [authorId]) {
    const allowed =
      interaction.user.id === authorId || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false);
    if (!allowed) {
      return respondPrivately(interaction, 'Only the person this answers, or a moderator, can dismiss it.');
    }
    await interaction.deferUpdate();
    ctx.autoReplies.state.forgetReply(interaction.message.id);
    await interaction.message.delete();
  },
};
