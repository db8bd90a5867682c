import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { CATEGORIES, CATEGORY_LABELS, PLATFORM_LABELS, PLATFORMS } from '../data/index.js';
import type { BotContext } from '../discord/context.js';
import { refusedForGood, respond, respondPrivately, shownAs } from '../discord/respond.js';
import { decodeFilter, renderBrowsePage } from '../render/browse.js';
import { browseId } from '../render/custom-ids.js';
import { defineComponent, type SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('spotify-errors')
  .setDescription('Browse the documented Spotify desktop errors')
  .addStringOption((o) =>
    o
      .setName('category')
      .setDescription('Only this kind of error')
      .addChoices(...CATEGORIES.map((c) => ({ name: CATEGORY_LABELS[c], value: c }))),
  )
  .addStringOption((o) =>
    o
      .setName('platform')
      .setDescription('Only errors of this platform')
      .addChoices(...PLATFORMS.map((p) => ({ name: PLATFORM_LABELS[p], value: p }))),
  )
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .toJSON();

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const filter = decodeFilter(interaction.options.getString('category'), interaction.options.getString('platform'));
  await respond(interaction, renderBrowsePage(ctx.lookup.entries, filter, 0, interaction.user.id));
}

const REFUSED = {
  archived: "I can't turn these pages: this thread is archived. Run `/spotify-errors` again somewhere open to browse.",
  'no-access': "I can't turn these pages: I no longer have access to this channel. Run `/spotify-errors` again to browse.",
} as const;

/** Paging buttons: only the person who ran the command turns the pages. */
const page = defineComponent({
  id: browseId,
  async handle(interaction, ctx, state) {
    if (interaction.user.id !== state.ownerId) {
      return respondPrivately(interaction, 'Only the person who ran `/spotify-errors` can turn these pages. Run it yourself to browse.');
    }
    // The page replaces the whole message, as text where the bot may not embed (as the first page was sent).
    const shown = shownAs(interaction, renderBrowsePage(ctx.lookup.entries, decodeFilter(state.filter), state.page, interaction.user.id));
    try {
      await interaction.update({ ...shown, content: shown.content ?? null });
    } catch (error) {
      const refused = refusedForGood(error);
      if (!refused) throw error;
      await respondPrivately(interaction, REFUSED[refused]);
    }
  },
});

export const spotifyErrorsCommand: SlashCommand = { kind: 'slash', data, execute, components: [page] };
