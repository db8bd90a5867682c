/** The shapes the stand-in stores and sends, shared by its parts. */
import type { Overwrite } from './permissions.js';
import type { MessageBody } from './validate.js';

export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;
export const PRIVILEGED_INTENTS = INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent;

export const CHANNEL = { Text: 0, DM: 1, Voice: 2, Category: 4, Announcement: 5, PublicThread: 11, PrivateThread: 12, Stage: 13, Forum: 15 } as const;

export const isThread = (channel: { type: number }): boolean => channel.type === CHANNEL.PublicThread || channel.type === CHANNEL.PrivateThread;

/** Discord's limits on forum posts. */
export const FORUM = {
  /** Tags one post can carry. */
  maxAppliedTags: 5,
  /** Tags one forum can offer. */
  maxAvailableTags: 20,
  autoArchiveDurations: [60, 1440, 4320, 10080],
} as const;

export interface User {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

/** A tag a forum offers its posts. */
export interface ForumTag {
  id: string;
  name: string;
  /** Only members with Manage Threads may add or remove it. */
  moderated: boolean;
  emoji_id: string | null;
  emoji_name: string | null;
}

export interface ThreadMetadata {
  archived: boolean;
  auto_archive_duration: number;
  archive_timestamp: string;
  locked: boolean;
  create_timestamp?: string;
}

/**
 * A channel as the stand-in stores it: text channels, categories, forums and threads (forum
 * posts are threads whose parent is a forum). What Discord sends is made from it by
 * `World.channelJson`.
 */
export interface Channel {
  id: string;
  type: number;
  name: string;
  guild_id: string;
  parent_id: string | null;
  position: number;
  permission_overwrites: Overwrite[];
  thread_metadata?: ThreadMetadata;
  owner_id?: string;
  /** Forums: the tags their posts can carry. */
  available_tags?: ForumTag[];
  /** Forum posts: the IDs of the parent forum's tags applied to the post. */
  applied_tags?: string[];
  /** Threads: messages after the first (Discord leaves the starter message out). */
  message_count?: number;
  total_message_sent?: number;
  member_count?: number;
  last_message_id?: string | null;
}

/** A thread as Discord sends it (GET /channels/:id, THREAD_CREATE, THREAD_UPDATE, GUILD_CREATE). */
export interface ThreadJson {
  id: string;
  type: number;
  guild_id: string;
  parent_id: string;
  owner_id: string;
  name: string;
  last_message_id: string | null;
  rate_limit_per_user: number;
  flags: number;
  message_count: number;
  member_count: number;
  total_message_sent: number;
  thread_metadata: ThreadMetadata;
  /** Forum posts only. */
  applied_tags?: string[];
}

export interface Member {
  user: User;
  roles: string[];
}

export interface Role {
  id: string;
  name: string;
  permissions: bigint;
  /** The role Discord makes for a bot when it joins (managed, named after it): members often @mention it instead of the bot. */
  botId?: string;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, Role>;
  channels: Map<string, Channel>;
  members: Map<string, Member>;
  moderatorRoleId: string;
  /** The bot's own managed role. */
  botRoleId: string;
}

export interface Attachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  width?: number;
  height?: number;
}

/** A message as Discord stores and sends it. */
export interface Message {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: User;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: false;
  mention_everyone: boolean;
  mentions: User[];
  mention_roles: string[];
  attachments: Attachment[];
  embeds: NonNullable<MessageBody['embeds']>;
  components: NonNullable<MessageBody['components']>;
  pinned: false;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  message_reference?: { message_id: string; channel_id: string; guild_id?: string; type?: number };
  /** A forward's copy of the message it forwards (message_reference type 1): the fields Discord copies. */
  message_snapshots?: Array<{ message: Pick<Message, 'type' | 'content' | 'timestamp' | 'edited_timestamp' | 'flags' | 'mentions' | 'mention_roles' | 'attachments' | 'embeds'> }>;
  interaction_metadata?: { id: string; type: number; user: User; authorizing_integration_owners: Record<string, string> };
  /** Stand-in bookkeeping, not sent: what the bot asked for. */
  allowed_mentions?: MessageBody['allowed_mentions'];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
}

export interface Violation {
  code: number;
  message: string;
  route: string;
  detail: string[];
}

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  retryAfter?: number;
  code?: number;
  message?: string;
  times: number;
}

/** One THREAD_UPDATE the stand-in sent: the thread as sent, and what caused it. */
export interface ThreadUpdate {
  thread: ThreadJson;
  /** `bot`: the bot's PATCH /channels/:id or its message reopening the thread; `member`: a member's message reopening it; `world`: a test helper. */
  by: 'bot' | 'member' | 'world';
  at: number;
}

export interface StandInOptions {
  token?: string;
  applicationId?: string;
  botName?: string;
  /** Privileged intents switched on in the "Developer Portal". */
  messageContentEnabled?: boolean;
  /** The gateway refuses the token at IDENTIFY (4004) although REST accepted it: a token reset mid-run. */
  rejectGatewayToken?: boolean;
  heartbeatIntervalMs?: number;
}
