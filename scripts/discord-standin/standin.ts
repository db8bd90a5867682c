/**
 * A small, faithful stand-in for Discord's REST API v10 and gateway on 127.0.0.1, for driving
 * the bot's real discord.js client in tests and the demo. It is a test double of Discord, not a
 * second product: it models what the bot touches and validates what the bot can get wrong.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { computePermissions, EVERYONE_DEFAULT, P, type Overwrite } from './permissions.js';
import { snowflake } from './snowflake.js';
import { pingedBy, validateChoices, validateMessage, type MessageBody } from './validate.js';

export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;
const PRIVILEGED = INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent;

export const CHANNEL = { Text: 0, DM: 1, Category: 4, PublicThread: 11, Forum: 15 } as const;
const INTERACTION_DEADLINE_MS = 3000;

export interface User {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export interface Channel {
  id: string;
  type: number;
  name: string;
  guild_id: string;
  parent_id: string | null;
  position: number;
  permission_overwrites: Overwrite[];
  thread_metadata?: { archived: boolean; auto_archive_duration: number; archive_timestamp: string; locked: boolean };
  owner_id?: string;
}

export interface Guild {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, { id: string; name: string; permissions: bigint }>;
  channels: Map<string, Channel>;
  members: Map<string, { user: User; roles: string[] }>;
  moderatorRoleId: string;
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

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  sent: Array<{ s: number; payload: string }>;
  socket?: WebSocket;
  alive: boolean;
}

export interface InteractionCallback {
  type: number;
  data?: MessageBody & { choices?: Array<{ name: string; value: unknown }> };
  at: number;
}

/** One interaction the stand-in sent, and everything the bot answered to it. */
export class InteractionHandle extends EventEmitter {
  callbacks: InteractionCallback[] = [];
  original?: Message;
  /** The message whose component was used (component interactions). */
  source?: Message;
  followups: Message[] = [];
  readonly createdAt = Date.now();

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    readonly channelId: string,
    readonly guildId: string | undefined,
    readonly user: User,
  ) {
    super();
  }

  /** The first callback (reply, defer, update, autocomplete result). */
  async response(timeoutMs = 5000): Promise<InteractionCallback> {
    if (this.callbacks[0]) return this.callbacks[0];
    return waitForEvent(this, 'callback', timeoutMs, `no response to interaction ${this.id}`) as Promise<InteractionCallback>;
  }

  /** The visible answer: the original message once sent or edited after a defer. */
  async reply(timeoutMs = 5000): Promise<Message> {
    const cb = await this.response(timeoutMs);
    if (cb.type === 4 || cb.type === 7) return this.original!;
    if (this.original && this.original.content + JSON.stringify(this.original.embeds) !== '[]') return this.original;
    return waitForEvent(this, 'original', timeoutMs, `no reply after defer for ${this.id}`) as Promise<Message>;
  }

  async followup(index = 0, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    while (!this.followups[index]) {
      await waitForEvent(this, 'followup', Math.max(1, deadline - Date.now()), `no follow-up #${index} for ${this.id}`);
    }
    return this.followups[index]!;
  }
}

function waitForEvent(emitter: EventEmitter, event: string, timeoutMs: number, what: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`Timed out: ${what}`));
    }, timeoutMs);
    const onEvent = (value: unknown) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(event, onEvent);
  });
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

export class DiscordStandIn extends EventEmitter {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: User;
  messageContentEnabled: boolean;
  rejectGatewayToken: boolean;
  heartbeats = 0;
  readonly guilds = new Map<string, Guild>();
  readonly messages = new Map<string, Message>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly identifies: Array<{ intents: number; shard: [number, number]; at: number; guilds: string[] }> = [];
  readonly resumes: Array<{ sessionId: string; seq: number; at: number }> = [];
  readonly commands = new Map<string, Array<Record<string, unknown> & { id: string; name: string }>>();
  /** Files served at /attachments/… (for screenshots). */
  readonly files = new Map<string, { body: Buffer; contentType: string; delayMs?: number }>();
  private readonly faults: Fault[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly interactions = new Map<string, InteractionHandle>();
  private readonly sockets = new Set<WebSocket>();
  private server?: Server;
  private wss?: WebSocketServer;
  private readonly heartbeatIntervalMs: number;
  private port = 0;

  constructor(options: StandInOptions = {}) {
    super();
    this.setMaxListeners(100);
    this.applicationId = options.applicationId ?? '1100000000000000001';
    this.token = options.token ?? 'standin-bot-token.0123456789';
    this.messageContentEnabled = options.messageContentEnabled ?? true;
    this.rejectGatewayToken = options.rejectGatewayToken ?? false;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.bot = this.makeUser(options.botName ?? 'Spotify Error Bot', this.applicationId, true);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handleHttp(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.handleSocket(socket));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
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
    return { id, username, global_name: bot ? null : username, discriminator: '0', avatar: null, ...(bot ? { bot } : {}) };
  }

  /** A server with #general, #help, a forum, a category, a moderator role, the bot and an owner. */
  addGuild(name = 'Spotify Help'): Guild & { general: Channel; help: Channel; forum: Channel; owner: User } {
    const id = snowflake();
    const owner = this.makeUser(`${name.replace(/\W/g, '').toLowerCase()}-owner`);
    const moderatorRoleId = snowflake();
    const guild: Guild = {
      id,
      name,
      ownerId: owner.id,
      moderatorRoleId,
      roles: new Map([
        [id, { id, name: '@everyone', permissions: EVERYONE_DEFAULT }],
        [moderatorRoleId, { id: moderatorRoleId, name: 'Moderator', permissions: P.ManageMessages | P.ManageGuild }],
      ]),
      channels: new Map(),
      members: new Map(),
    };
    this.guilds.set(id, guild);
    guild.members.set(this.bot.id, { user: this.bot, roles: [] });
    guild.members.set(owner.id, { user: owner, roles: [] });
    const category = this.addChannel(guild, 'support', CHANNEL.Category);
    const general = this.addChannel(guild, 'general', CHANNEL.Text);
    const help = this.addChannel(guild, 'spotify-help', CHANNEL.Text, category.id);
    const forum = this.addChannel(guild, 'help-forum', CHANNEL.Forum, category.id);
    return Object.assign(guild, { general, help, forum, owner });
  }

  addChannel(guild: Guild, name: string, type: number = CHANNEL.Text, parentId: string | null = null): Channel {
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
    if (this.readyGuild(guild.id)) this.dispatchToGuild(guild.id, 'CHANNEL_CREATE', channel);
    return channel;
  }

  /** A thread (or forum post, when the parent is a forum) started by `owner`. */
  addThread(guild: Guild, parent: Channel, name: string, owner: User): Channel {
    const thread: Channel = {
      ...this.addChannel(guild, name, CHANNEL.PublicThread, parent.id),
      owner_id: owner.id,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    };
    guild.channels.set(thread.id, thread);
    this.dispatchToGuild(guild.id, 'THREAD_CREATE', { ...thread, newly_created: true });
    return thread;
  }

  addMember(guild: Guild, username: string, options: { moderator?: boolean; bot?: boolean } = {}): User {
    const user = this.makeUser(username, snowflake(), options.bot ?? false);
    guild.members.set(user.id, { user, roles: options.moderator ? [guild.moderatorRoleId] : [] });
    return user;
  }

  /** Denies the bot permissions in one channel (a member overwrite, as a moderator would set). */
  denyBot(channel: Channel, ...permissions: bigint[]): void {
    const deny = permissions.reduce((a, b) => a | b, 0n);
    channel.permission_overwrites = channel.permission_overwrites.filter((o) => o.id !== this.bot.id);
    channel.permission_overwrites.push({ id: this.bot.id, type: 1, allow: '0', deny: deny.toString() });
    this.dispatchToGuild(channel.guild_id, 'CHANNEL_UPDATE', channel);
  }

  permissionsOf(userId: string, channel: Channel): bigint {
    const guild = this.guilds.get(channel.guild_id)!;
    const member = guild.members.get(userId);
    const overwriteSource = channel.type === CHANNEL.PublicThread ? guild.channels.get(channel.parent_id!)! : channel;
    return computePermissions({
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      memberRoles: member?.roles ?? [],
      roles: new Map([...guild.roles].map(([id, r]) => [id, r.permissions])),
      overwrites: overwriteSource.permission_overwrites,
    });
  }

  // ── fault injection ──────────────────────────────────────────────────────

  /** The next `times` requests matching `path` (and `method`) fail with `status`. */
  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Closes every gateway connection with `code` (4000 asks for a resume, as Discord's unknown error). */
  dropGateway(code = 4000): void {
    for (const session of this.sessions.values()) session.socket?.close(code, 'stand-in drop');
  }

  // ── what members do ──────────────────────────────────────────────────────

  channel(channelId: string): Channel {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel) return channel;
    }
    throw new Error(`No channel ${channelId}`);
  }

  /** A member posts a message; the bot receives MESSAGE_CREATE as Discord would send it. */
  say(
    channel: Channel,
    author: User,
    content: string,
    options: { replyTo?: Message; attachments?: Attachment[]; webhook?: boolean; type?: number } = {},
  ): Message {
    const mentions = this.mentionedUsers(channel.guild_id, content);
    const message: Message = {
      id: snowflake(),
      channel_id: channel.id,
      guild_id: channel.guild_id,
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
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
    };
    this.messages.set(message.id, message);
    this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  /** A member edits a message: its text, and optionally its attachments (Discord lets them remove some). */
  edit(message: Message, content: string, attachments?: Attachment[]): Message {
    message.content = content;
    if (attachments) message.attachments = attachments;
    message.edited_timestamp = new Date().toISOString();
    message.mentions = this.mentionedUsers(message.guild_id, content);
    this.dispatchMessage('MESSAGE_UPDATE', message);
    return message;
  }

  delete(message: Message): void {
    this.messages.delete(message.id);
    this.dispatchToGuild(message.guild_id!, 'MESSAGE_DELETE', {
      id: message.id,
      channel_id: message.channel_id,
      guild_id: message.guild_id,
    });
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
    this.files.set(path, { body, contentType, delayMs: options.delayMs });
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
    const command = this.findCommand(name, channel.guild_id);
    const { defs, wrap } = this.subcommandPath(command, path);
    const resolved: Record<string, Record<string, unknown>> = {};
    const optionList = Object.entries(options).map(([optionName, value]) => {
      const type = defs.find((d) => d.name === optionName)?.type ?? (typeof value === 'boolean' ? 5 : 3);
      if (type === 6) {
        const target = value as User;
        (resolved.users ??= {})[target.id] = target;
        const member = this.guilds.get(channel.guild_id)?.members.get(target.id);
        if (member) (resolved.members ??= {})[target.id] = this.memberJson(channel.guild_id, target.id, false);
        return { name: optionName, type, value: target.id };
      }
      if (type === 7) {
        const target = value as Channel;
        (resolved.channels ??= {})[target.id] = { id: target.id, name: target.name, type: target.type, permissions: '0' };
        return { name: optionName, type, value: target.id };
      }
      if (type === 11) {
        const attachment = value as Attachment;
        (resolved.attachments ??= {})[attachment.id] = attachment;
        return { name: optionName, type, value: attachment.id };
      }
      return { name: optionName, type, value };
    });
    return this.interact(channel, user, 2, {
      id: command?.id ?? snowflake(),
      name,
      type: 1,
      options: wrap(optionList),
      ...(Object.keys(resolved).length ? { resolved } : {}),
    });
  }

  /** The option definitions at a subcommand path, and how to nest options under it. */
  private subcommandPath(command: Record<string, unknown> | undefined, path: string[]) {
    type Def = { name: string; type: number; options?: Def[] };
    let defs = (command?.options as Def[] | undefined) ?? [];
    const steps: Array<{ name: string; type: number }> = [];
    for (const step of path) {
      const def = defs.find((d) => d.name === step);
      steps.push({ name: step, type: def?.type ?? 1 });
      defs = def?.options ?? [];
    }
    const wrap = (options: unknown[]): unknown[] =>
      steps.reduceRight<unknown[]>((inner, step) => [{ name: step.name, type: step.type, options: inner }], options);
    return { defs, wrap };
  }

  /** Types into an autocomplete option; resolves with the choices the bot offered. */
  async autocomplete(
    channel: Channel,
    user: User,
    name: string,
    focused: string,
    value: string,
    path: string[] = [],
  ): Promise<Array<{ name: string; value: unknown }>> {
    const command = this.findCommand(name, channel.guild_id);
    const { wrap } = this.subcommandPath(command, path);
    const handle = this.interact(channel, user, 4, {
      id: command?.id ?? snowflake(),
      name,
      type: 1,
      options: wrap([{ name: focused, type: 3, value, focused: true }]),
    });
    const cb = await handle.response();
    if (cb.type !== 8) throw new Error(`autocomplete answered with callback type ${cb.type}`);
    return cb.data?.choices ?? [];
  }

  /** Apps → command on a message. */
  messageCommand(channel: Channel, user: User, name: string, target: Message): InteractionHandle {
    const command = this.findCommand(name, channel.guild_id);
    return this.interact(channel, user, 2, {
      id: command?.id ?? snowflake(),
      name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: this.messageJson(target) } },
    });
  }

  click(message: Message, customId: string, user: User): InteractionHandle {
    this.assertComponent(message, customId, 2);
    return this.interact(this.channel(message.channel_id), user, 3, { custom_id: customId, component_type: 2 }, message);
  }

  select(message: Message, customId: string, values: string[], user: User): InteractionHandle {
    this.assertComponent(message, customId, 3);
    return this.interact(
      this.channel(message.channel_id),
      user,
      3,
      { custom_id: customId, component_type: 3, values },
      message,
    );
  }

  // ── observing the bot ────────────────────────────────────────────────────

  /** Messages the bot created, oldest first. */
  botMessages(channelId?: string): Message[] {
    return [...this.messages.values()].filter(
      (m) => m.author.id === this.bot.id && (channelId === undefined || m.channel_id === channelId),
    );
  }

  /** Waits for a bot message matching `predicate` (created or edited). */
  waitForBotMessage(predicate: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    return this.waitFor('botMessage', this.botMessages(), predicate, timeoutMs, 'a bot message');
  }

  /** Waits until a recorded request matches. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor('request', this.requests, predicate, timeoutMs, 'a request');
  }

  /** The first of `seen` that matches, or the next `event` that does. */
  private async waitFor<T>(event: string, seen: readonly T[], predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const existing = seen.find(predicate);
    if (existing) return existing;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(event, listener);
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      const listener = (value: T) => {
        if (!predicate(value)) return;
        clearTimeout(timer);
        this.off(event, listener);
        resolve(value);
      };
      this.on(event, listener);
    });
  }

  /** Waits until every shard that identified is READY and has its guilds. */
  async waitForIdentify(count = 1, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.identifies.length < count) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for IDENTIFY');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Who a bot message pinged, by Discord's rules. */
  pingsOf(message: Message): ReturnType<typeof pingedBy> {
    return pingedBy(message.content, message.allowed_mentions, false);
  }

  // ── gateway ──────────────────────────────────────────────────────────────

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    let session: Session | undefined;
    const send = (payload: object) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
    socket.on('message', (raw) => {
      let packet: { op: number; d: Record<string, unknown> | number | null };
      try {
        packet = JSON.parse(raw.toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (packet.op) {
        case 1:
          this.heartbeats += 1;
          send({ op: 11, d: null, s: null, t: null });
          break;
        case 2: {
          const d = packet.d as { token: string; intents: number; shard?: [number, number] };
          if (d.token !== this.token || this.rejectGatewayToken) return socket.close(4004, 'Authentication failed.');
          if (d.intents & PRIVILEGED & ~(this.messageContentEnabled ? INTENTS.MessageContent : 0)) {
            return socket.close(4014, 'Disallowed intent(s).');
          }
          const shard = d.shard ?? [0, 1];
          const shardGuilds = [...this.guilds.values()].filter((g) => this.shardOf(g.id, shard[1]) === shard[0]);
          this.identifies.push({ intents: d.intents, shard, at: Date.now(), guilds: shardGuilds.map((g) => g.id) });
          for (const old of this.sessions.values()) if (old.shard[0] === shard[0] && old.shard[1] === shard[1]) old.alive = false;
          session = { id: snowflake(), shard, intents: d.intents, seq: 0, sent: [], socket, alive: true };
          this.sessions.set(session.id, session);
          const guilds = [...this.guilds.values()].filter((g) => this.shardOf(g.id, shard[1]) === shard[0]);
          this.dispatch(session, 'READY', {
            v: 10,
            user: this.bot,
            guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: this.gatewayUrl,
            shard,
            application: { id: this.applicationId, flags: 0 },
          });
          for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', this.guildJson(guild));
          break;
        }
        case 6: {
          const d = packet.d as { token: string; session_id: string; seq: number };
          const previous = this.sessions.get(d.session_id);
          if (d.token !== this.token) return socket.close(4004, 'Authentication failed.');
          if (!previous) {
            send({ op: 9, d: false, s: null, t: null });
            break;
          }
          this.resumes.push({ sessionId: d.session_id, seq: d.seq, at: Date.now() });
          session = previous;
          session.socket = socket;
          for (const event of session.sent) if (event.s > d.seq) socket.send(event.payload);
          this.dispatch(session, 'RESUMED', {});
          break;
        }
        default:
          break;
      }
    });
    socket.on('close', () => {
      if (session?.socket === socket) session.socket = undefined;
    });
  }

  shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  private readyGuild(guildId: string): Session | undefined {
    for (const session of this.sessions.values()) {
      if (this.shardOf(guildId, session.shard[1]) === session.shard[0] && session.alive) return session;
    }
    return undefined;
  }

  private dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const payload = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.sent.push({ s: session.seq, payload });
    if (session.sent.length > 2000) session.sent.splice(0, session.sent.length - 2000);
    if (session.socket?.readyState === 1) session.socket.send(payload);
  }

  /** Sends an event to the newest live session that owns the guild's shard. */
  private dispatchToGuild(guildId: string, t: string, d: unknown, needsIntent = 0): void {
    const sessions = [...this.sessions.values()].filter(
      (s) => s.alive && this.shardOf(guildId, s.shard[1]) === s.shard[0],
    );
    const session = sessions.at(-1);
    if (!session || (needsIntent && !(session.intents & needsIntent))) return;
    this.dispatch(session, t, d);
  }

  private dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: Message): void {
    if (!message.guild_id) return;
    const sessions = [...this.sessions.values()].filter(
      (s) => s.alive && this.shardOf(message.guild_id!, s.shard[1]) === s.shard[0],
    );
    const session = sessions.at(-1);
    if (!session || !(session.intents & INTENTS.GuildMessages)) return;
    const json = this.messageJson(message);
    const mentionsBot = message.mentions.some((u) => u.id === this.bot.id);
    if (!(session.intents & INTENTS.MessageContent) && !mentionsBot && message.author.id !== this.bot.id) {
      // Without the Message Content intent Discord blanks content, embeds, attachments and components.
      Object.assign(json, { content: '', embeds: [], attachments: [], components: [] });
    }
    this.dispatch(session, t, json);
  }

  // ── REST ─────────────────────────────────────────────────────────────────

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    let body: unknown = undefined;
    if (text && (req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const record: RecordedRequest = { method, path, query: url.search, body, status: 0, at: Date.now() };
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      this.requests.push(record);
      if (this.requests.length > 20_000) this.requests.splice(0, 10_000);
      if (json === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      }
      this.emit('request', record);
    };

    const file = this.files.get(path);
    if (file && method === 'GET') {
      record.status = 200;
      this.requests.push(record);
      // A slow CDN: headers at once, the body after the delay.
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length });
      if (file.delayMs) setTimeout(() => res.end(file.body), file.delayMs);
      else res.end(file.body);
      return;
    }

    const fault = this.faults.find((f) => f.path.test(path) && (!f.method || f.method === method) && f.times > 0);
    if (fault) {
      fault.times -= 1;
      if (fault.status === 429) {
        const retryAfter = fault.retryAfter ?? 0.2;
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfter), 'x-ratelimit-bucket': 'standin' },
        );
      }
      return reply(fault.status, { message: fault.message ?? 'Injected failure', code: fault.code ?? 0 });
    }

    const route = path.replace(/^\/api\/v10/, '');
    const fail = (status: number, code: number, message: string, detail: string[] = []) => {
      this.violations.push({ code, message, route: `${method} ${route}`, detail });
      return reply(status, { code, message, ...(detail.length ? { errors: detail } : {}) });
    };
    const isWebhook = route.startsWith('/interactions/') || route.startsWith('/webhooks/');
    if (!isWebhook && req.headers.authorization !== `Bot ${this.token}`) {
      return reply(401, { message: '401: Unauthorized', code: 0 });
    }
    const m = (pattern: RegExp) => pattern.exec(route);
    let match: RegExpExecArray | null;

    if (method === 'GET' && route === '/gateway/bot') {
      return reply(200, {
        url: this.gatewayUrl,
        shards: Math.max(1, Math.ceil(this.guilds.size / 1000)),
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && route === '/gateway') return reply(200, { url: this.gatewayUrl });
    if (method === 'GET' && route === '/users/@me') return reply(200, this.bot);
    if (method === 'GET' && route === '/applications/@me') {
      return reply(200, { id: this.applicationId, name: this.bot.username, flags: 0, bot: this.bot });
    }
    if ((match = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const key = match[2] ?? 'global';
      if (method === 'PUT') {
        const list = (body as Array<Record<string, unknown>>).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
          name: String(c.name),
        }));
        this.commands.set(key, list);
        return reply(200, list);
      }
      if (method === 'GET') return reply(200, this.commands.get(key) ?? []);
    }
    if (method === 'POST' && (match = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.interactionCallback(match[1]!, match[2]!, body as InteractionCallback, url, reply, fail);
    }
    if ((match = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      const handle = [...this.interactions.values()].find((h) => h.token === match![2]);
      if (!handle) return fail(404, 10015, 'Unknown Webhook');
      const which = match[3];
      if (method === 'POST' && !which) {
        const problems = validateMessage(body as MessageBody);
        if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
        if (!handle.callbacks.length) return fail(404, 10015, 'Unknown Webhook');
        const message = this.storeBotMessage(handle.channelId, body as MessageBody, { interaction: handle });
        handle.followups.push(message);
        handle.emit('followup', message);
        return reply(200, this.messageJson(message));
      }
      const target = which === '@original' ? handle.original : this.messages.get(which ?? '');
      if (!target) return fail(404, 10008, 'Unknown Message');
      if (method === 'GET') return reply(200, this.messageJson(target));
      if (method === 'PATCH') {
        const problems = validateMessage(body as MessageBody);
        if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
        this.applyEdit(target, body as MessageBody);
        if (which === '@original') handle.emit('original', target);
        return reply(200, this.messageJson(target));
      }
      if (method === 'DELETE') {
        this.messages.delete(target.id);
        return reply(204);
      }
    }
    if ((match = m(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
      const channel = this.findChannel(match[1]!);
      if (!channel) return fail(404, 10003, 'Unknown Channel');
      const perms = this.permissionsOf(this.bot.id, channel);
      if (!(perms & P.ViewChannel)) return fail(403, 50001, 'Missing Access');
      if (method === 'POST' && !match[2]) {
        const needed = channel.type === CHANNEL.PublicThread ? P.SendMessagesInThreads : P.SendMessages;
        if (!(perms & needed)) return fail(403, 50013, 'Missing Permissions');
        const problems = validateMessage(body as MessageBody);
        if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
        const payload = body as MessageBody & { message_reference?: { message_id: string; fail_if_not_exists?: boolean } };
        if (payload.message_reference && !this.messages.has(payload.message_reference.message_id)) {
          if (payload.message_reference.fail_if_not_exists !== false) {
            return fail(400, 50035, 'Invalid Form Body', ['message_reference: Unknown message']);
          }
        }
        const message = this.storeBotMessage(channel.id, payload, {
          replyTo: payload.message_reference?.message_id,
          suppressEmbeds: !(perms & P.EmbedLinks),
        });
        return reply(200, this.messageJson(message));
      }
      const target = this.messages.get(match[2] ?? '');
      if (!target || target.channel_id !== channel.id) return fail(404, 10008, 'Unknown Message');
      if (method === 'GET') return reply(200, this.messageJson(target));
      if (method === 'PATCH') {
        if (target.author.id !== this.bot.id) return fail(403, 50005, 'Cannot edit a message authored by another user');
        const problems = validateMessage(body as MessageBody);
        if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
        this.applyEdit(target, body as MessageBody);
        return reply(200, this.messageJson(target));
      }
      if (method === 'DELETE') {
        if (target.author.id !== this.bot.id && !(perms & P.ManageMessages)) return fail(403, 50013, 'Missing Permissions');
        this.messages.delete(target.id);
        this.dispatchToGuild(channel.guild_id, 'MESSAGE_DELETE', { id: target.id, channel_id: channel.id, guild_id: channel.guild_id });
        return reply(204);
      }
    }
    if (method === 'GET' && (match = m(/^\/channels\/(\d+)$/))) {
      const channel = this.findChannel(match[1]!);
      return channel ? reply(200, channel) : fail(404, 10003, 'Unknown Channel');
    }
    if (method === 'GET' && (match = m(/^\/guilds\/(\d+)\/members\/(\d+)$/))) {
      const guild = this.guilds.get(match[1]!);
      if (!guild?.members.has(match[2]!)) return fail(404, 10007, 'Unknown Member');
      return reply(200, this.memberJson(guild.id, match[2]!, true));
    }
    if (method === 'GET' && (match = m(/^\/guilds\/(\d+)$/))) {
      const guild = this.guilds.get(match[1]!);
      return guild ? reply(200, this.guildJson(guild)) : fail(404, 10004, 'Unknown Guild');
    }
    // A route the stand-in does not know is a gap in the stand-in or a wrong call: fail the test.
    return fail(404, 0, '404: Not Found');
  }

  private interactionCallback(
    id: string,
    token: string,
    cb: InteractionCallback,
    url: URL,
    reply: (status: number, json?: unknown) => void,
    fail: (status: number, code: number, message: string, detail?: string[]) => void,
  ): void {
    const handle = this.interactions.get(id);
    if (!handle || handle.token !== token) return fail(404, 10062, 'Unknown interaction');
    if (Date.now() - handle.createdAt > INTERACTION_DEADLINE_MS) return fail(404, 10062, 'Unknown interaction');
    if (handle.callbacks.length) return fail(400, 40060, 'Interaction has already been acknowledged.');
    const allowed: Record<number, number[]> = { 2: [4, 5], 3: [4, 5, 6, 7], 4: [8], 5: [4, 5] };
    if (!allowed[handle.type]?.includes(cb.type)) {
      return fail(400, 50035, 'Invalid Form Body', [`type: callback ${cb.type} is not valid for interaction type ${handle.type}`]);
    }
    if (cb.type === 8) {
      const problems = validateChoices(cb.data?.choices);
      if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
    } else if (cb.data) {
      const problems = validateMessage(cb.data);
      if (problems.length) return fail(400, 50035, 'Invalid Form Body', problems);
    }
    const callback = { ...cb, at: Date.now() };
    handle.callbacks.push(callback);
    if (cb.type === 4 || cb.type === 5) {
      const flags = (cb.data?.flags ?? 0) & 64;
      handle.original = this.storeBotMessage(handle.channelId, { ...(cb.data ?? {}), flags }, { interaction: handle });
    } else if (cb.type === 7 && handle.source) {
      this.applyEdit(handle.source, cb.data ?? {});
      handle.original = handle.source;
    }
    handle.emit('callback', callback);
    if (url.searchParams.get('with_response') === 'true') {
      return reply(200, {
        interaction: { id: handle.id, type: handle.type },
        resource: { type: cb.type, ...(handle.original ? { message: this.messageJson(handle.original) } : {}) },
      });
    }
    return reply(204);
  }

  // ── helpers ──────────────────────────────────────────────────────────────

  private findChannel(id: string): Channel | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(id);
      if (channel) return channel;
    }
    return undefined;
  }

  private findCommand(name: string, guildId: string) {
    return [...(this.commands.get(guildId) ?? []), ...(this.commands.get('global') ?? [])].find((c) => c.name === name);
  }

  private assertComponent(message: Message, customId: string, type: number): void {
    const found = message.components.some((row) => (row.components ?? []).some((c) => c.custom_id === customId && c.type === type));
    if (!found) throw new Error(`Message ${message.id} has no component ${customId} of type ${type}`);
  }

  private interact(
    channel: Channel,
    user: User,
    type: number,
    data: Record<string, unknown>,
    message?: Message,
  ): InteractionHandle {
    const id = snowflake();
    const token = `itoken-${id}`;
    const handle = new InteractionHandle(id, token, type, channel.id, channel.guild_id, user);
    handle.source = message;
    this.interactions.set(id, handle);
    if (this.interactions.size > 5000) this.interactions.delete(this.interactions.keys().next().value!);
    const guild = this.guilds.get(channel.guild_id)!;
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: guild.id,
      guild: { id: guild.id, features: [], locale: 'en-US' },
      channel_id: channel.id,
      channel: { ...channel },
      member: { ...this.memberJson(guild.id, user.id, true), permissions: this.permissionsOf(user.id, channel).toString() },
      token,
      version: 1,
      app_permissions: this.permissionsOf(this.bot.id, channel).toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...(message ? { message: this.messageJson(message) } : {}),
    };
    this.dispatchToGuild(guild.id, 'INTERACTION_CREATE', payload);
    return handle;
  }

  private storeBotMessage(
    channelId: string,
    body: MessageBody,
    context: { interaction?: InteractionHandle; replyTo?: string; suppressEmbeds?: boolean },
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
    this.emit('botMessage', message);
    if (!(message.flags & 64)) this.dispatchMessage('MESSAGE_CREATE', message);
    return message;
  }

  private applyEdit(target: Message, body: MessageBody): void {
    if (body.content !== undefined) target.content = body.content ?? '';
    if (body.embeds !== undefined) target.embeds = body.embeds ?? [];
    if (body.components !== undefined) target.components = body.components ?? [];
    if (body.allowed_mentions !== undefined) target.allowed_mentions = body.allowed_mentions;
    target.edited_timestamp = new Date().toISOString();
    this.emit('botMessage', target);
    if (!(target.flags & 64)) this.dispatchMessage('MESSAGE_UPDATE', target);
  }

  private userById(id: string): User | undefined {
    for (const guild of this.guilds.values()) {
      const member = guild.members.get(id);
      if (member) return member.user;
    }
    return undefined;
  }

  private mentionedUsers(guildId: string | undefined, content: string): User[] {
    const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
    const guild = guildId ? this.guilds.get(guildId) : undefined;
    return ids.map((id) => guild?.members.get(id)?.user).filter((u): u is User => !!u);
  }

  messageJson(message: Message): Omit<Message, 'allowed_mentions'> {
    const { allowed_mentions: _ignored, ...json } = message;
    return json;
  }

  private memberJson(guildId: string, userId: string, withUser: boolean) {
    const member = this.guilds.get(guildId)!.members.get(userId)!;
    return {
      ...(withUser ? { user: member.user } : {}),
      roles: member.roles,
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    };
  }

  private guildJson(guild: Guild) {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: guild.ownerId,
      roles: [...guild.roles.values()].map((r, i) => ({
        id: r.id,
        name: r.name,
        permissions: r.permissions.toString(),
        position: i,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
      channels: [...guild.channels.values()].filter((c) => c.type !== CHANNEL.PublicThread),
      threads: [...guild.channels.values()].filter((c) => c.type === CHANNEL.PublicThread),
      members: [this.memberJson(guild.id, this.bot.id, true)],
      member_count: guild.members.size,
      unavailable: false,
      large: false,
      features: [],
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      preferred_locale: 'en-US',
      premium_tier: 0,
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      afk_timeout: 300,
      afk_channel_id: null,
      system_channel_id: null,
      rules_channel_id: null,
      public_updates_channel_id: null,
      application_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      splash: null,
      discovery_splash: null,
      premium_subscription_count: 0,
      max_video_channel_users: 25,
      nsfw: false,
    };
  }
}
