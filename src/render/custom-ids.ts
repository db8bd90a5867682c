import { createHash } from 'node:crypto';
import type { ErrorEntry } from '../data/index.js';

/**
 * Component custom IDs (at most 100 characters): a prefix naming the handler, then the state the
 * handler needs, so no server-side memory is kept per message. Each ID has a typed codec; a
 * handler gets its state only after it parsed, so a forged or stale ID never reaches it.
 */
export interface IdCodec<T> {
  readonly prefix: string;
  encode(value: T): string;
  /** The state in an ID's parts (after the prefix), or undefined when they are malformed. */
  decode(parts: readonly string[]): T | undefined;
}

/** Discord's limit on a custom ID, and on a select option's or autocomplete choice's value. */
export const MAX_CUSTOM_ID = 100;

const SNOWFLAKE = /^\d{17,20}$/;
const isSnowflake = (value: string | undefined): value is string => value !== undefined && SNOWFLAKE.test(value);

function defineId<T>(
  prefix: string,
  toParts: (value: T) => Array<string | number>,
  fromParts: (parts: readonly string[]) => T | undefined,
): IdCodec<T> {
  return {
    prefix,
    encode(value) {
      const id = [prefix, ...toParts(value)].join(':');
      if (id.length > MAX_CUSTOM_ID) throw new Error(`custom_id too long: ${id}`);
      return id;
    },
    decode: fromParts,
  };
}

/** Splits an ID into its prefix (two parts: `se:view`) and the rest. */
export function splitId(customId: string): { prefix: string; parts: string[] } {
  const [a = '', b = '', ...parts] = customId.split(':');
  return { prefix: `${a}:${b}`, parts };
}

/** Select of entries; the picker sees the chosen entry privately. */
export const viewId = defineId<null>(
  'se:view',
  () => [],
  (parts) => (parts.length === 0 ? null : undefined),
);

/** "Did you mean" select: whether the answer is private, and the member it is for. */
export const pickId = defineId<{ private: boolean; targetId?: string }>(
  'se:pick',
  (v) => [v.private ? 1 : 0, v.targetId ?? ''],
  ([flag, target = '', ...rest]) => {
    if ((flag !== '0' && flag !== '1') || rest.length || (target !== '' && !isSnowflake(target))) return undefined;
    return { private: flag === '1', ...(target ? { targetId: target } : {}) };
  },
);

/** Browse paging. `direction` only keeps the two buttons' IDs apart (Discord refuses duplicates). */
export const browseId = defineId<{ filter: string; page: number; ownerId: string; direction: 'prev' | 'next' }>(
  'se:browse',
  (v) => [v.filter, v.page, v.ownerId, v.direction],
  ([filter, page, owner, direction, ...rest]) => {
    if (!filter || !/^[a-z-]+$/.test(filter) || !page || !/^-?\d{1,3}$/.test(page) || !isSnowflake(owner) || rest.length) return undefined;
    if (direction !== 'prev' && direction !== 'next') return undefined;
    return { filter, page: Number(page), ownerId: owner, direction };
  },
);

/** Dismiss on an automatic reply: the member it answered. */
export const dismissId = defineId<{ authorId: string }>(
  'se:dismiss',
  (v) => [v.authorId],
  ([author, ...rest]) => (isSnowflake(author) && !rest.length ? { authorId: author } : undefined),
);

/** Feedback on an answer about `code` (codes contain colons: everything after the flag). */
export const voteId = defineId<{ helped: boolean; code: string }>(
  'se:vote',
  (v) => [v.helped ? 1 : 0, v.code],
  ([flag, ...code]) => ((flag === '0' || flag === '1') && code.length ? { helped: flag === '1', code: code.join(':') } : undefined),
);

/**
 * A short, fixed-length key for a code, for IDs that name several (three of the longest codes
 * spelled out exceed Discord's 100 characters). It depends on the code alone, so a button already
 * posted keeps naming its errors whatever entries are added; a test over the data keeps keys distinct.
 */
export function codeKey(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 8);
}

const CODE_KEY = /^[0-9a-f]{8}$/;

/** Codes by `codeKey`, per dataset (built on the first vote on a reply with several errors). */
const codesByKey = new WeakMap<readonly ErrorEntry[], Map<string, string>>();

/** The code of the dataset's entries that `key` names. */
export function codeOfKey(entries: readonly ErrorEntry[], key: string): string | undefined {
  let codes = codesByKey.get(entries);
  if (!codes) codesByKey.set(entries, (codes = new Map(entries.map((e) => [codeKey(e.code), e.code]))));
  return codes.get(key);
}

/** Feedback on a reply showing several errors: a vote counts for each, named by `codeKey`. */
export const votesId = defineId<{ helped: boolean; keys: string[] }>(
  'se:votes',
  (v) => [v.helped ? 1 : 0, ...v.keys],
  ([flag, ...keys]) =>
    (flag === '0' || flag === '1') && keys.length && keys.every((k) => CODE_KEY.test(k)) ? { helped: flag === '1', keys } : undefined,
);

/** "Send Spotify fix" choice: the message to answer and its author. */
export const fixId = defineId<{ channelId: string; messageId: string; authorId: string }>(
  'se:fix',
  (v) => [v.channelId, v.messageId, v.authorId],
  ([channel, message, author, ...rest]) =>
    isSnowflake(channel) && isSnowflake(message) && isSnowflake(author) && !rest.length
      ? { channelId: channel, messageId: message, authorId: author }
      : undefined,
);

/** Mark solved on the bot's answers and greeting in a help-forum post. */
export const solvedId = defineId<{ threadId: string }>(
  'se:solved',
  (v) => [v.threadId],
  ([thread, ...rest]) => (isSnowflake(thread) && !rest.length ? { threadId: thread } : undefined),
);
