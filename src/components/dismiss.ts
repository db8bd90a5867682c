import { PermissionFlagsBits, RESTJSONErrorCodes, type Message } from 'discord.js';
import { defineComponent } from '../commands/types.js';
import { canManageMessages } from '../discord/permissions.js';
import { refusedForGood, respondPrivately, withDeferral } from '../discord/respond.js';
import { dismissId } from '../render/custom-ids.js';

const ARCHIVED = "I can't remove this answer: its thread is archived. Post in it to reopen it first.";
/** A locked thread (a help forum that locks closed posts) takes no posts from members: only a moderator reopens it. */
const LOCKED = "I can't remove this answer: its thread is archived and locked, so only a moderator can reopen it.";
const NO_ACCESS = "I can't remove this answer: I no longer have access to this channel. A moderator can delete it.";

/** Dismiss on an automatic reply or an @mention's answer: the member it answered, or anyone who may manage messages. */
export const dismiss = defineComponent({
  id: dismissId,
  async handle(interaction, ctx, { authorId }) {
    if (interaction.user.id !== authorId && !canManageMessages(interaction.memberPermissions)) {
      return respondPrivately(interaction, 'Only the person this answers, or a moderator, can dismiss it.');
    }
    // Discord sends the bot's permissions in the channel with the interaction: without View Channel it refuses the delete.
    if (interaction.appPermissions && !interaction.appPermissions.has(PermissionFlagsBits.ViewChannel)) {
      return respondPrivately(interaction, NO_ACCESS);
    }
    // Discord refuses any change in an archived thread, deletes too (a closed help-forum post keeps its
    // answer); one archived before a restart is not in the cache. Discord slow to fetch it: the update is
    // deferred within its three seconds (a refusal then follows privately).
    const channel =
      interaction.channel ??
      (await withDeferral(interaction, interaction.client.channels.fetch(interaction.channelId).catch(() => null), { ephemeral: true, update: true }));
    if (channel?.isThread() && channel.archived) return respondPrivately(interaction, channel.locked ? LOCKED : ARCHIVED);
    if (!interaction.deferred) await interaction.deferUpdate();
    const gone = await deleted(interaction.message).catch((error: unknown) => {
      // A thread archived while the bot was not told (its cache still has it open), or access lost since.
      const refused = refusedForGood(error);
      if (!refused) throw error;
      return refused;
    });
    if (gone === 'archived') return respondPrivately(interaction, ARCHIVED);
    if (gone === 'no-access') return respondPrivately(interaction, NO_ACCESS);
    // Gone (by this press or a moment before): it no longer holds the channel's cooldowns. One Discord failed to delete still does.
    ctx.autoReplies.dismissed(interaction.message.id);
    if (!gone) return;
    if (interaction.user.id !== authorId && interaction.guildId) {
      void ctx.modLog.post({ kind: 'dismissed', guildId: interaction.guildId, by: interaction.user.id, channelId: interaction.channelId! });
    }
  },
});

/** Deletes the reply; false when it was already gone (dismissed or deleted by someone else a moment before). */
async function deleted(message: Message): Promise<boolean> {
  try {
    await message.delete();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === RESTJSONErrorCodes.UnknownMessage) return false;
    throw error;
  }
}
