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

  it('ends a channel cooldown two replies hold once both are deleted, after their ten minutes, though the second showed it again later', () => {
    const start = 1_000_000;
    let now = start;
    const state = new ReplyState({ now: () => now });
    state.startCooldown('c:auth:3', 600);
    state.track('s1', { replyId: 'r1', channelId: 'c', authorId: 'a', codes: ['auth:3'], cooldowns: { 'c:auth:3': start } });
    state.track('s2', { replyId: 'r2', channelId: 'c', authorId: 'b', codes: ['auth:1'] });
    // Nine minutes on, the second reply's source is edited to show auth:3 too (as AutoReplyGate.shownByEdit does):
    // the cooldown runs again from now, held by both replies.
    now = start + 9 * 60_000;
    state.showAgain('c:auth:3', 600, true);
    state.track('s2', { replyId: 'r2', channelId: 'c', authorId: 'b', codes: ['auth:3'], cooldowns: { 'c:auth:3': start } }, start);
    // Both dismissed or deleted by a moderator after they stopped being followed: nothing shows auth:3 any more.
    now = start + 12 * 60_000;
    state.forgetReply('r1');
    state.forgetReply('r2');
    expect(state.onCooldown('c:auth:3')).toBe(false);
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
