import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseStoredSettings } from '../../src/settings/schema.js';

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
