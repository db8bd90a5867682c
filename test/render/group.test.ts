import { describe, expect, it } from 'vitest';
import { renderGroupEmbed } from '../../src/render/group.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entries = (...codes: string[]) => codes.map((code) => lookup.byCode(code)!);

describe('group embed', () => {
  it('tells the entries of a code number apart by the message each shows', () => {
    const text = renderGroupEmbed(entries('auth:3', 'accounts:3', 'session:3'), 'number').description!;
    expect(text).toContain('shows “A firewall may be blocking Spotify. Please update your firewall to allow Spotify.”');
    expect(text).toContain('shows “The username or password is incorrect.”');
    expect(text).not.toContain('code in brackets');
  });

  it('says which platform its errors are of, as every answer does', () => {
    // The firewall seven are the Windows client's: a member on a Mac should see that.
    const firewall = renderGroupEmbed(entries('auth:3', 'accounts:103', 'Error 30'));
    expect(firewall.footer!.text).toMatch(/^Windows · Unofficial community reference/);
    const playback = renderGroupEmbed(entries('FRAGMENT_REQUEST_FAILED_WITH_STATUS', 'ONE_TRACK_UNPLAYABLE (playback dispatcher)'));
    expect(playback.footer!.text).toMatch(/^Windows & macOS · /);
    // Entries of different platforms: each says its own.
    const mixed = renderGroupEmbed(entries('Installer error 18', 'com.spotify.installer −4'));
    expect(mixed.description).toContain('-# Windows · starts at');
    expect(mixed.description).toContain('-# macOS · starts at');
    expect(mixed.footer!.text).toMatch(/^Unofficial community reference/);
  });

  it('speaks of the code in brackets only where one of the entries shows one', () => {
    expect(renderGroupEmbed(entries('accounts:4', 'accesspoint:31')).description).toContain('The code in brackets after the message');
    for (const group of [entries('com.spotify.installer −4', 'com.spotify.installer (generic)'), entries('auth:2', 'accounts:3', 'session:3')]) {
      expect(renderGroupEmbed(group).description).not.toContain('code in brackets');
    }
  });
});

describe('group embed: text the data does not have yet', () => {
  const marked = {
    ...lookup.byCode('auth:3')!,
    title: 'Login **fails** on _shared_ PCs',
    chain: [
      { label: 'App __start__' },
      { label: 'Auth ~~servers~~' },
    ],
  };

  it('escapes markdown in each entry\'s title and where its chain starts', () => {
    const text = renderGroupEmbed([marked, lookup.byCode('accounts:3')!]).description!;
    expect(text).toContain('Login \\*\\*fails\\*\\* on \\_shared\\_ PCs');
    expect(text).toContain('starts at App \\_\\_start\\_\\_ → Auth \\~\\~servers\\~\\~');
  });

  it('keeps within Discord\'s 4,096 characters, each message it quotes cut at 120', () => {
    const long = { ...lookup.byCode('auth:3')!, messages: ['word '.repeat(100)] };
    const text = renderGroupEmbed(Array.from({ length: 30 }, () => long), 'number').description!;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.split('\n')[1]).toMatch(/shows “(word ){23}word…” · starts at/);
  });
});
