/**
 * A small, faithful stand-in for Discord's REST API v10 and gateway on 127.0.0.1, for driving
 * the bot's real discord.js client in tests and the demo. It is a test double of Discord, not a
 * second product: it models what the bot touches and validates what the bot can get wrong.
 *
 * `DiscordStandIn` is the one object tests use; its parts live in their own modules:
 * world.ts (guilds, channels, forums and posts, members, messages, what members do), gateway.ts
 * (sessions, IDENTIFY, RESUME, dispatch), rest.ts + routes.ts (the route table and the shared
 * auth / fault / record / refuse logic), threads.ts (Discord's rules for threads and forum
 * posts), interactions.ts (INTERACTION_CREATE, callbacks, follow-ups).
 *
 * Events: `botMessage` (a Message the bot created or edited), `request` (a RecordedRequest),
 * `identify` (a shard got READY and its guilds), `resume`, `threadUpdate` (a ThreadUpdate).
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gateway, type Identify, type Resume } from './gateway.js';
import { Interactions, type Command, type InteractionHandle } from './interactions.js';
import { messageJson } from './json.js';
import { Rest } from './rest.js';
import { ROUTES, type RestHost } from './routes.js';
import { snowflake } from './snowflake.js';
import type {
  Attachment,
  Channel,
  Fault,
  ForumTag,
  Guild,
  Message,
  RecordedRequest,
  StandInOptions,
  ThreadJson,
  ThreadUpdate,
  User,
  Violation,
} from './types.js';
import type { pingedBy } from './validate.js';
import { waitForMatch } from './wait.js';
import { makeUser, World, type ForumPost, type TagSpec, type ThreadChanges } from './world.js';

export * from './types.js';
export { InteractionHandle, type InteractionCallback } from './interactions.js';
export type { Identify, Resume } from './gateway.js';
export type { ForumPost, TagSpec, ThreadChanges } from './world.js';

/** THREAD_UPDATEs kept for `waitForThreadUpdate`: past the limit the oldest half goes. */
const THREAD_UPDATE_LIMIT = 10_000;

export class DiscordStandIn extends EventEmitter implements RestHost {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: User;
  messageContentEnabled: boolean;
  rejectGatewayToken: boolean;
  /** Leaves each connection that identifies open but unanswered, READY nor a close (the network cut as the bot logs in). */
  stallAtIdentify = false;
  readonly commands = new Map<string, Command[]>();
  /** Every change of a thread, oldest first (sent as THREAD_UPDATE where the bot can see the thread). */
  readonly threadUpdates: ThreadUpdate[] = [];

  /** The parts, for tests that need more than the methods below. */
  readonly world: World;
  readonly gateway: Gateway;
  readonly interactions: Interactions;
  readonly rest: Rest<RestHost>;

  readonly guilds: Map<string, Guild>;
  readonly messages: Map<string, Message>;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  readonly identifies: Identify[];
  readonly resumes: Resume[];
  /** Files served at /attachments/… (for screenshots). */
  readonly files: Rest<RestHost>['files'];
  private server?: Server;
  private port = 0;

  constructor(options: StandInOptions = {}) {
    super();
    this.setMaxListeners(100);
    this.applicationId = options.applicationId ?? '1100000000000000001';
    this.token = options.token ?? 'standin-bot-token.0123456789';
    this.messageContentEnabled = options.messageContentEnabled ?? true;
    this.rejectGatewayToken = options.rejectGatewayToken ?? false;
    this.bot = makeUser(options.botName ?? 'Spotify Error Bot', this.applicationId, true);
    this.world = new World(this.bot, this.applicationId, {
      dispatchToGuild: (guildId, t, d) => this.gateway.dispatchToGuild(guildId, t, d),
      dispatchMessage: (t, message) => this.gateway.dispatchMessage(t, message),
      guildIsLive: (guildId) => this.gateway.guildIsLive(guildId),
      botMessage: (message) => this.emit('botMessage', message),
      threadUpdate: (update) => {
        this.threadUpdates.push(update);
        if (this.threadUpdates.length > THREAD_UPDATE_LIMIT) this.threadUpdates.splice(0, THREAD_UPDATE_LIMIT / 2);
        this.emit('threadUpdate', update);
      },
    });
    this.gateway = new Gateway(this, this.world, options.heartbeatIntervalMs ?? 41_250);
    this.interactions = new Interactions(this.world, (guildId, t, d) => this.gateway.dispatchToGuild(guildId, t, d), this.commands);
    this.rest = new Rest<RestHost>(this, ROUTES, this.token, (request) => this.emit('request', request));
    this.guilds = this.world.guilds;
    this.messages = this.world.messages;
    this.requests = this.rest.requests;
    this.violations = this.rest.violations;
    this.files = this.rest.files;
    this.identifies = this.gateway.identifies;
    this.resumes = this.gateway.resumes;
  }

  /** Heartbeats the gateway acknowledged. */
  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  set heartbeats(value: number) {
    this.gateway.heartbeats = value;
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.rest.handle(req, res));
    this.gateway.listen(this.server);
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.gateway.close();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
  }

  /** REST base URL for DISCORD_API_URL (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Environment for a bot process pointed at this stand-in. */
  botEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DISCORD_TOKEN: this.token,
      DISCORD_APPLICATION_ID: this.applicationId,
      DISCORD_API_URL: this.apiUrl,
      ...extra,
    };
  }

  // ── world building ───────────────────────────────────────────────────────

  makeUser(username: string, id = snowflake(), bot = false): User {
    return makeUser(username, id, bot);
  }

  /**
   * A server with #general, #help, a forum with tags, a category, a moderator role, the bot and an
   * owner; `id` picks its shard (a guild's shard comes from its ID's timestamp).
   */
  addGuild(name = 'Spotify Help', options: { id?: string } = {}): ReturnType<World['addGuild']> {
    return this.world.addGuild(name, options);
  }

  addChannel(guild: Guild, name: string, type?: number, parentId: string | null = null): Channel {
    return this.world.addChannel(guild, name, type, parentId);
  }

  /** A moderator deletes a channel that is not a thread (CHANNEL_DELETE). */
  deleteChannel(channel: Channel): void {
    this.world.deleteChannel(channel);
  }

  /** A forum channel (type 15) offering `tags`: names, or names with `moderated` and an emoji. */
  /** A moderator moves a channel into a category, or out of any (CHANNEL_UPDATE). */
  moveChannel(channel: Channel, parentId: string | null): void {
    this.world.moveChannel(channel, parentId);
  }

  addForum(guild: Guild, name: string, options: { tags?: TagSpec[]; parentId?: string | null } = {}): Channel {
    return this.world.addForum(guild, name, options);
  }

  /** The forum's tag called `name` (throws if it has none). */
  forumTag(forum: Channel, name: string): ForumTag {
    return this.world.forumTag(forum, name);
  }

  /**
   * A thread (or forum post without a starter message, when the parent is a forum) started by
   * `owner`; `private: true` makes a private thread, which the bot sees only once added to it
   * (`addToThread`) or with Manage Threads.
   */
  addThread(guild: Guild, parent: Channel, name: string, owner: User, options: { private?: boolean } = {}): Channel {
    return this.world.addThread(guild, parent, name, owner, options);
  }

  /** A member adds someone to a thread; the bot, added, gets THREAD_CREATE and THREAD_MEMBER_UPDATE. */
  addToThread(thread: Channel, user: User): void {
    this.world.joinThread(thread, user);
  }

  /**
   * A member creates a forum post: THREAD_CREATE (newly created) for the post, then MESSAGE_CREATE
   * for its starter message, whose ID is the post's. `appliedTags` are tag IDs or names.
   */
  addForumPost(guild: Guild, forum: Channel, post: ForumPost): { thread: Channel; starter: Message } {
    return this.world.addForumPost(guild, forum, post);
  }

  addMember(guild: Guild, username: string, options: { moderator?: boolean; bot?: boolean } = {}): User {
    return this.world.addMember(guild, username, options);
  }

  /** Denies the bot permissions in one channel (a member overwrite, as a moderator would set). */
  denyBot(channel: Channel, ...permissions: bigint[]): void {
    this.world.denyBot(channel, ...permissions);
  }

  /** Denies a member permissions in one channel (a member overwrite), e.g. `denyMember(staff, member, P.ViewChannel)`. */
  denyMember(channel: Channel, user: User, ...permissions: bigint[]): void {
    this.world.denyMember(channel, user.id, ...permissions);
  }

  /** Allows the bot permissions in one channel (a member overwrite), e.g. `allowBot(guild.forum, P.ManageThreads)`. */
  allowBot(channel: Channel, ...permissions: bigint[]): void {
    this.world.allowBot(channel, ...permissions);
  }

  permissionsOf(userId: string, channel: Channel): bigint {
    return this.world.permissionsOf(userId, channel);
  }

  /** A member turns off DMs from server members: the bot's DMs to them are refused (50007). */
  closeDms(user: User): void {
    this.world.closeDms(user.id);
  }

  /**
   * Changes a thread as a moderator or Discord's auto-archive would (no permission checks) and
   * sends THREAD_UPDATE: e.g. `updateThread(post, { archived: true, locked: true })`.
   */
  updateThread(thread: Channel, changes: ThreadChanges): Channel {
    return this.world.updateThread(thread, changes, 'world');
  }

  // ── fault injection ──────────────────────────────────────────────────────

  /** The next `times` requests matching `path` (and `method`) fail with `status`. */
  /** Discord's global rate limit on matching routes: beyond `perSecond`, a global 429 with retry-after. */
  limitRate(limit: { method?: string; path: RegExp; perSecond: number }): void {
    this.rest.limitRate(limit);
  }

  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.rest.inject(fault);
  }

  /** Closes every gateway connection with `code` (4000 asks for a resume, as Discord's unknown error). */
  dropGateway(code = 4000): void {
    this.gateway.drop(code);
  }

  /** Leaves every gateway connection open but unanswered (a network cut): not even a close is answered. */
  stallGateway(): void {
    this.gateway.stall();
  }

  // ── what members do ──────────────────────────────────────────────────────

  channel(channelId: string): Channel {
    return this.world.channel(channelId);
  }

  /**
   * A member posts a message; the bot receives MESSAGE_CREATE as Discord would send it (nothing,
   * where it cannot see the channel: no View Channel, or a private thread it is not in). A message
   * in an archived thread reopens it first (THREAD_UPDATE); see World.say for locked threads.
   */
  say(
    channel: Channel,
    author: User,
    content: string,
    options: { replyTo?: Message; attachments?: Attachment[]; webhook?: boolean; type?: number; forwards?: Message } = {},
  ): Message {
    return this.world.say(channel, author, content, options);
  }

  /** A member edits a message: its text, and optionally its attachments (Discord lets them remove some). */
  edit(message: Message, content: string, attachments?: Attachment[]): Message {
    return this.world.edit(message, content, attachments);
  }

  delete(message: Message): void {
    this.world.delete(message);
  }

  /** Deletes messages at once, as a moderator's purge does (one MESSAGE_DELETE_BULK per channel). */
  purge(messages: readonly Message[]): void {
    this.world.purge(messages);
  }

  /** Attachment metadata for a file served by the stand-in. */
  attach(
    filename: string,
    body: Buffer,
    contentType: string,
    size?: { width: number; height: number },
    options: { delayMs?: number } = {},
  ): Attachment {
    const id = snowflake();
    const path = `/attachments/${id}/${encodeURIComponent(filename)}`;
    // Requests are looked up by their decoded path: a name with a space is found.
    this.files.set(decodeURIComponent(path), { body, contentType, delayMs: options.delayMs });
    return {
      id,
      filename,
      size: body.length,
      url: `http://127.0.0.1:${this.port}${path}`,
      proxy_url: `http://127.0.0.1:${this.port}${path}`,
      content_type: contentType,
      ...(size ?? {}),
    };
  }

  /**
   * Runs a slash command; options are typed from the registered command definition. `path` names
   * a subcommand group and subcommand (`['phrase', 'add']`) or just a subcommand.
   */
  slash(channel: Channel, user: User, name: string, options: Record<string, unknown> = {}, path: string[] = []): InteractionHandle {
    return this.interactions.slash(channel, user, name, options, path);
  }

  /** Types into an autocomplete option; resolves with the choices the bot offered. */
  autocomplete(
    channel: Channel,
    user: User,
    name: string,
    focused: string,
    value: string,
    path: string[] = [],
  ): Promise<Array<{ name: string; value: unknown }>> {
    return this.interactions.autocomplete(channel, user, name, focused, value, path);
  }

  /** Apps → command on a message. */
  messageCommand(channel: Channel, user: User, name: string, target: Message): InteractionHandle {
    return this.interactions.messageCommand(channel, user, name, target);
  }

  click(message: Message, customId: string, user: User): InteractionHandle {
    return this.interactions.click(message, customId, user);
  }

  select(message: Message, customId: string, values: string[], user: User): InteractionHandle {
    return this.interactions.select(message, customId, values, user);
  }

  // ── observing the bot ────────────────────────────────────────────────────

  /** Messages the bot created, oldest first. */
  botMessages(channelId?: string): Message[] {
    return [...this.messages.values()].filter(
      (m) => m.author.id === this.bot.id && (channelId === undefined || m.channel_id === channelId),
    );
  }

  /** The DMs the bot sent a user, oldest first. */
  dmsTo(user: User): Message[] {
    const dm = this.world.dmWith(user.id);
    return dm ? this.botMessages(dm.id) : [];
  }

  /** Waits for a bot message matching `predicate` (created or edited). */
  waitForBotMessage(predicate: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    return waitForMatch(this, 'botMessage', this.botMessages(), predicate, timeoutMs, 'a bot message');
  }

  /** Waits until a recorded request matches. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return waitForMatch(this, 'request', this.requests, predicate, timeoutMs, 'a request');
  }

  /**
   * Waits for a THREAD_UPDATE (sent so far or next) whose thread, as sent, matches: e.g.
   * `waitForThreadUpdate((t) => t.id === post.id && t.thread_metadata.archived)`. The update says
   * who caused it (`by`).
   */
  async waitForThreadUpdate(predicate: (thread: ThreadJson, update: ThreadUpdate) => boolean, timeoutMs = 5000): Promise<ThreadJson> {
    const update = await waitForMatch(this, 'threadUpdate', this.threadUpdates, (u) => predicate(u.thread, u), timeoutMs, 'a thread update');
    return update.thread;
  }

  /** Waits until `count` shards have identified and got READY and their guilds. */
  async waitForIdentify(count = 1, timeoutMs = 10_000): Promise<void> {
    const done = () => this.identifies.length >= count;
    await waitForMatch(this, 'identify', done() ? [true] : [], done, timeoutMs, 'IDENTIFY');
  }

  /** Who a bot message pinged, by Discord's rules. */
  pingsOf(message: Message): ReturnType<typeof pingedBy> {
    return this.world.pingsOf(message);
  }

  shardOf(guildId: string, count: number): number {
    return this.gateway.shardOf(guildId, count);
  }

  messageJson(message: Message): Omit<Message, 'allowed_mentions'> {
    return messageJson(message);
  }
}
