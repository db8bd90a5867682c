import { describe, expect, it } from 'vitest';
import { autoRepliesEnabledIn, DEFAULT_SETTINGS, parseStoredSettings } from '../../src/settings/schema.js';

describe('stored settings', () => {
  it('keeps every valid field when another one is invalid (eleven forums written before the limit held)', () => {
    const forum = (i: number) => ({ forumId: `40000000000000000${i}`, idleHours: 24, onboarding: true, lock: false });
    const stored = JSON.stringify({
      autoReplies: true,
      allowIds: ['333333333333333333'],
      logChannelId: '444444444444444444',
      forums: Array.from({ length: 11 }, (_, i) => forum(i)),
    });
    expect(parseStoredSettings(stored, DEFAULT_SETTINGS)).toEqual({
      ...DEFAULT_SETTINGS,
      autoReplies: true,
      allowIds: ['333333333333333333'],
      logChannelId: '444444444444444444',
    });
  });
});

describe('stored settings with an unreadable channel scope', () => {
  it('keeps automatic replies off rather than open them to every channel', () => {
    // A corrupt allow list read as the default (empty: every channel) would let the bot answer ordinary chat.
    for (const allowIds of ['333333333333333333', [333], null]) {
      const stored = JSON.stringify({ autoReplies: true, allowIds, denyIds: [] });
      const settings = parseStoredSettings(stored, DEFAULT_SETTINGS);
      expect(autoRepliesEnabledIn(settings, ['555555555555555555']), JSON.stringify(allowIds)).toBe(false);
    }
    // So with a corrupt deny list: the channels moderators kept the bot out of.
    const denied = parseStoredSettings(JSON.stringify({ autoReplies: true, allowIds: [], denyIds: '666666666666666666' }), DEFAULT_SETTINGS);
    expect(autoRepliesEnabledIn(denied, ['666666666666666666'])).toBe(false);
  });
});
