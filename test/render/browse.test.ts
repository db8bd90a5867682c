import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { decodeFilter, renderBrowsePage } from '../../src/render/browse.js';

const entries = loadEntries();

describe('browse list', () => {
  it('pages through a category with the owner in the button ids', () => {
    const first = renderBrowsePage(entries, { category: 'auth', platform: 'all' }, 0, '111111111111111111');
    expect(first.embeds[0]!.title).toBe('Spotify desktop errors — Authentication & Login');
    expect(first.embeds[0]!.footer!.text).toMatch(/^Page 1 of 3 · 25 errors/);
    expect(first.embeds[0]!.description).toContain('🟠 `auth:1` — Service temporarily unavailable');
    const [prev, next] = first.components[0]!.components as Array<{ custom_id: string; disabled: boolean }>;
    expect(prev).toMatchObject({ disabled: true });
    expect(next).toMatchObject({ custom_id: 'se:browse:auth-all:1:111111111111111111:next', disabled: false });
    const last = renderBrowsePage(entries, { category: 'auth', platform: 'all' }, 99, '111111111111111111');
    expect(last.embeds[0]!.footer!.text).toMatch(/^Page 3 of 3/);
    const webapi = renderBrowsePage(entries, { category: 'webapi', platform: 'all' }, 0, '1');
    expect(webapi.embeds[0]!.description!.split('\n').filter((l) => l.includes('`HTTP'))).toHaveLength(5);
  });

  it('pages through all 62, and filters by platform without losing entries of both', () => {
    const all = renderBrowsePage(entries, decodeFilter(null), 0, '1');
    expect(all.embeds[0]!.footer!.text).toMatch(/^Page 1 of 7 · 62 errors/);
    const mac = renderBrowsePage(entries, decodeFilter(null, 'macos'), 0, '1');
    const macCount = entries.filter((e) => e.platforms.includes('macos')).length;
    expect(mac.embeds[0]!.title).toBe('Spotify desktop errors — All categories · macOS');
    expect(mac.embeds[0]!.footer!.text).toContain(`· ${macCount} errors`);
    const macInstaller = renderBrowsePage(entries, decodeFilter('installer-macos'), 0, '1');
    expect(macInstaller.embeds[0]!.description).toContain('com.spotify.installer −3');
    expect(macInstaller.embeds[0]!.description).not.toContain('Installer error 18');
    expect(decodeFilter('nonsense-xyz')).toEqual({ category: 'all', platform: 'all' });
  });
});
