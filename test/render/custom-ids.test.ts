import { describe, expect, it } from 'vitest';
import { loadEntries } from '../../src/data/index.js';
import { MAX_AUTO_REPLY_ENTRIES } from '../../src/render/auto-reply.js';
import { browseId, codeKey, dismissId, fixId, pickId, solvedId, splitId, viewId, voteId, votesId, type IdCodec } from '../../src/render/custom-ids.js';

const USER = '123456789012345678';
const CHANNEL = '223456789012345678';
const MESSAGE = '323456789012345678';

function roundTrip<T>(codec: IdCodec<T>, value: T): T | undefined {
  const id = codec.encode(value);
  expect(id.length).toBeLessThanOrEqual(100);
  const { prefix, parts } = splitId(id);
  expect(prefix).toBe(codec.prefix);
  return codec.decode(parts);
}

describe('custom IDs', () => {
  it('carry their state there and back', () => {
    expect(roundTrip(viewId, null)).toBeNull();
    expect(roundTrip(pickId, { private: false, targetId: USER })).toEqual({ private: false, targetId: USER });
    expect(roundTrip(pickId, { private: true })).toEqual({ private: true });
    expect(roundTrip(browseId, { filter: 'auth', page: 2, ownerId: USER, direction: 'next' })).toEqual({
      filter: 'auth',
      page: 2,
      ownerId: USER,
      direction: 'next',
    });
    expect(roundTrip(dismissId, { authorId: USER })).toEqual({ authorId: USER });
    // Codes carry colons and dashes of all kinds.
    expect(roundTrip(voteId, { helped: true, code: 'accounts:53–55' })).toEqual({ helped: true, code: 'accounts:53–55' });
    expect(roundTrip(voteId, { helped: false, code: 'HTTP 403 — PREMIUM_REQUIRED' })).toEqual({ helped: false, code: 'HTTP 403 — PREMIUM_REQUIRED' });
    const keys = ['auth:3', 'HTTP 403 — PREMIUM_REQUIRED'].map(codeKey);
    expect(roundTrip(votesId, { helped: true, keys })).toEqual({ helped: true, keys });
    expect(roundTrip(fixId, { channelId: CHANNEL, messageId: MESSAGE, authorId: USER })).toEqual({
      channelId: CHANNEL,
      messageId: MESSAGE,
      authorId: USER,
    });
  });

  it('refuse malformed or forged state before any handler sees it', () => {
    const decode = <T>(codec: IdCodec<T>, id: string) => codec.decode(splitId(id).parts);
    expect(decode(viewId, 'se:view:extra')).toBeUndefined();
    expect(decode(pickId, 'se:pick:2:')).toBeUndefined();
    expect(decode(pickId, 'se:pick:1:<@everyone>')).toBeUndefined();
    expect(decode(browseId, `se:browse:auth:x:${USER}:next`)).toBeUndefined();
    expect(decode(browseId, `se:browse:auth:1:${USER}:sideways`)).toBeUndefined();
    expect(decode(browseId, 'se:browse:auth:1:not-a-user:next')).toBeUndefined();
    expect(decode(dismissId, 'se:dismiss:')).toBeUndefined();
    expect(decode(voteId, 'se:vote:yes:auth:3')).toBeUndefined();
    expect(decode(voteId, 'se:vote:1')).toBeUndefined();
    expect(decode(votesId, 'se:votes:1')).toBeUndefined();
    expect(decode(votesId, 'se:votes:1:auth:3')).toBeUndefined();
    expect(decode(votesId, `se:votes:2:${codeKey('auth:3')}`)).toBeUndefined();
    expect(decode(fixId, `se:fix:${CHANNEL}:${MESSAGE}`)).toBeUndefined();
    expect(decode(fixId, `se:fix:${CHANNEL}:${MESSAGE}:${USER}:more`)).toBeUndefined();
  });

  it('refuse to build an ID Discord would reject', () => {
    expect(() => voteId.encode({ helped: true, code: 'x'.repeat(100) })).toThrow(/too long/);
  });

  it('build an ID of exactly Discord\'s 100 characters', () => {
    const code = 'x'.repeat(100 - 'se:vote:1:'.length);
    expect(voteId.encode({ helped: true, code })).toHaveLength(100);
  });

  it('refuse a user, channel or thread that is no snowflake, or state after the last part', () => {
    const decode = <T>(codec: IdCodec<T>, id: string) => codec.decode(splitId(id).parts);
    expect(decode(dismissId, 'se:dismiss:1')).toBeUndefined();
    expect(decode(dismissId, `se:dismiss:x${USER}x`)).toBeUndefined();
    expect(decode(pickId, `se:pick:1:<@&${USER}>`)).toBeUndefined();
    expect(decode(pickId, `se:pick:1:${USER}:more`)).toBeUndefined();
    expect(decode(dismissId, `se:dismiss:${USER}:more`)).toBeUndefined();
    expect(decode(solvedId, `se:solved:${CHANNEL}:more`)).toBeUndefined();
    expect(decode(browseId, `se:browse:auth:1000:${USER}:next`)).toBeUndefined();
    expect(decode(solvedId, `se:solved:${CHANNEL}`)).toEqual({ threadId: CHANNEL });
  });

  // A reply shows up to three errors; its votes name each. Spelled out, the three longest codes take 128 characters.
  it('name the errors of a reply with the most, and the longest, codes the data has, each by a key of its own', () => {
    const codes = loadEntries().map((e) => e.code);
    expect(new Set(codes.map(codeKey)).size).toBe(codes.length);
    const longest = [...codes].sort((a, b) => b.length - a.length).slice(0, MAX_AUTO_REPLY_ENTRIES);
    const keys = longest.map(codeKey);
    expect(roundTrip(votesId, { helped: false, keys })).toEqual({ helped: false, keys });
  });
});
