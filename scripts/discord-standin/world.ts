/**
 * The fake Discord the stand-in serves: guilds, channels (forums and their posts included),
 * members, messages, and what members do in them. It sends what happens through `WorldOutput`
 * (the gateway and the stand-in's events) and knows nothing of HTTP or sockets.
 */
import { channelJson, threadJson } from './json.js';
import { computePermissions, EVERYONE_DEFAULT, P } from './permissions.js';
import { snowflake } from './snowflake.js';
import {
  CHANNEL,
  FORUM,
  isThread,
  type Attachment,
  type Channel,
  type ForumTag,
  type Guild,
  type Message,
  type ThreadUpdate,
  type User,
} from './types.js';
import { pingedBy, type MessageBody } from './validate.js';

/** Where the world sends what happens in it. */
export interface WorldOutput {
  /** A gateway event for the session that owns the guild's shard. */
  dispatchToGuild(guildId: string, t: string, d: unknown): void;
  /** MESSAGE_CREATE / MESSAGE_UPDATE, with the Message Content intent applied. */
  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: Message): void;
  /** Whether a live gateway session already has the guild (so changes to it are dispatched). */
  guildIsLive(guildId: string): boolean;
  /** The bot created or edited a message. */
  botMessage(message: Message): void;
  /** A thread changed and THREAD_UPDATE was sent. */
  threadUpdate(update: ThreadUpdate): void;
}

/** A forum tag to create: a name, or a name with its options. */
export type TagSpec = string | { name: string; moderated?: boolean; emoji_name?: string | null; emoji_id?: string | null };

/** What a thread edit may change (the fields of PATCH /channels/:id that the stand-in models). */
export interface ThreadChanges {
  name?: string;
  archived?: boolean;
  locked?: boolean;
  auto_archive_duration?: number;
  applied_tags?: string[];
}

export interface ForumPost {
  title: string;
  content: string;
  owner: User;
  attachments?: Attachment[];
  /** Tag IDs or names from the forum's available tags. */
  appliedTags?: string[];
}

export const DEFAULT_FORUM_TAGS: TagSpec[] = [
  { name: 'Solved', emoji_name: '✅' },
  'Windows',
  'macOS',
  'Bug',
  'Question',
  'Other',
];

export function makeUser(username: string, id = snowflake(), bot = false): User {
  return { id, username, global_name: bot ? null : username, discriminator: '0', avatar: null, ...(bot ? { bot } : {}) };
}

/** A DM channel between the bot and one user ("Create DM" opens it, or returns the one open). */
export interface DmChannel {
  id: string;
  recipient: User;
}

export class World {
  readonly guilds = new Map<string, Guild>();
  readonly messages = new Map<string, Message>();
  private readonly threadMembers = new Map<string, Set<string>>();
  private readonly dms = new Map<string, DmChannel>();
  /** Users who turned off DMs from server members (or blocked the bot). */
  private readonly dmsClosed = new Set<string>();

  constructor(
    readonly bot: User,
    readonly applicationId: string,
    private readonly out: WorldOutput,
  ) {}

  // ── building ─────────────────────────────────────────────────────────────

  /** A server with #general, #help, a forum with tags, a category, a moderator role, the bot and an owner. */
  addGuild(name = 'Spotify Help', options: { id?: string } = {}): Guild & { general: Channel; help: Channel; forum: Channel; owner: User } {
    const id = options.id ?? snowflake();
    const owner = makeUser(`${name.replace(/\W/g, '').toLowerCase()}-owner`);
    const moderatorRoleId = snowflake();
    const botRoleId = snowflake();
    const guild: Guild = {
      id,
      name,
      ownerId: owner.id,
      moderatorRoleId,
      botRoleId,
      roles: new Map([
        [id, { id, name: '@everyone', permissions: EVERYONE_DEFAULT }],
        [moderatorRoleId, { id: moderatorRoleId, name: 'Moderator', permissions: P.ManageMessages | P.ManageGuild | P.ManageThreads }],
        // No permissions of its own: the bot's rights stay those the tests give it.
        [botRoleId, { id: botRoleId, name: this.bot.username, permissions: 0n, botId: this.bot.id }],
      ]),
      channels: new Map(),
      members: new Map(),
    };
    this.guilds.set(id, guild);
    guild.members.set(this.bot.id, { user: this.bot, roles: [botRoleId] });
    guild.members.set(owner.id, { user: owner, roles: [] });
    const category = this.addChannel(guild, 'support', CHANNEL.Category);
    const general = this.addChannel(guild, 'general', CHANNEL.Text);
    const help = this.addChannel(guild, 'spotify-help', CHANNEL.Text, category.id);
    const forum = this.addForum(guild, 'help-forum', { parentId: category.id });
    return Object.assign(guild, { general, help, forum, owner });
  }

  addChannel(guild: Guild, name: string, type: number = CHANNEL.Text, parentId: string | null = null): Channel {
    const channel = this.newChannel(guild, name, type, parentId);
    if (type === CHANNEL.Forum) channel.available_tags = [];
    if (this.out.guildIsLive(guild.id)) this.out.dispatchToGuild(guild.id, 'CHANNEL_CREATE', channelJson(channel));
    return channel;
  }

  /** A forum channel offering `tags` (by default the ones `addGuild`'s forum has). */
  addForum(guild: Guild, name: string, options: { tags?: TagSpec[]; parentId?: string | null } = {}): Channel {
    const tags = (options.tags ?? DEFAULT_FORUM_TAGS).map((spec): ForumTag => {
      const tag = typeof spec === 'string' ? { name: spec } : spec;
      return { id: snowflake(), name: tag.name, moderated: tag.moderated ?? false, emoji_id: tag.emoji_id ?? null, emoji_name: tag.emoji_name ?? null };
    });
    if (tags.length > FORUM.maxAvailableTags) throw new Error(`A forum offers at most ${FORUM.maxAvailableTags} tags`);
    const forum = this.newChannel(guild, name, CHANNEL.Forum, options.parentId ?? null);
    forum.available_tags = tags;
    if (this.out.guildIsLive(guild.id)) this.out.dispatchToGuild(guild.id, 'CHANNEL_CREATE', channelJson(forum));
    return forum;
  }

  /** The forum's tag called `name`. */
  forumTag(forum: Channel, name: string): ForumTag {
    const tag = forum.available_tags?.find((t) => t.name === name);
    if (!tag) throw new Error(`Forum ${forum.name} has no tag ${name}`);
    return tag;
  }

  /**
   * A thread (or forum post without a starter message, when the parent is a forum) started by
   * `owner`; a private one (text channels only) is seen by its members and those who may manage threads.
   */
  addThread(guild: Guild, parent: Channel, name: string, owner: User, options: { private?: boolean } = {}): Channel {
    if (options.private && parent.type !== CHANNEL.Text) throw new Error(`Private threads are made in text channels, not in ${parent.name}`);
    const thread = this.newThread(guild, parent, name, owner, [], options.private ? CHANNEL.PrivateThread : CHANNEL.PublicThread);
    this.dispatchIn(thread, 'THREAD_CREATE', { ...threadJson(thread), newly_created: true });
    return thread;
  }

  /**
   * A member creates a forum post, as Discord does it: the thread (THREAD_CREATE, newly created),
   * then its starter message (MESSAGE_CREATE), whose ID is the thread's.
   */
  addForumPost(guild: Guild, forum: Channel, post: ForumPost): { thread: Channel; starter: Message } {
    if (forum.type !== CHANNEL.Forum) throw new Error(`${forum.name} is not a forum`);
    const perms = this.permissionsOf(post.owner.id, forum);
    if (!(perms & P.ViewChannel) || !(perms & P.SendMessages)) throw new Error(`${post.owner.username} cannot post in ${forum.name}`);
    const tags = (post.appliedTags ?? []).map((idOrName) => {
      const tag = forum.available_tags!.find((t) => t.id === idOrName || t.name === idOrName);
      if (!tag) throw new Error(`Forum ${forum.name} has no tag ${idOrName}`);
      if (tag.moderated && !(perms & P.ManageThreads)) throw new Error(`Only moderators can apply ${tag.name}`);
      return tag.id;
    });
    if (tags.length > FORUM.maxAppliedTags) throw new Error(`A post carries at most ${FORUM.maxAppliedTags} tags`);
    const thread = this.newThread(guild, forum, post.title, post.owner, tags, CHANNEL.PublicThread);
    thread.last_message_id = thread.id;
    this.dispatchIn(thread, 'THREAD_CREATE', { ...threadJson(thread), newly_created: true });
    const starter = this.newMessage(thread, post.owner, post.content, { id: thread.id, attachments: post.attachments });
    this.messages.set(starter.id, starter);
    this.dispatchMessage('MESSAGE_CREATE', starter);
    return { thread, starter };
  }

  addMember(guild: Guild, username: string, options: { moderator?: boolean; bot?: boolean } = {}): User {
    const user = makeUser(username, snowflake(), options.bot ?? false);
    guild.members.set(user.id, { user, roles: options.moderator ? [guild.moderatorRoleId] : [] });
    return user;
  }

  /** Denies the bot permissions in one channel (its member overwrite, as a moderator would set it). */
  denyBot(channel: Channel, ...permissions: bigint[]): void {
    this.overwriteBot(channel, 0n, permissions.reduce((a, b) => a | b, 0n));
  }

  /** Allows the bot permissions in one channel (its member overwrite), e.g. Manage Threads in a forum. */
  allowBot(channel: Channel, ...permissions: bigint[]): void {
    this.overwriteBot(channel, permissions.reduce((a, b) => a | b, 0n), 0n);
  }

  /** Denies a member permissions in one channel (a member overwrite), e.g. View Channel in a staff channel. */
  denyMember(channel: Channel, userId: string, ...permissions: bigint[]): void {
    this.overwriteMember(channel, userId, 0n, permissions.reduce((a, b) => a | b, 0n));
  }

  private overwriteBot(channel: Channel, allow: bigint, deny: bigint): void {
    const sawIt = this.botCanSee(channel);
    this.overwriteMember(channel, this.bot.id, allow, deny);
    if (!sawIt && this.botCanSee(channel)) this.syncThreads(channel);
  }

  private overwriteMember(channel: Channel, userId: string, allow: bigint, deny: bigint): void {
    const previous = channel.permission_overwrites.find((o) => o.id === userId);
    const allowed = ((previous ? BigInt(previous.allow) : 0n) & ~deny) | allow;
    const denied = ((previous ? BigInt(previous.deny) : 0n) & ~allow) | deny;
    channel.permission_overwrites = channel.permission_overwrites.filter((o) => o.id !== userId);
    channel.permission_overwrites.push({ id: userId, type: 1, allow: allowed.toString(), deny: denied.toString() });
    this.out.dispatchToGuild(channel.guild_id, 'CHANNEL_UPDATE', channelJson(channel));
  }

  /** A guild's active threads the bot can see, with the bot's membership of them, as GET /guilds/:id/threads/active lists them. */
  activeThreads(guild: Guild) {
    const threads = [...guild.channels.values()].filter((c) => isThread(c) && !c.thread_metadata!.archived && this.botCanSee(c));
    return {
      threads: threads.map((t) => threadJson(t)),
      members: threads.filter((t) => this.isThreadMember(t, this.bot.id)).map((t) => this.botThreadMember(t)),
    };
  }

  /** The bot gained sight of a channel: its active threads, as THREAD_LIST_SYNC (Discord synced none while it could not see them). */
  private syncThreads(channel: Channel): void {
    const threads = [...this.guilds.get(channel.guild_id)!.channels.values()].filter(
      (c) => c.parent_id === channel.id && isThread(c) && !c.thread_metadata!.archived && this.botCanSee(c),
    );
    this.out.dispatchToGuild(channel.guild_id, 'THREAD_LIST_SYNC', {
      guild_id: channel.guild_id,
      channel_ids: [channel.id],
      threads: threads.map((t) => threadJson(t)),
      members: threads.filter((t) => this.isThreadMember(t, this.bot.id)).map((t) => this.botThreadMember(t)),
    });
  }

  private newChannel(guild: Guild, name: string, type: number, parentId: string | null): Channel {
    const channel: Channel = {
      id: snowflake(),
      type,
      name,
      guild_id: guild.id,
      parent_id: parentId,
      position: guild.channels.size,
      permission_overwrites: [],
    };
    guild.channels.set(channel.id, channel);
    return channel;
  }

  private newThread(guild: Guild, parent: Channel, name: string, owner: User, tags: string[], type: number): Channel {
    const now = new Date().toISOString();
    const thread = this.newChannel(guild, name, type, parent.id);
    Object.assign(thread, {
      owner_id: owner.id,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now, locked: false, create_timestamp: now },
      message_count: 0,
      total_message_sent: 0,
      member_count: 1,
      last_message_id: null,
      ...(parent.type === CHANNEL.Forum ? { applied_tags: tags } : {}),
    });
    return thread;
  }

  // ── looking things up ────────────────────────────────────────────────────

  /** The channel with this ID; `guildId`, where known (a message's), finds it without looking through every server. */
  findChannel(id: string, guildId?: string | null): Channel | undefined {
    const inGuild = guildId ? this.guilds.get(guildId)?.channels.get(id) : undefined;
    if (inGuild) return inGuild;
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(id);
      if (channel) return channel;
    }
    return undefined;
  }

  channel(channelId: string): Channel {
    const channel = this.findChannel(channelId);
    if (!channel) throw new Error(`No channel ${channelId}`);
    return channel;
  }

  /** A thread's parent (a text channel or a forum). */
  parentOf(thread: Channel): Channel {
    return this.guilds.get(thread.guild_id)!.channels.get(thread.parent_id!)!;
  }

  userById(id: string): User | undefined {
    for (const guild of this.guilds.values()) {
      const member = guild.members.get(id);
      if (member) return member.user;
    }
    return undefined;
  }

  /** Who a bot message pinged, by Discord's rules. */
  pingsOf(message: Message): ReturnType<typeof pingedBy> {
    return pingedBy(message.content, message.allowed_mentions, false);
  }

  mentionedUsers(guildId: string | undefined, content: string): User[] {
    const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
    const guild = guildId ? this.guilds.get(guildId) : undefined;
    return ids.map((id) => guild?.members.get(id)?.user).filter((u): u is User => !!u);
  }

  /** A member's permissions in a channel; in a thread, those in its parent. */
  permissionsOf(userId: string, channel: Channel): bigint {
    const guild = this.guilds.get(channel.guild_id)!;
    const member = guild.members.get(userId);
    const overwriteSource = isThread(channel) ? this.parentOf(channel) : channel;
    return computePermissions({
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      memberRoles: member?.roles ?? [],
      roles: new Map([...guild.roles].map(([id, r]) => [id, r.permissions])),
      overwrites: overwriteSource.permission_overwrites,
    });
  }

  /**
   * Whether the bot can see a channel: View Channel there (in a thread, in its parent) and, in a
   * private thread, being in it or allowed to manage threads. Discord sends a bot nothing of what
   * happens where it cannot see (Threads topic: "Clients will not be informed of a thread through
   * the gateway if they do not have permission to view that thread"), and REST answers 50001.
   */
  botCanSee(channel: Channel): boolean {
    const perms = this.permissionsOf(this.bot.id, channel);
    if (!(perms & P.ViewChannel)) return false;
    return channel.type !== CHANNEL.PrivateThread || (perms & P.ManageThreads) !== 0n || this.isThreadMember(channel, this.bot.id);
  }

  isThreadMember(thread: Channel, userId: string): boolean {
    return this.threadMembers.get(thread.id)?.has(userId) ?? thread.owner_id === userId;
  }

  /** A gateway event about what happens in a channel, sent only if the bot can see it. */
  private dispatchIn(channel: Channel, t: string, d: unknown): void {
    if (this.botCanSee(channel)) this.out.dispatchToGuild(channel.guild_id, t, d);
  }

  /** MESSAGE_CREATE / MESSAGE_UPDATE, sent only if the bot can see the message's channel. */
  private dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: Message): void {
    const channel = this.findChannel(message.channel_id, message.guild_id);
    if (!channel || this.botCanSee(channel)) this.out.dispatchMessage(t, message);
  }

  // ── direct messages ──────────────────────────────────────────────────────

  /** The bot's DM channel with a user: the one open, or a new one ("Create DM" returns an existing one). */
  openDm(recipient: User): DmChannel {
    const open = this.dmWith(recipient.id);
    if (open) return open;
    const dm = { id: snowflake(), recipient };
    this.dms.set(dm.id, dm);
    return dm;
  }

  dm(channelId: string): DmChannel | undefined {
    return this.dms.get(channelId);
  }

  /** The bot's DM channel with a user, if one was opened. */
  dmWith(userId: string): DmChannel | undefined {
    for (const dm of this.dms.values()) if (dm.recipient.id === userId) return dm;
    return undefined;
  }

  /** A user turns off "Allow direct messages from server members" (or blocks the bot). */
  closeDms(userId: string): void {
    this.dmsClosed.add(userId);
  }

  /**
   * Whether the bot may send a user a DM: Discord answers 50007 "Cannot send messages to this user"
   * to a user who closed their DMs, a bot, or one who shares no server with it.
   */
  acceptsDmsFromBot(user: User): boolean {
    if (user.bot || this.dmsClosed.has(user.id)) return false;
    return [...this.guilds.values()].some((g) => g.members.has(user.id) && g.members.has(this.bot.id));
  }

  // ── what members do ──────────────────────────────────────────────────────

  /**
   * A member posts a message; the bot receives MESSAGE_CREATE as Discord would send it. In an
   * archived thread that is not locked, the message reopens the thread first (THREAD_UPDATE), as
   * Discord does; a locked thread takes messages only from members with Manage Threads, and an
   * archived locked one from nobody.
   */
  say(
    channel: Channel,
    author: User,
    content: string,
    options: { replyTo?: Message; attachments?: Attachment[]; webhook?: boolean; type?: number; forwards?: Message } = {},
  ): Message {
    if (channel.type === CHANNEL.Forum) throw new Error(`Members post in a forum with addForumPost, not say (${channel.name})`);
    if (isThread(channel)) {
      const meta = channel.thread_metadata!;
      if (meta.locked && meta.archived) throw new Error(`Thread ${channel.name} is archived and locked: members cannot post in it`);
      if (meta.locked && !(this.permissionsOf(author.id, channel) & P.ManageThreads)) {
        throw new Error(`Thread ${channel.name} is locked: ${author.username} cannot post in it`);
      }
      if (channel.type === CHANNEL.PrivateThread && !this.isThreadMember(channel, author.id) && !(this.permissionsOf(author.id, channel) & P.ManageThreads)) {
        throw new Error(`Thread ${channel.name} is private: add ${author.username} to it first`);
      }
      if (meta.archived) this.updateThread(channel, { archived: false }, 'member');
      this.joinThread(channel, author);
    }
    const message = this.newMessage(channel, author, content, options);
    this.messages.set(message.id, message);
    this.countMessage(channel, message);
    this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  /**
   * A member edits a message: its text, and optionally its attachments (Discord lets them remove
   * some). Not in an archived thread, nor in a locked one without Manage Threads (threads topic).
   */
  edit(message: Message, content: string, attachments?: Attachment[]): Message {
    const channel = this.findChannel(message.channel_id, message.guild_id);
    if (channel && isThread(channel)) {
      const meta = channel.thread_metadata!;
      if (meta.archived) throw new Error(`Thread ${channel.name} is archived: messages in it cannot be edited`);
      if (meta.locked && !(this.permissionsOf(message.author.id, channel) & P.ManageThreads)) {
        throw new Error(`Thread ${channel.name} is locked: ${message.author.username} cannot edit in it`);
      }
    }
    message.content = content;
    if (attachments) message.attachments = attachments;
    // Each edit's own time, as Discord's (in microseconds) are: two edits in one millisecond here are still two.
    const last = message.edited_timestamp ? Date.parse(message.edited_timestamp) : 0;
    message.edited_timestamp = new Date(Math.max(Date.now(), last + 1)).toISOString();
    message.mentions = this.mentionedUsers(message.guild_id, content);
    this.dispatchMessage('MESSAGE_UPDATE', message);
    return message;
  }

  delete(message: Message): void {
    this.messages.delete(message.id);
    const channel = this.findChannel(message.channel_id, message.guild_id);
    const event = { id: message.id, channel_id: message.channel_id, guild_id: message.guild_id };
    if (channel) this.dispatchIn(channel, 'MESSAGE_DELETE', event);
    else this.out.dispatchToGuild(message.guild_id!, 'MESSAGE_DELETE', event);
  }

  /** A moderator purges messages (or a ban deletes a member's): one MESSAGE_DELETE_BULK per channel, as Discord sends. */
  purge(messages: readonly Message[]): void {
    const byChannel = new Map<string, Message[]>();
    for (const message of messages) byChannel.set(message.channel_id, [...(byChannel.get(message.channel_id) ?? []), message]);
    for (const [channelId, gone] of byChannel) {
      for (const message of gone) this.messages.delete(message.id);
      const event = { ids: gone.map((m) => m.id), channel_id: channelId, guild_id: gone[0]!.guild_id };
      const channel = this.findChannel(channelId, gone[0]!.guild_id);
      if (channel) this.dispatchIn(channel, 'MESSAGE_DELETE_BULK', event);
      else this.out.dispatchToGuild(gone[0]!.guild_id!, 'MESSAGE_DELETE_BULK', event);
    }
  }

  private newMessage(
    channel: Channel,
    author: User,
    content: string,
    options: { id?: string; replyTo?: Message; attachments?: Attachment[]; webhook?: boolean; type?: number; forwards?: Message },
  ): Message {
    const forwarded = options.forwards;
    return {
      id: options.id ?? snowflake(),
      channel_id: channel.id,
      guild_id: channel.guild_id,
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: this.mentionedUsers(channel.guild_id, content),
      mention_roles: [],
      attachments: options.attachments ?? [],
      embeds: [],
      components: [],
      pinned: false,
      type: options.type ?? (options.replyTo ? 19 : 0),
      flags: 0,
      ...(options.webhook ? { webhook_id: snowflake() } : {}),
      ...(options.replyTo
        ? { message_reference: { message_id: options.replyTo.id, channel_id: channel.id, guild_id: channel.guild_id } }
        : {}),
      // A forward: no text or attachments of its own, a reference of type 1 and a snapshot of what it forwards.
      ...(forwarded
        ? {
            message_reference: { type: 1, message_id: forwarded.id, channel_id: forwarded.channel_id, guild_id: forwarded.guild_id },
            message_snapshots: [
              {
                message: {
                  type: forwarded.type,
                  content: forwarded.content,
                  timestamp: forwarded.timestamp,
                  edited_timestamp: forwarded.edited_timestamp,
                  flags: forwarded.flags,
                  mentions: forwarded.mentions,
                  mention_roles: forwarded.mention_roles,
                  attachments: forwarded.attachments,
                  embeds: forwarded.embeds,
                },
              },
            ],
          }
        : {}),
    };
  }

  /** A thread's counters after a message in it. */
  private countMessage(channel: Channel, message: Message): void {
    if (!isThread(channel)) return;
    channel.message_count = (channel.message_count ?? 0) + 1;
    channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
    channel.last_message_id = message.id;
  }

  // ── what the bot does (through REST) ─────────────────────────────────────

  storeBotMessage(
    channelId: string,
    body: MessageBody,
    context: {
      interaction?: { id: string; type: number; user: User; guildId: string | undefined };
      replyTo?: string;
      suppressEmbeds?: boolean;
    },
  ): Message {
    const channel = this.findChannel(channelId);
    const message: Message = {
      id: snowflake(),
      channel_id: channelId,
      guild_id: channel?.guild_id,
      author: this.bot,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: context.suppressEmbeds ? [] : (body.embeds ?? []),
      components: body.components ?? [],
      pinned: false,
      type: context.interaction ? 20 : context.replyTo ? 19 : 0,
      flags: body.flags ?? 0,
      allowed_mentions: body.allowed_mentions,
      ...(context.interaction
        ? {
            webhook_id: this.applicationId,
            application_id: this.applicationId,
            interaction_metadata: {
              id: context.interaction.id,
              type: context.interaction.type,
              user: context.interaction.user,
              authorizing_integration_owners: context.interaction.guildId ? { '0': context.interaction.guildId } : { '1': context.interaction.user.id },
            },
          }
        : {}),
      ...(context.replyTo
        ? { message_reference: { message_id: context.replyTo, channel_id: channelId, guild_id: channel?.guild_id } }
        : {}),
    };
    message.mentions = this.pingsOf(message).users.map((id) => this.userById(id)).filter((u): u is User => !!u);
    this.messages.set(message.id, message);
    this.out.botMessage(message);
    if (!(message.flags & 64)) {
      if (channel) this.countMessage(channel, message);
      this.dispatchMessage('MESSAGE_CREATE', message);
    }
    return message;
  }

  applyEdit(target: Message, body: MessageBody): void {
    if (body.content !== undefined) target.content = body.content ?? '';
    if (body.embeds !== undefined) target.embeds = body.embeds ?? [];
    if (body.components !== undefined) target.components = body.components ?? [];
    if (body.allowed_mentions !== undefined) target.allowed_mentions = body.allowed_mentions;
    target.edited_timestamp = new Date().toISOString();
    this.out.botMessage(target);
    if (!(target.flags & 64)) this.dispatchMessage('MESSAGE_UPDATE', target);
  }

  /**
   * Changes a thread and sends THREAD_UPDATE (when anything changed). No checks: REST checks the
   * bot's edits before calling this; tests call it as a moderator or Discord's auto-archive would.
   */
  updateThread(thread: Channel, changes: ThreadChanges, by: ThreadUpdate['by'] = 'world'): Channel {
    if (!isThread(thread)) throw new Error(`${thread.name} is not a thread`);
    const meta = thread.thread_metadata!;
    let changed = false;
    if (changes.name !== undefined && changes.name !== thread.name) {
      thread.name = changes.name;
      changed = true;
    }
    if (changes.archived !== undefined && changes.archived !== meta.archived) {
      meta.archived = changes.archived;
      meta.archive_timestamp = new Date().toISOString();
      changed = true;
    }
    if (changes.locked !== undefined && changes.locked !== meta.locked) {
      meta.locked = changes.locked;
      changed = true;
    }
    if (changes.auto_archive_duration !== undefined && changes.auto_archive_duration !== meta.auto_archive_duration) {
      meta.auto_archive_duration = changes.auto_archive_duration;
      changed = true;
    }
    if (changes.applied_tags !== undefined && JSON.stringify(changes.applied_tags) !== JSON.stringify(thread.applied_tags)) {
      thread.applied_tags = [...changes.applied_tags];
      changed = true;
    }
    if (changed) {
      const json = threadJson(thread);
      this.dispatchIn(thread, 'THREAD_UPDATE', json);
      this.out.threadUpdate({ thread: json, by, at: Date.now() });
    }
    return thread;
  }

  /** A moderator deletes a channel that is not a thread (CHANNEL_DELETE). */
  deleteChannel(channel: Channel): void {
    this.guilds.get(channel.guild_id)?.channels.delete(channel.id);
    this.out.dispatchToGuild(channel.guild_id, 'CHANNEL_DELETE', channelJson(channel));
  }

  /** Renames a channel that is not a thread (CHANNEL_UPDATE). */
  renameChannel(channel: Channel, name: string): void {
    channel.name = name;
    this.out.dispatchToGuild(channel.guild_id, 'CHANNEL_UPDATE', channelJson(channel));
  }

  /** Moves a channel that is not a thread into a category, or out of any (CHANNEL_UPDATE). */
  moveChannel(channel: Channel, parentId: string | null): void {
    channel.parent_id = parentId;
    this.out.dispatchToGuild(channel.guild_id, 'CHANNEL_UPDATE', channelJson(channel));
  }

  /**
   * A user joins a thread or is added to it; the bot hears of its own joining: THREAD_CREATE (how
   * it learns of a private thread, Discord sends it on any) and THREAD_MEMBER_UPDATE.
   */
  joinThread(thread: Channel, user: User): void {
    let members = this.threadMembers.get(thread.id);
    if (!members) this.threadMembers.set(thread.id, (members = new Set([thread.owner_id!])));
    if (members.has(user.id)) return;
    members.add(user.id);
    thread.member_count = members.size;
    if (user.id === this.bot.id) {
      this.dispatchIn(thread, 'THREAD_CREATE', threadJson(thread));
      this.dispatchIn(thread, 'THREAD_MEMBER_UPDATE', { ...this.botThreadMember(thread), guild_id: thread.guild_id });
    }
  }

  private botThreadMember(thread: Channel) {
    return { id: thread.id, user_id: this.bot.id, join_timestamp: new Date().toISOString(), flags: 0 };
  }
}
