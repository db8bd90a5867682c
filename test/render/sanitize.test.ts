import { describe, expect, it } from 'vitest';
import { safeEcho, truncate } from '../../src/render/sanitize.js';

describe('echoing members\' text', () => {
  it('never renders a masked or plain link, a mention or formatting', () => {
    const masked = safeEcho('[Fix it here](https://evil.example/login) now');
    // An escaped bracket opens no masked link, and the link itself is broken.
    expect(masked).not.toMatch(/(?<!\\)\[/);
    expect(masked).not.toContain('https://');
    expect(masked).toContain('\\[Fix it here');
    expect(safeEcho('see https://evil.example and <https://evil.example>')).not.toContain('https://');
    expect(safeEcho('join discord.gg/abcdef')).not.toContain('discord.gg');
    expect(safeEcho('hey @everyone <@123> <@&456> <#789>')).not.toMatch(/@everyone|<@|<#/);
    expect(safeEcho('# Heading\n- list **bold** __under__ ||spoiler|| `code`')).toBe(
      '\\# Heading - list \\*\\*bold\\*\\* \\_\\_under\\_\\_ \\|\\|spoiler\\|\\| \\`code\\`',
    );
  });

  it('cuts between whole characters, never half an emoji', () => {
    const cut = truncate(`${'a'.repeat(98)}😀😀😀`, 100);
    expect(cut).toBe(`${'a'.repeat(98)}…`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(truncate('😀'.repeat(60), 99))).toBe(false);
    expect(truncate('👩‍👩‍👧‍👦 family', 5)).toBe('…');
    expect(safeEcho(`${'x'.repeat(99)}🎵 tail`)).toBe(`${'x'.repeat(99)}…`);
  });
});

describe('echoing members\' text: Discord\'s other tags, hidden characters, links with markup', () => {
  it('renders no slash-command mention, timestamp, custom emoji or server-guide link', () => {
    const echoed = safeEcho('run </spotify-error-admin log off:1234567890123456789> at <t:1700000000:R> <:pepe:123456789012345678> <a:party:123456789012345678> <id:customize>');
    // Discord renders each of these from `<` followed directly by its marker; a broken one shows as typed.
    expect(echoed).not.toMatch(/<(?:\/|t:|:|a:|id:)/);
    expect(echoed).toContain('/spotify-error-admin log off:1234567890123456789>');
  });

  it('drops bidi controls and zero-width characters, which would reorder or hide the bot\'s own words', () => {
    const echoed = safeEcho('x \u202Eabc def\u202C \u2066y\u2069 zero\u200Bwidth\u2060join\u200E end\u0085next');
    expect(echoed).toBe('x abc def y zerowidthjoin end next');
    // What the stripping leaves is made safe too.
    expect(safeEcho('@\u200Beveryone')).toBe('@\u200beveryone');
    // Emoji joined by ZWJ stay one emoji.
    expect(safeEcho('👩‍👩‍👧 ok')).toBe('👩‍👩‍👧 ok');
  });

  it('escapes markup inside the links and tags it breaks: once broken they are plain text, where `*b*` is italic', () => {
    const link = safeEcho('see https://evil.example/*b*/_i_/__u__ now');
    expect(link).not.toContain('https://');
    expect(link).not.toMatch(/(?<!\\)[*_]/);
    // Discord's escaper leaves underscores after `<:` alone (an emoji's name); a broken `<:` is no emoji.
    expect(safeEcho('<: is _not_ an emoji')).not.toMatch(/(?<!\\)_/);
  });
});

describe('safeEcho', () => {
  it('neutralises mentions, escapes markdown and truncates', () => {
    expect(safeEcho('@everyone look **here**')).toBe('@\u200beveryone look \\*\\*here\\*\\*');
    expect(safeEcho('<@123> and <@&456> and @here')).toBe('<\u200b@123> and <\u200b@&456> and @\u200bhere');
    const long = safeEcho('a'.repeat(500), 100);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('…')).toBe(true);
    expect(safeEcho('line one\nline two')).toBe('line one line two');
  });
});

describe('echoing members\' text: what escaping alone left', () => {
  it('escapes every backtick, so a run of four or more opens no code span that swallows the bot\'s own words', () => {
    // Discord's escaper takes three backticks as a fence and leaves the fourth bare: it then pairs
    // with the next backtick of the bot's own text ("like `auth:3`") and shows it all as code.
    for (const text of ['````x', '`````', 'a````b ``c', '``````` seven']) {
      expect(safeEcho(text)).not.toMatch(/(?<!\\)(?:\\\\)*`/);
    }
    expect(safeEcho('````x')).toBe('\\`\\`\\`\\`x');
  });

  it('escapes the stars and underscores after a `<`, a colon and a slash (`<3:/*sigh*`), which Discord\'s escaper takes for a link\'s', () => {
    // Its escaper skips `*` after `<…:/` and `_` after `<?:/` (for `<https://…>`), so "<3:/*sigh*" was echoed in italics.
    expect(safeEcho('love it <3:/*sigh*')).toBe('love it <3:/\\*sigh\\*');
    expect(safeEcho('meh <1:/_so_ slow')).toBe('meh <1:/\\_so\\_ slow');
    expect(safeEcho('<10:/**bold** and *it*')).not.toMatch(/(?<!\\)(?:\\\\)*[*_]/);
    // A star the escaper already escaped (a list's) stays escaped once.
    expect(safeEcho('* item *b*')).toBe('\\* item \\*b\\*');
  });
});

describe('echoing members\' text: zalgo', () => {
  it('keeps at most four combining marks on a letter, so stacked marks do not spill over the lines around the echo', () => {
    const zalgo = `z${'\u0301\u0316\u0334'.repeat(20)}algo`;
    expect(safeEcho(zalgo)).toBe('z\u0301\u0316\u0334\u0301algo');
    // Scripts that stack marks keep theirs: Vietnamese decomposed, Devanagari, Tibetan, Hebrew with points.
    for (const text of ['Vie\u0302\u0323t', 'स्त्री', 'བསྒྲུབས', 'בְּרֵאשִׁית']) expect(safeEcho(text)).toBe(text);
  });
});

describe('echoing members\' text: Discord\'s own link hosts', () => {
  it('breaks gift and server-template links, which Discord renders as cards without a scheme, as it does invites', () => {
    for (const text of ['free nitro discord.gift/Ab12Cd34Ef56Gh78', 'join us discord.new/AbCdEfGh', 'DISCORD.GIFT/xyz']) {
      expect(safeEcho(text)).not.toMatch(/discord\.(?:gift|new)/i);
    }
  });
});

describe('echoing members\' text: what the tests above left open', () => {
  it('breaks every @everyone and @here, not only the first', () => {
    const echoed = safeEcho('@everyone hi @everyone and @here, @here');
    expect(echoed).not.toMatch(/@(?:everyone|here)/);
    expect(echoed.match(/@\u200b(?:everyone|here)/g)).toHaveLength(4);
  });

  it('breaks invites on discord.com and discordapp.com, which Discord renders as cards without a scheme', () => {
    for (const text of ['join discord.com/invite/abcdef', 'join discordapp.com/invite/abcdef', 'DiscordApp.com/invite/x']) {
      expect(safeEcho(text)).not.toMatch(/discord(?:app)?\.com/i);
    }
  });

  it('keeps text of exactly the limit whole, and cuts one character more', () => {
    expect(truncate('a'.repeat(100), 100)).toBe('a'.repeat(100));
    expect(safeEcho('a'.repeat(100))).toBe('a'.repeat(100));
    expect(truncate('a'.repeat(101), 100)).toBe(`${'a'.repeat(99)}…`);
  });

  it('keeps the echo on one line whatever separates the lines, and one space wide', () => {
    expect(safeEcho('one\u2028two\u2029three\r\nfour\tfive   six')).toBe('one two three four five six');
  });
});
