import { describe, expect, it } from 'vitest';
import { withoutChannel } from '../../src/events/channel-delete.js';
import { defaultSettings, type GuildSettings } from '../../src/settings/schema.js';

const settings = (change: Partial<GuildSettings>): GuildSettings => ({ ...defaultSettings([]), autoReplies: true, ...change });

describe('a deleted channel leaves the settings', () => {
  it('turns automatic replies off when it was the last allowed channel, never opens them to every channel', () => {
    const after = withoutChannel(settings({ allowIds: ['1'] }), '1');
    expect(after).toMatchObject({ allowIds: [], autoReplies: false });
  });

  it('keeps automatic replies where other channels are still allowed, and drops it from every list', () => {
    const before = settings({ allowIds: ['1', '2'], denyIds: ['1', '3'], logChannelId: '1' });
    expect(withoutChannel(before, '1')).toMatchObject({ allowIds: ['2'], denyIds: ['3'], autoReplies: true, logChannelId: undefined });
    // A denied channel going away changes nothing else: every channel stays allowed.
    expect(withoutChannel(settings({ denyIds: ['3'] }), '3')).toMatchObject({ allowIds: [], denyIds: [], autoReplies: true });
  });
});
