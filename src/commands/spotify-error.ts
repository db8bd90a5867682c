import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  userMention,
  type Attachment,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type User,
} from 'discord.js';
import { attachmentRefusal } from '../images/image-check.js';
import { detectInScreenshots } from '../images/screenshot-reader.js';
import type { ErrorEntry } from '../data/index.js';
import { REFERENCE_URL } from '../data/index.js';
import type { BotContext } from '../discord/context.js';
import { respond, respondPrivately, withDeferral } from '../discord/respond.js';
import { CUSTOM_ID, encodeId } from '../render/custom-ids.js';
import { entrySelectRow, renderEntry, type MessagePayload } from '../render/entry.js';
import { safeEcho } from '../render/sanitize.js';
import { unreadableText } from '../render/screenshot.js';
import type { ComponentHandler, ComponentInteraction, SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('spotify-error')
  .setDescription('Explain a Spotify desktop error by its code or what it says')
  .addStringOption((o) =>
    o
      .setName('query')
      .setDescription('An error code (auth:3, accounts:103, 429) or what Spotify shows')
      .setAutocomplete(true)
      .setMaxLength(4000),
  )
  .addAttachmentOption((o) =>
    o.setName('screenshot').setDescription('A screenshot of the Spotify error (PNG, JPEG or WebP, up to 8 MB)'),
  )
  .addUserOption((o) => o.setName('user').setDescription('The member this answer is for (they will be mentioned)'))
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .toJSON();

/** The answer for one entry, addressed to a member when the helper named one. */
export function entryAnswer(
  ctx: BotContext,
  entry: ErrorEntry,
  forUserId?: string,
  sentById?: string,
): { payload: MessagePayload; mentionUserIds: string[] } {
  const payload = renderEntry(entry, { related: ctx.lookup.relatedTo(entry) });
  if (!forUserId) return { payload, mentionUserIds: [] };
  const sender = sentById && sentById !== forUserId ? ` (sent by ${userMention(sentById)})` : '';
  payload.content = `${userMention(forUserId)}, here is the fix for \`${entry.code}\`${sender}.`;
  return { payload, mentionUserIds: [forUserId] };
}

export function noMatchText(query: string): string {
  return (
    `I couldn't find a documented Spotify error for “${safeEcho(query)}”. ` +
    'Try the code Spotify shows (like `auth:3` or `accounts:103`) or the exact words of the message, ' +
    `browse them with \`/spotify-errors\`, or read the full reference: <${REFERENCE_URL}>`
  );
}

const NOTHING_ASKED =
  'Tell me the error: type its code or what Spotify shows in `query` (like `auth:3`), or attach a `screenshot` of it.';

async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const query = interaction.options.getString('query')?.trim() ?? '';
  const screenshot = interaction.options.getAttachment('screenshot');
  const target = interaction.options.getUser('user');
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  if (screenshot) {
    const answered = await answerScreenshot(interaction, ctx, screenshot, { target, ephemeral, hasQuery: query !== '' });
    if (answered) return;
  }
  if (!query) return respondPrivately(interaction, NOTHING_ASKED);
  await answerQuery(interaction, ctx, query, { target, ephemeral });
}

interface AnswerOptions {
  target: User | null;
  ephemeral: boolean;
}

/** Whom a public answer is addressed to: the member named, unless it is a bot or the answer is private. */
function addressee({ target, ephemeral }: AnswerOptions): string | undefined {
  return ephemeral || target?.bot ? undefined : target?.id;
}

/**
 * Reads the attached screenshot and answers what it shows. Returns false when the image shows no
 * error but the member also typed a query, which is then answered instead.
 */
async function answerScreenshot(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  screenshot: Attachment,
  options: AnswerOptions & { hasQuery: boolean },
): Promise<boolean> {
  if (!ctx.screenshots) {
    if (options.hasQuery) return false;
    await respondPrivately(interaction, 'Reading screenshots is turned off on this bot. Type the code or the message in `query` instead.');
    return true;
  }
  const refusal = attachmentRefusal(screenshot);
  if (refusal) {
    await respondPrivately(interaction, `I can read PNG, JPEG and WebP screenshots up to 8 MB and 4096 × 4096 pixels; this file is ${refusal}.`);
    return true;
  }
  const reading = await withDeferral(interaction, ctx.screenshots.readAttachment(screenshot), { ephemeral: options.ephemeral });
  const phrases = await ctx.guildData.phrases(interaction.guildId);
  const { detection } = detectInScreenshots(ctx.lookup.detector, [reading], { phrases });
  const [first, ...others] = detection.matches;
  ctx.logger.debug({ command: 'spotify-error', screenshot: reading.status, found: detection.matches.length }, 'screenshot lookup');
  if (first) {
    const { payload, mentionUserIds } = entryAnswer(ctx, first.entry, addressee(options), interaction.user.id);
    const more = others.length ? ` It also shows ${others.map((m) => `\`${m.entry.code}\``).join(', ')}.` : '';
    payload.content = [payload.content, `Read from the screenshot: \`${first.entry.code}\`.${more}`].filter(Boolean).join('\n');
    await respond(interaction, payload, { ephemeral: options.ephemeral, mentionUserIds });
    ctx.stats.lookup(interaction.guildId, first.entry.code, 'screenshot');
    return true;
  }
  if (detection.ambiguous) {
    await pickerReply(interaction, detection.ambiguous.candidates, 'The screenshot shows a message several errors share', options);
    return true;
  }
  if (options.hasQuery) return false;
  await respond(interaction, { content: unreadableText(reading), embeds: [], components: [] }, { ephemeral: true });
  return true;
}

async function pickerReply(
  interaction: ChatInputCommandInteraction,
  entries: readonly ErrorEntry[],
  lead: string,
  { target, ephemeral }: AnswerOptions,
): Promise<void> {
  const customId = encodeId(CUSTOM_ID.pick, ephemeral ? 1 : 0, target && !target.bot ? target.id : '');
  await respond(
    interaction,
    {
      content: `${lead}. Pick the one that fits${ephemeral ? '' : ' and I will post it'}:`,
      embeds: [],
      components: [entrySelectRow(customId, 'Did you mean…', entries)],
    },
    { ephemeral: true },
  );
}

async function answerQuery(interaction: ChatInputCommandInteraction, ctx: BotContext, query: string, options: AnswerOptions): Promise<void> {
  const { ephemeral } = options;
  const decision = ctx.lookup.answer(query, await ctx.guildData.phrases(interaction.guildId));
  ctx.logger.debug({ command: 'spotify-error', decision: decision.kind }, 'lookup');

  if (decision.kind === 'confident') {
    const { payload, mentionUserIds } = entryAnswer(ctx, decision.entry, addressee(options), interaction.user.id);
    await respond(interaction, payload, { ephemeral, mentionUserIds });
    // A value that is exactly a code is what picking an autocomplete choice sends.
    ctx.stats.lookup(interaction.guildId, decision.entry.code, query === decision.entry.code ? 'autocomplete' : 'slash');
  } else if (decision.kind === 'ambiguous') {
    const entries = decision.candidates.map((c) => c.entry);
    await pickerReply(interaction, entries, `Several errors match “${safeEcho(query)}”`, options);
  } else {
    await respondPrivately(interaction, noMatchText(query));
    ctx.stats.miss(interaction.guildId, query);
  }
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'query') return interaction.respond([]);
  await interaction.respond(ctx.lookup.autocomplete(String(focused.value), await ctx.guildData.phrases(interaction.guildId)));
}

function selectedEntry(interaction: ComponentInteraction, ctx: BotContext): ErrorEntry | undefined {
  if (!interaction.isStringSelectMenu()) return undefined;
  const code = interaction.values[0];
  return code === undefined ? undefined : ctx.lookup.byCode(code);
}

const GONE = 'That error is no longer in the reference. Try `/spotify-error` again.';

/** "Did you mean" choice: the ephemeral picker closes and the entry is posted as asked. */
const pick: ComponentHandler = {
  prefix: CUSTOM_ID.pick,
  async handle(interaction, ctx, [privateFlag = '0', targetId = '']) {
    const entry = selectedEntry(interaction, ctx);
    if (!entry) return respondPrivately(interaction, GONE);
    const ephemeral = privateFlag === '1';
    await interaction.update({ content: `Posted \`${entry.code}\`.`, components: [] });
    const { payload, mentionUserIds } = entryAnswer(ctx, entry, targetId || undefined, interaction.user.id);
    await respond(interaction, payload, { ephemeral, mentionUserIds });
    ctx.stats.lookup(interaction.guildId, entry.code, 'slash');
  },
};

/** Opening an entry from a related or browse select: shown only to whoever picked it. */
const view: ComponentHandler = {
  prefix: CUSTOM_ID.view,
  async handle(interaction, ctx) {
    const entry = selectedEntry(interaction, ctx);
    if (!entry) return respondPrivately(interaction, GONE);
    await respond(interaction, renderEntry(entry, { related: ctx.lookup.relatedTo(entry) }), { ephemeral: true });
  },
};

export const spotifyErrorCommand: SlashCommand = {
  kind: 'slash',
  data,
  execute,
  autocomplete,
  components: [pick, view],
};
