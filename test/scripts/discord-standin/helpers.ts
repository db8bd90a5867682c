/**
 * Driving the stand-in without discord.js: plain fetch() against its REST API and a `ws` client
 * for its gateway, so its own tests see exactly what it sends.
 */
import { EventEmitter, once } from 'node:events';
import { afterEach, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { DiscordStandIn, INTENTS } from '../../../scripts/discord-standin/index.js';
import { waitForMatch } from '../../../scripts/discord-standin/wait.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // Tests read Discord's JSON freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One REST call as the bot makes it: `Authorization: Bot <token>` unless `token` is null. */
export async function api(
  standin: DiscordStandIn,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null } = {},
): Promise<ApiResponse> {
  const token = options.token === undefined ? standin.token : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bot ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${standin.apiUrl}/v10${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export interface Dispatch {
  t: string;
  s: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  d: any;
}

export const BOT_INTENTS = INTENTS.Guilds | INTENTS.GuildMessages | INTENTS.MessageContent;

/** A gateway connection that identified and received READY and its guilds; records every dispatch. */
export class GatewayClient {
  readonly dispatches: Dispatch[] = [];
  private readonly events = new EventEmitter();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number } & Dispatch;
      if (packet.op !== 0) return;
      this.dispatches.push(packet);
      this.events.emit('dispatch', packet);
    });
  }

  static async connect(standin: DiscordStandIn, intents: number = BOT_INTENTS): Promise<GatewayClient> {
    const client = new GatewayClient(new WebSocket(standin.gatewayUrl));
    await once(client.socket, 'open');
    client.socket.send(
      JSON.stringify({ op: 2, d: { token: standin.token, intents, properties: { os: 'linux', browser: 'test', device: 'test' } } }),
    );
    const ready = await client.next('READY');
    for (const guild of ready.d.guilds as Array<{ id: string }>) await client.next('GUILD_CREATE', (d) => d.d.id === guild.id);
    return client;
  }

  /** The first dispatch of type `t` matching, received so far or next. */
  next(t: string, predicate: (d: Dispatch) => boolean = () => true, timeoutMs = 2000): Promise<Dispatch> {
    return waitForMatch(this.events, 'dispatch', this.dispatches, (d: Dispatch) => d.t === t && predicate(d), timeoutMs, `a ${t} dispatch`);
  }

  /** Dispatches received after `mark` (a count of dispatches), of the given types. */
  since(mark: number, ...types: string[]): Dispatch[] {
    return this.dispatches.slice(mark).filter((d) => types.length === 0 || types.includes(d.t));
  }

  close(): void {
    this.socket.terminate();
  }
}

/** A started stand-in with one guild and a member, fresh for each test, and a gateway client. */
export function useStandIn(): {
  standin: DiscordStandIn;
  guild: ReturnType<DiscordStandIn['addGuild']>;
  member: ReturnType<DiscordStandIn['addMember']>;
  gateway: GatewayClient;
} {
  const world = {} as ReturnType<typeof useStandIn>;
  beforeEach(async () => {
    world.standin = await new DiscordStandIn().start();
    world.guild = world.standin.addGuild();
    world.member = world.standin.addMember(world.guild, 'poster');
    world.gateway = await GatewayClient.connect(world.standin);
  });
  afterEach(async () => {
    world.gateway.close();
    await world.standin.stop();
  });
  return world;
}
