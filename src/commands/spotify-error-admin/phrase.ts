import type { AutocompleteInteraction, ChatInputCommandInteraction, SlashCommandSubcommandGroupBuilder } from 'discord.js';
import { hasLink } from '../../core/detect/scan.js';
import { phraseTooCommon } from '../../core/phrases.js';
import type { BotContext } from '../../discord/context.js';
import { canManageMessages } from '../../discord/permissions.js';
import { respondPrivately } from '../../discord/respond.js';
import { safeEcho, truncate } from '../../render/sanitize.js';
import { linesInMessages } from '../../render/text.js';
import { PHRASE_LIMITS } from '../../storage/storage.js';

export function phraseGroup(g: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder {
  return g
    .setName('phrase')
    .setDescription("Teach the bot this server's own wording")
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Link a phrase your members use to an error')
        .addStringOption((o) =>
          o.setName('phrase').setDescription('e.g. "stuck on the login spinner"').setRequired(true).setMaxLength(PHRASE_LIMITS.maxLength),
        )
        .addStringOption((o) => o.setName('code').setDescription('The error it means').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Forget a phrase')
        .addStringOption((o) => o.setName('phrase').setDescription('The phrase').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's phrases"));
}

export async function phraseCommand(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, sub: string): Promise<void> {
  const guildId = interaction.guildId;
  if (sub === 'list') {
    const phrases = await ctx.guildData.listPhrases(guildId);
    if (!phrases.length) return respondPrivately(interaction, 'No phrases yet. Add one with `/spotify-error-admin phrase add`.');
    const lines = phrases.map((p) => `• “${safeEcho(p.phrase)}” → \`${p.code}\``);
    // A hundred phrases do not fit in one message: the rest follow, so none is left out.
    for (const content of linesInMessages([`**Server phrases (${lines.length}/${PHRASE_LIMITS.perGuild})**`, ...lines])) {
      await respondPrivately(interaction, content);
    }
    return;
  }
  const text = interaction.options.getString('phrase', true);
  if (sub === 'remove') {
    const removed = await ctx.guildData.removePhrase(guildId, text);
    if (!removed) return respondPrivately(interaction, `There is no phrase “${safeEcho(text)}” in this server.`);
    // The phrase as it was stored, not as it was typed to name it ("STUCK on the … spinner!!").
    void ctx.modLog.post({ kind: 'phrase-removed', guildId, by: interaction.user.id, phrase: removed.phrase, code: removed.code });
    return respondPrivately(interaction, `Removed the phrase “${safeEcho(removed.phrase)}” (it meant \`${removed.code}\`).`);
  }
  const codeInput = interaction.options.getString('code', true);
  const entry = ctx.lookup.byCode(codeInput) ?? ctx.lookup.codes.resolve(codeInput);
  if (!entry) {
    return respondPrivately(interaction, `“${safeEcho(codeInput)}” is not a documented error. Pick one from the list as you type.`);
  }
  if (phraseTooCommon(text)) {
    return respondPrivately(
      interaction,
      `“${safeEcho(text)}” is too common to mean one error: it would answer ordinary chat. Add the words that make it specific.`,
    );
  }
  if (hasLink(text)) {
    return respondPrivately(interaction, 'A phrase is found by its words, and a link in a message is read as its site only: leave the link out.');
  }
  // Read as a question to the bot reads it: a documented code or message found there would be answered beside the phrase's error.
  const already = ctx.answerer.detectText({ way: 'context', text, phrases: [] });
  const other = already.kind === 'entries' ? already.entries.find((e) => e.code !== entry.code) : undefined;
  if (other) {
    return respondPrivately(
      interaction,
      `“${safeEcho(text)}” already shows \`${other.code}\`, a documented error: a phrase cannot give it another meaning.`,
    );
  }
  // A message several errors share is answered with all of them; a phrase's match would answer it as one alone.
  if (already.kind === 'group') {
    return respondPrivately(
      interaction,
      `“${safeEcho(text)}” already shows a message several documented errors share: a phrase cannot give it one meaning.`,
    );
  }
  const result = await ctx.guildData.addPhrase(guildId, text, entry.code, interaction.user.id);
  if (result.ok) {
    void ctx.modLog.post({ kind: 'phrase-added', guildId, by: interaction.user.id, phrase: result.phrase.phrase, code: entry.code });
    return respondPrivately(interaction, `Added: “${safeEcho(result.phrase.phrase)}” now means \`${entry.code}\` in this server.`);
  }
  const why = {
    duplicate: `This server already has the phrase “${safeEcho(text)}”. Remove it first to link it to another error.`,
    limit: `This server has the most phrases allowed (${PHRASE_LIMITS.perGuild}). Remove one to add another.`,
    length: `A phrase needs ${PHRASE_LIMITS.minLength} to ${PHRASE_LIMITS.maxLength} characters of words (${PHRASE_LIMITS.minUnspaced} in Chinese or Japanese; 4 letters in Thai, Lao, Khmer or Burmese).`,
  }[result.reason];
  return respondPrivately(interaction, why);
}

/** The `code` option offers entries; `phrase remove` offers this server's phrases. */
export async function phraseAutocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const value = String(focused.value);
  if (focused.name === 'code') return interaction.respond(ctx.lookup.autocomplete(value));
  // As the command checks again: a server may open it to everyone in Integrations, and the list is moderators'.
  if (focused.name === 'phrase' && interaction.guildId && interaction.options.getSubcommand(false) === 'remove' && canManageMessages(interaction.memberPermissions)) {
    const needle = value.toLowerCase();
    const phrases = await ctx.guildData.phrases(interaction.guildId);
    return interaction.respond(
      phrases
        .filter((p) => p.phrase.toLowerCase().includes(needle))
        .slice(0, 25)
        .map((p) => ({ name: truncate(`${p.phrase} → ${p.code}`, 100), value: p.phrase.slice(0, 100) })),
    );
  }
  await interaction.respond([]);
}
