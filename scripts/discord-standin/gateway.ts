/**
 * The stand-in's gateway: HELLO, IDENTIFY (token and privileged intents checked, 4004 and 4014
 * like Discord), heartbeats, READY and GUILD_CREATE per shard, RESUME with replay, and dispatch
 * of what happens in the world to the session that owns each guild's shard.
 */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildJson, messageJson } from './json.js';
import { snowflake } from './snowflake.js';
import { INTENTS, PRIVILEGED_INTENTS, type Message, type User } from './types.js';
import type { World, WorldOutput } from './world.js';

/** What the gateway needs from the stand-in; read at each connection, so tests may change the switches. */
export interface GatewayHost {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: User;
  readonly messageContentEnabled: boolean;
  readonly rejectGatewayToken: boolean;
  /** An IDENTIFY leaves its connection open but unanswered (the network cut as the bot logs in). */
  readonly stallAtIdentify: boolean;
  readonly gatewayUrl: string;
  /** `identify` once READY and the shard's GUILD_CREATEs are sent; `resume` once RESUMED is; `heartbeat` on each ACK. */
  emit(event: 'identify' | 'resume' | 'heartbeat', value: Identify | Resume | number): boolean;
  /** `stalledIdentify` once an IDENTIFY is left unanswered (`stallAtIdentify`). */
  emit(event: 'stalledIdentify'): boolean;
}

/** Stops reading from a connection left open: nothing the bot sends on it is answered, not even a close. */
function pause(socket: WebSocket): void {
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();
}

export interface Identify {
  intents: number;
  shard: [number, number];
  at: number;
  guilds: string[];
}

export interface Resume {
  sessionId: string;
  seq: number;
  at: number;
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

/** Events kept per session for RESUME. */
const REPLAY_LIMIT = 2000;

export class Gateway implements Pick<WorldOutput, 'dispatchToGuild' | 'dispatchMessage' | 'guildIsLive'> {
  heartbeats = 0;
  readonly identifies: Identify[] = [];
  readonly resumes: Resume[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private wss?: WebSocketServer;

  constructor(
    private readonly host: GatewayHost,
    private readonly world: World,
    private readonly heartbeatIntervalMs: number,
  ) {}

  /** Serves the gateway on the HTTP server's upgrade requests. */
  listen(server: Server): void {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.handleSocket(socket));
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
  }

  /** Closes every connection with `code` (4000 asks for a resume, as Discord's unknown error). */
  drop(code: number): void {
    for (const session of this.sessions.values()) session.socket?.close(code, 'stand-in drop');
  }

  /**
   * Stops reading from every connection, as when the network between the bot and Discord is cut
   * while the connections stay open: nothing the bot sends is answered, not even a close.
   */
  stall(): void {
    for (const socket of this.sockets) pause(socket);
  }

  shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  guildIsLive(guildId: string): boolean {
    return this.sessionFor(guildId) !== undefined;
  }

  /** Sends an event to the newest live session that owns the guild's shard. */
  dispatchToGuild(guildId: string, t: string, d: unknown, needsIntent = 0): void {
    const session = this.sessionFor(guildId);
    if (!session || (needsIntent && !(session.intents & needsIntent))) return;
    this.dispatch(session, t, d);
  }

  /** MESSAGE_CREATE / MESSAGE_UPDATE; without the Message Content intent, content is blanked as Discord does. */
  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: Message): void {
    if (!message.guild_id) return;
    const session = this.sessionFor(message.guild_id);
    if (!session || !(session.intents & INTENTS.GuildMessages)) return;
    const json = messageJson(message);
    const mentionsBot = message.mentions.some((u) => u.id === this.host.bot.id);
    if (!(session.intents & INTENTS.MessageContent) && !mentionsBot && message.author.id !== this.host.bot.id) {
      // Without the Message Content intent Discord blanks content, embeds, attachments and components.
      Object.assign(json, { content: '', embeds: [], attachments: [], components: [] });
    }
    this.dispatch(session, t, json);
  }

  private sessionFor(guildId: string): Session | undefined {
    let newest: Session | undefined;
    for (const session of this.sessions.values()) {
      if (session.alive && this.shardOf(guildId, session.shard[1]) === session.shard[0]) newest = session;
    }
    return newest;
  }

  private dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const payload = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.sent.push({ s: session.seq, payload });
    if (session.sent.length > REPLAY_LIMIT) session.sent.splice(0, session.sent.length - REPLAY_LIMIT);
    if (session.socket?.readyState === 1) session.socket.send(payload);
  }

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
          this.host.emit('heartbeat', this.heartbeats);
          send({ op: 11, d: null, s: null, t: null });
          break;
        case 2:
          if (this.host.stallAtIdentify) {
            pause(socket);
            this.host.emit('stalledIdentify');
            break;
          }
          session = this.identify(socket, packet.d as { token: string; intents: number; shard?: [number, number] }) ?? session;
          break;
        case 6:
          session = this.resume(socket, packet.d as { token: string; session_id: string; seq: number }) ?? session;
          break;
        default:
          break;
      }
    });
    socket.on('close', () => {
      if (session?.socket === socket) session.socket = undefined;
    });
  }

  /** IDENTIFY: a new session, READY, then GUILD_CREATE for each of the shard's guilds. */
  private identify(socket: WebSocket, d: { token: string; intents: number; shard?: [number, number] }): Session | undefined {
    if (d.token !== this.host.token || this.host.rejectGatewayToken) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    if (d.intents & PRIVILEGED_INTENTS & ~(this.host.messageContentEnabled ? INTENTS.MessageContent : 0)) {
      socket.close(4014, 'Disallowed intent(s).');
      return undefined;
    }
    const shard = d.shard ?? [0, 1];
    const guilds = [...this.world.guilds.values()].filter((g) => this.shardOf(g.id, shard[1]) === shard[0]);
    const identify: Identify = { intents: d.intents, shard, at: Date.now(), guilds: guilds.map((g) => g.id) };
    this.identifies.push(identify);
    for (const old of this.sessions.values()) if (old.shard[0] === shard[0] && old.shard[1] === shard[1]) old.alive = false;
    const session: Session = { id: snowflake(), shard, intents: d.intents, seq: 0, sent: [], socket, alive: true };
    this.sessions.set(session.id, session);
    this.dispatch(session, 'READY', {
      v: 10,
      user: this.host.bot,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.host.gatewayUrl,
      shard,
      application: { id: this.host.applicationId, flags: 0 },
    });
    for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', guildJson(guild, this.host.bot.id, (c) => this.world.botCanSee(c)));
    this.host.emit('identify', identify);
    return session;
  }

  /** RESUME: the session's missed events replayed, then RESUMED; an unknown session gets INVALID_SESSION. */
  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): Session | undefined {
    const previous = this.sessions.get(d.session_id);
    if (d.token !== this.host.token) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    if (!previous) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return undefined;
    }
    const resume: Resume = { sessionId: d.session_id, seq: d.seq, at: Date.now() };
    this.resumes.push(resume);
    previous.socket = socket;
    for (const event of previous.sent) if (event.s > d.seq) socket.send(event.payload);
    this.dispatch(previous, 'RESUMED', {});
    this.host.emit('resume', resume);
    return previous;
  }
}
