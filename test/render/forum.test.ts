import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { renderOnboarding } from '../../src/render/forum.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();
const entry = (code: string) => lookup.byCode(code)!;
const selects = (payload: ReturnType<typeof renderOnboarding>) => payload.components.flatMap((row) => row.components).filter((c) => c.type === ComponentType.StringSelect);

describe('forum greeting', () => {
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
