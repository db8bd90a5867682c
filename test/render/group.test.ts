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

  it('speaks of the code in brackets only where one of the entries shows one', () => {
    expect(renderGroupEmbed(entries('accounts:4', 'accesspoint:31')).description).toContain('The code in brackets after the message');
    for (const group of [entries('com.spotify.installer −4', 'com.spotify.installer (generic)'), entries('auth:2', 'accounts:3', 'session:3')]) {
      expect(renderGroupEmbed(group).description).not.toContain('code in brackets');
    }
  });
});
