/** What the help forums' unit tests share: a forum, its posts, the posts' store in memory, a client. */
import { ChannelType, Collection, DiscordAPIError, type AnyThreadChannel, type Client, type Message } from 'discord.js';
import type { AttachmentInfo } from '../../../src/images/image-check.js';
import type { FirstReply, ForumPost } from '../../../src/forums/posts.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';

export const HOUR = 3_600_000;
export const NOW = 100 * HOUR;
export const forum = { forumId: 'forum-1', idleHours: 24, onboarding: true, lock: false };
export const post = (threadId: string): ForumPost => ({
  guildId: 'guild-1', threadId, forumId: 'forum-1', ownerId: 'owner', createdAt: 0, lastActivityAt: 0, answered: false, onboarded: false, state: 'open',
});

export const apiError = (code: number, status: number) => new DiscordAPIError({ code, message: 'x' }, code, status, 'GET', '/channels/1', {});

/** The posts' store in memory; `down` makes it fail as a database that does not answer. */
export function memoryStore() {
  const posts = new Map<string, ForumPost>();
  const store = {
    down: false,
    posts,
    async claimPost(post: ForumPost) {
      if (store.down) throw new StorageUnavailableError('claim forum post', new Error('timeout'));
      if (posts.has(post.threadId)) return false;
      posts.set(post.threadId, post);
      return true;
    },
    async getPost(threadId: string) {
      if (store.down) throw new StorageUnavailableError('read forum post', new Error('timeout'));
      return posts.get(threadId);
    },
    async forgetFirstReply(threadId: string) {
      if (store.down) throw new StorageUnavailableError('forget forum reply', new Error('timeout'));
      const post = posts.get(threadId);
      if (post) posts.set(threadId, { ...post, firstReply: undefined });
    },
    async closingInDiscord() {
      return true;
    },
    async unfinishedCloses() {
      return [];
    },
    async idlePosts() {
      return [];
    },
    async welcomeFailed(threadId: string) {
      const post = posts.get(threadId);
      if (post?.state === 'open') posts.set(threadId, { ...post, welcomePending: true, welcomeTakenAt: undefined });
    },
    async pendingWelcomes() {
      return [...posts.values()].filter((post) => post.state === 'open' && (post.welcomePending || post.welcomeTakenAt !== undefined));
    },
    async takeWelcome(threadId: string, at: number) {
      const post = posts.get(threadId);
      if (post?.state !== 'open' || !post.welcomePending) return false;
      posts.set(threadId, { ...post, welcomePending: false, welcomeTakenAt: at });
      return true;
    },
    async releaseWelcome(threadId: string) {
      const post = posts.get(threadId);
      if (post?.state !== 'open' || post.welcomeTakenAt === undefined) return false;
      posts.set(threadId, { ...post, welcomePending: true, welcomeTakenAt: undefined });
      return true;
    },
    async welcomeSent(threadId: string) {
      const post = posts.get(threadId);
      if (post) posts.set(threadId, { ...post, welcomePending: false, welcomeTakenAt: undefined });
    },
    async recordWelcome(threadId: string, how: { answerCode: string } | { onboarded: true }, firstReply: FirstReply) {
      if (store.down) throw new StorageUnavailableError('record forum welcome', new Error('timeout'));
      const post = posts.get(threadId);
      if (post) posts.set(threadId, { ...post, ...('answerCode' in how ? { answered: true, answerCode: how.answerCode } : { onboarded: true }), firstReply });
    },
  };
  return store;
}

export const clientWith = (guildId: string, thread: unknown) =>
  ({ guilds: { cache: new Map([[guildId, {}]]) }, channels: { cache: new Map(), fetch: async () => thread } }) as unknown as Client;

/** A new post's opening message (it has the post's ID), by `member`. */
export function newPost(threadId: string, content: string, images: AttachmentInfo[] = [], member = 'member') {
  const thread = {
    id: threadId,
    name: 'spotify help',
    ownerId: member,
    parentId: forum.forumId,
    parent: { parentId: null, type: ChannelType.GuildForum },
    guildId: 'guild-1',
    archived: false,
    locked: false,
    client: { user: { id: 'bot' } },
    isTextBased: () => true,
    isDMBased: () => false,
    isThread: () => true,
    permissionsFor: () => ({ missing: () => [] }),
    // The opening message as Discord has it now, and the bot's replies to it (none).
    messages: { fetch: async (query: { after?: string }) => (query.after ? new Collection() : message) },
  };
  const message = {
    id: threadId,
    content,
    guildId: 'guild-1',
    channelId: threadId,
    channel: thread,
    author: { id: member, bot: false },
    type: 0,
    client: { user: { id: 'bot' } },
    attachments: new Map(images.map((img, i) => [String(i), img])),
    inGuild: () => true,
  };
  return { message: message as unknown as Message<true>, thread: thread as unknown as AnyThreadChannel };
}
