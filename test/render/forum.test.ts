import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { closingText, renderOnboarding, solvedText } from '../../src/render/forum.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entry = (code: string) => lookup.byCode(code)!;
const selects = (payload: ReturnType<typeof renderOnboarding>) => payload.components.flatMap((row) => row.components).filter((c) => c.type === ComponentType.StringSelect);

describe('forum greeting', () => {
  it('shows a likely entry\'s title as written, its markdown characters escaped', () => {
    const one = renderOnboarding('1', [{ ...entry('accounts:408'), title: 'Login **fails** on _shared_ PCs' }]);
    expect(one.embeds[0]!.description).toContain('(Login \\*\\*fails\\*\\* on \\_shared\\_ PCs)');
  });

  it('names one likely entry with its command, lists several in a menu, and offers no menu of one', () => {
    const one = renderOnboarding('1', [entry('accounts:408')]);
    expect(selects(one)).toEqual([]);
    expect(one.embeds[0]!.description).toContain('**accounts:408** (Country mismatch): `/spotify-error accounts:408`');
    const several = renderOnboarding('1', [entry('accounts:409'), entry('accesspoint:22')]);
    expect(selects(several)).toHaveLength(1);
    expect(several.embeds[0]!.description).toContain('one of the errors in the menu below');
    const none = renderOnboarding('1', []);
    expect(selects(none)).toEqual([]);
    expect(none.embeds[0]!.description).not.toContain('might be');
  });
});

describe('closing a post', () => {
  it('tells members how to reopen it, or to make a new post where the forum locks closed posts (members cannot post in those)', () => {
    const helper = '100000000000000001';
    expect(solvedText(helper, 'archived')).toBe(`✅ Marked solved by <@${helper}>. This post is now closed; post again here to reopen it.`);
    expect(solvedText(helper, 'locked')).toBe(`✅ Marked solved by <@${helper}>. This post is now closed and locked; if the problem comes back, make a new post.`);
    for (const answered of [true, false]) {
      expect(closingText(answered, 24, 'archived')).toMatch(/post here again to reopen it/i);
      const locked = closingText(answered, 24, 'locked');
      expect(locked).toMatch(/^This post was closed after 24 hours without new messages\. /);
      expect(locked).not.toMatch(/reopen/);
      expect(locked).toMatch(/make a new post/i);
    }
  });

  it('does not say a post is closed where the bot may not archive it (it stays open)', () => {
    const helper = '100000000000000001';
    expect(solvedText(helper, 'open')).toBe(`✅ Marked solved by <@${helper}>.`);
    for (const answered of [true, false]) {
      const line = closingText(answered, 24, 'open');
      expect(line).toMatch(/^No new messages here for 24 hours\. /);
      expect(line).not.toMatch(/closed|reopen/);
      expect(line).toMatch(/post here again/i);
    }
  });
});
