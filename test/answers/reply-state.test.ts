import { describe, expect, it } from 'vitest';
import { ReplyState } from '../../src/answers/reply-state.js';

describe('reply state', () => {
  it('expires cooldowns after their time', () => {
    let now = 1_000_000;
    const state = new ReplyState({ now: () => now });
    state.startCooldown('c1:auth:3', 600);
    expect(state.onCooldown('c1:auth:3')).toBe(true);
    now += 599_000;
    expect(state.onCooldown('c1:auth:3')).toBe(true);
    now += 2_000;
    expect(state.onCooldown('c1:auth:3')).toBe(false);
  });

  it('follows a source message for ten minutes, then forgets it', () => {
    let now = 5_000_000;
    const state = new ReplyState({ now: () => now });
    state.track('src', { replyId: 'r', channelId: 'c', authorId: 'a', codes: ['auth:3'] });
    expect(state.replyTo('src')?.replyId).toBe('r');
    state.forgetReply('r');
    expect(state.replyTo('src')).toBeUndefined();
    state.track('src2', { replyId: 'r2', channelId: 'c', authorId: 'a', codes: [] });
    now += 10 * 60_000 + 1;
    expect(state.replyTo('src2')).toBeUndefined();
  });

  it('stays bounded however many messages it sees', () => {
    const state = new ReplyState({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) {
      state.startCooldown(`user:${i}`, 60);
      state.track(`m${i}`, { replyId: `r${i}`, channelId: 'c', authorId: 'a', codes: [] });
    }
    expect(state.size).toEqual({ cooldowns: 100, replies: 100 });
  });
});
