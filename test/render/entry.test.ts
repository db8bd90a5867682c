import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { codeKey, votesId } from '../../src/render/custom-ids.js';
import { embedToMarkdown } from '../../src/render/text.js';
import { embedLength, entryOptions, feedbackButtons, formatText, LIMITS, renderEntry, renderEntryEmbed, SEVERITY_COLORS } from '../../src/render/entry.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entries = loadEntries();
const entry = (code: string) => lookup.byCode(code)!;

describe('entry embed', () => {
  it.each(entries.map((e) => [e.code, e] as const))('%s renders within Discord limits, full and compact', (_, e) => {
    for (const compact of [false, true]) {
      const payload = renderEntry(e, { compact, related: lookup.relatedTo(e) });
      const [embed] = payload.embeds;
      expect(embed!.title!.length).toBeLessThanOrEqual(LIMITS.title);
      expect(embed!.description!.length).toBeLessThanOrEqual(LIMITS.description);
      expect(embed!.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of embed!.fields!) {
        expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        expect(f.value.length).toBeGreaterThan(0);
      }
      expect(embed!.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
      expect(embedLength(embed!)).toBeLessThanOrEqual(LIMITS.total);
      expect(payload.components.length).toBeLessThanOrEqual(5);
    }
  });

  it('renders a new entry whose code is long, its feedback buttons named by key where the code would not fit in a custom ID', () => {
    const code = 'ONE_TRACK_UNPLAYABLE (playback dispatcher, offline cache, protected content and region lock)';
    const payload = renderEntry({ ...entry('auth:3'), code });
    const ids = payload.components.flatMap((row) => row.components).flatMap((c) => ('custom_id' in c ? [c.custom_id] : []));
    expect(ids).toEqual([votesId.encode({ helped: true, keys: [codeKey(code)] }), votesId.encode({ helped: false, keys: [codeKey(code)] })]);
    // A code that fits is still named as itself (buttons already posted keep working).
    expect(feedbackButtons(['auth:3']).map((b) => b.custom_id)).toEqual(['se:vote:1:auth:3', 'se:vote:0:auth:3']);
  });

  it('shows a title as written, its markdown characters escaped (in the embed and in the text sent without embeds)', () => {
    const embed = renderEntryEmbed({ ...entry('auth:3'), title: 'Login **fails** on _shared_ PCs' });
    expect(embed.title).toBe('auth:3 — Login \\*\\*fails\\*\\* on \\_shared\\_ PCs');
    expect(embedToMarkdown(embed)).toContain('**auth:3 — Login \\*\\*fails\\*\\* on \\_shared\\_ PCs**');
  });

  it('shows title, colour, quoted message, chain with the failing node emphasised', () => {
    const [embed] = renderEntry(entry('auth:1')).embeds;
    expect(embed!.title).toBe('auth:1 — Service temporarily unavailable');
    expect(embed!.color).toBe(SEVERITY_COLORS.error);
    expect(embed!.description).toContain('> Service is temporarily unavailable, please try again later.');
    expect(embed!.description).toContain('App start → Auth servers *(AP cluster)* → TCP connect *(port 443)* → **Timeout**');
    expect(renderEntry(entry('accounts:4')).embeds[0]!.color).toBe(SEVERITY_COLORS.fatal);
    expect(renderEntry(entry('CAPPING_USER_IS_CAPPED')).embeds[0]!.color).toBe(SEVERITY_COLORS.warn);
    expect(renderEntry(entry('accounts:413')).embeds[0]!.color).toBe(SEVERITY_COLORS.info);
  });

  it('shows a description of what happens instead of a message as such, not quoted as if Spotify displayed it', () => {
    for (const [code, description] of [
      ['CLIENT_VERSION_SUNSETTED', '*(Forced update modal — playback is blocked until you update.)*'],
      ['AUDIO_FORMAT_NEGOTIATION_FAIL', '*(Opens an audio format negotiation dialog.)*'],
      ['accounts:417', '*(No message shown — locale string is absent, a known client bug.)*'],
    ] as const) {
      for (const compact of [false, true]) {
        const text = renderEntryEmbed(entry(code), { compact }).description!;
        expect(text.split('\n')[0], code).toBe(description);
      }
    }
    expect(renderEntryEmbed(entry('auth:2')).description).toMatch(/^> Service is temporarily unavailable, please try again later\.\n> \*or\*\n> The username/);
  });

  it('lists causes as bullets and resolution as numbered steps, with the note', () => {
    const fields = renderEntry(entry('accounts:4')).embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['Likely causes', 'Resolution', 'Why Firefox works but Chrome and Spotify fail']);
    expect(fields[0]!.value.split('\n')[0]).toBe('• netprofm service stopped or its registry keys are corrupted');
    expect(fields[1]!.value).toMatch(/^1\. Open Services/);
    expect(fields[1]!.value).toContain('3. Run: `ipconfig /flushdns`');
    expect(fields[1]!.value).toContain('`services.msc`');
  });

  it('puts paths, commands and URLs in inline code and escapes the rest', () => {
    expect(formatText('Check C:\\Windows\\System32\\drivers\\etc\\hosts for spotify.com entries')).toBe(
      'Check `C:\\Windows\\System32\\drivers\\etc\\hosts` for spotify.com entries',
    );
    expect(formatText('go to chrome://components/ → Widevine')).toContain('`chrome://components/`');
    expect(formatText('whitelist *.spotify.com')).toBe('whitelist \\*.spotify.com');
    expect(formatText('delete %AppData%\\Spotify\\prefs , relaunch')).toBe('delete `%AppData%\\Spotify\\prefs` , relaunch');
  });

  it('carries the attribution, severity and platform in the footer, and a link to the reference', () => {
    const payload = renderEntry(entry('auth:3'));
    expect(payload.embeds[0]!.footer!.text).toBe(
      'Severity: error · Authentication & Login · Windows · Unofficial community reference by 0iy (MIT), not affiliated with Spotify',
    );
    expect(renderEntry(entry('com.spotify.installer −3')).embeds[0]!.footer!.text).toContain(' · Installer · macOS · ');
    expect(renderEntry(entry('NOT_AVAILABLE_OFFLINE')).embeds[0]!.footer!.text).toContain(' · Windows & macOS · ');
    const button = payload.components[0]!.components[0]!;
    expect(button).toMatchObject({ type: ComponentType.Button, url: 'https://0iy.github.io/spotify-error-ref/' });
  });

  it('offers the entries that show the same message in a select', () => {
    const payload = renderEntry(entry('auth:3'), { related: lookup.relatedTo(entry('auth:3')) });
    const select = payload.components[1]!.components[0]!;
    expect(select.type).toBe(ComponentType.StringSelect);
    if (select.type !== ComponentType.StringSelect) return;
    expect(select.options.map((o) => o.value)).toEqual([
      'accounts:103',
      'session:103',
      'desktop_login_accounts:5',
      'accesspoint:17',
      'accesspoint:39',
      'Error 30',
    ]);
    expect(renderEntry(entry('accounts:403'), { related: lookup.relatedTo(entry('accounts:403')) }).components).toHaveLength(1);
  });

  it('describes each option by what Spotify shows, or by its cause chain where they all show the same message', () => {
    const options = entryOptions([entry('auth:73'), entry('accounts:4'), entry('com.spotify.installer −3')]);
    expect(options[0]).toEqual({ label: 'auth:73 — Region mismatch or auth blocked', value: 'auth:73', description: entry('auth:73').messages[0] });
    expect(options[2]!.description).toBe('An error occurred while trying to mount the downloaded Spotify disk image.');
    // Discord's limit is 100 characters: longer messages end in an ellipsis.
    const longest = [...loadEntries()].sort((a, b) => b.messages[0]!.length - a.messages[0]!.length)[0]!;
    expect(longest.messages[0]!.length).toBeGreaterThan(LIMITS.selectOptionDescription);
    expect(entryOptions([longest])[0]!.description).toMatch(/^.{90,99}…$/u);
    const chain = (code: string) => entry(code).chain.map((n) => n.label).join(' → ');
    const firewall = entryOptions(lookup.relatedTo(entry('auth:3')).concat(entry('auth:3')));
    expect(new Set(firewall.map((o) => o.description)).size).toBe(firewall.length);
    expect(firewall.find((o) => o.value === 'auth:3')!.description).toBe(chain('auth:3'));
    // auth:2 shows "The username or password is incorrect." as its second message.
    const password = entryOptions([entry('accounts:3'), entry('auth:2'), entry('session:3')]);
    expect(password.map((o) => o.description)).toEqual([chain('accounts:3'), chain('auth:2'), chain('session:3')]);
    // In a mixed menu only the options that share a message are told apart by their chains.
    const mixed = entryOptions([entry('auth:73'), entry('accounts:409'), entry('accesspoint:22')]);
    expect(mixed.map((o) => o.description)).toEqual([entry('auth:73').messages[0], chain('accounts:409'), chain('accesspoint:22')]);
  });

  it('compact form keeps the first steps and points to the full answer', () => {
    const fields = renderEntry(entry('accounts:4'), { compact: true }).embeds[0]!.fields!;
    expect(fields).toHaveLength(1);
    expect(fields[0]!.value).toContain('3. Run: `ipconfig /flushdns`');
    expect(fields[0]!.value).toContain('2 more: `/spotify-error accounts:4`');
  });
});

describe('notes with code snippets', () => {
  it('shows the snippet as a code block, its entities decoded, and the prose around it', () => {
    const withSnippet = loadEntries().filter((e) => e.note?.snippet);
    expect(withSnippet.length).toBeGreaterThan(10);
    for (const e of withSnippet) {
      const note = renderEntryEmbed(e).fields!.filter((f) => f.name.startsWith(e.note!.title));
      const value = note.map((f) => f.value).join('\n');
      expect(value).not.toMatch(/&gt;|&lt;|&amp;/);
      expect(value, e.code).toContain(`\`\`\`${e.note!.snippet!.language ?? ''}\n${e.note!.snippet!.code}\n\`\`\``);
    }
  });

  it('goes on in the next fields where the prose and the code do not fit in one', () => {
    const title = 'One switch drives every playback snackbar';
    const fields = renderEntryEmbed(entry('ONE_TRACK_UNPLAYABLE (playback dispatcher)')).fields!.slice(-3);
    expect(fields.map((f) => f.name)).toEqual([title, `${title} (continued)`, `${title} (continued)`]);
    expect(fields[1]!.value).toMatch(/^```\nswitch \(event\.code\) \{\n[^]*\n```$/);
    expect(fields[2]!.value).toMatch(/^The low-level engine faults/);
    // Where it may not, the note keeps to one field and points to the full reference for the code.
    const short = renderEntryEmbed(entry('ONE_TRACK_UNPLAYABLE (playback dispatcher)'), { shortNote: true }).fields!;
    expect(short.at(-1)!.value).toContain('The code example is in the full reference.');
    expect(short.at(-1)!.value).not.toContain('```');
  });
});

describe('entry embed: limits no entry of the data reaches yet', () => {
  it('keeps an entry far beyond every limit within what Discord accepts', () => {
    const huge = {
      ...entry('auth:3'),
      title: 'T'.repeat(300),
      messages: ['m'.repeat(5000)],
      causes: Array.from({ length: 30 }, () => 'c'.repeat(1100)),
    };
    const embed = renderEntryEmbed(huge);
    expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  });

  it('starts a new field where one more line and its line break would pass 1,024 characters', () => {
    // Each cause shows as "• " and 510 letters: two with the line break between them are 1,025.
    const fields = renderEntryEmbed({ ...entry('auth:3'), causes: ['a'.repeat(510), 'b'.repeat(510)] }).fields!;
    expect(fields.filter((f) => f.name.startsWith('Likely causes')).map((f) => f.value.length)).toEqual([512, 512]);
  });

  it('offers at most 25 options in a select, as Discord allows', () => {
    expect(entryOptions(entries.slice(0, 30))).toHaveLength(LIMITS.selectOptions);
  });

  it('says nothing of more steps in the compact form where there are none', () => {
    const few = { ...entry('accounts:4'), resolution: entry('accounts:4').resolution.slice(0, 3) };
    const [field] = renderEntryEmbed(few, { compact: true }).fields!;
    expect(field!.value).not.toContain('more:');
    expect(field!.value.split('\n')).toHaveLength(3);
  });

  it('keeps a backtick inside a path from closing its inline code early', () => {
    expect(formatText('open C:\\Users\\a`b now')).toBe("open `C:\\Users\\a'b` now");
  });
});
