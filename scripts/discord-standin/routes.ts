/**
 * The REST routes the stand-in serves, one small handler each. Authorisation, injected faults,
 * recording and turning refusals into violations happen once, in rest.ts; a request no route
 * matches is a violation too (a gap in the stand-in, or a wrong call).
 */
import { invalidForm, noContent, ok, refuse, type RestResult, type Route, type RouteContext } from './http.js';
import type { Command, InteractionCallback, InteractionHandle, Interactions } from './interactions.js';
import { channelJson, guildJson, memberJson, messageJson } from './json.js';
import { P } from './permissions.js';
import { snowflake } from './snowflake.js';
import { beforeMessageInThread, editThread } from './threads.js';
import { CHANNEL, isThread, type Channel, type User } from './types.js';
import { isEmptyMessage, validateMessage, type MessageBody } from './validate.js';
import type { DmChannel, World } from './world.js';

/** What the routes need from the stand-in. */
export interface RestHost {
  readonly bot: User;
  readonly applicationId: string;
  readonly gatewayUrl: string;
  readonly world: World;
  readonly interactions: Interactions;
  readonly commands: Map<string, Command[]>;
}

type Context = RouteContext<RestHost>;

const EPHEMERAL = 64;

// ── shared look-ups ─────────────────────────────────────────────────────────

/** The channel, if it exists and the bot can see it, with the bot's permissions there. */
function visibleChannel({ host, params }: Context): { channel: Channel; perms: bigint } | { refused: RestResult } {
  const channel = host.world.findChannel(params.channel!);
  if (!channel) return { refused: refuse(404, 10003, 'Unknown Channel') };
  if (!host.world.botCanSee(channel)) return { refused: refuse(403, 50001, 'Missing Access') };
  return { channel, perms: host.world.permissionsOf(host.bot.id, channel) };
}

/**
 * A message in a channel the bot can see. An ephemeral message is not in the channel: only its
 * interaction's webhook reaches it (discord.js #9397: `message.delete()` on one answers 10008).
 */
function visibleMessage(context: Context) {
  const found = visibleChannel(context);
  if ('refused' in found) return found;
  const message = context.host.world.messages.get(context.params.message!);
  if (!message || message.channel_id !== found.channel.id || message.flags & EPHEMERAL) return { refused: refuse(404, 10008, 'Unknown Message') };
  return { ...found, message };
}

/** Message types a reply may point at; the others are system messages (joins, pins, "started a thread"). */
const REPLYABLE_TYPES = new Set([0, 19, 20, 23]);

function webhookHandle({ host, params }: Context): InteractionHandle | undefined {
  return host.interactions.byToken(params.token!);
}

// ── handlers ────────────────────────────────────────────────────────────────

const gatewayBot = ({ host }: Context) =>
  ok({
    url: host.gatewayUrl,
    shards: Math.max(1, Math.ceil(host.world.guilds.size / 1000)),
    session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
  });

function putCommands({ host, params, body }: Context): RestResult {
  const list = (body as Array<Record<string, unknown>>).map((c) => ({
    ...c,
    id: snowflake(),
    application_id: host.applicationId,
    version: snowflake(),
    name: String(c.name),
  }));
  host.commands.set(params.guild ?? 'global', list);
  return ok(list);
}

const getCommands = ({ host, params }: Context) => ok(host.commands.get(params.guild ?? 'global') ?? []);

const interactionCallback = ({ host, params, body, url }: Context) =>
  host.interactions.callback(params.id!, params.token!, body as InteractionCallback, url.searchParams.get('with_response') === 'true');

function webhookFollowup(context: Context): RestResult {
  const handle = webhookHandle(context);
  if (!handle) return refuse(404, 10015, 'Unknown Webhook');
  return context.host.interactions.followup(handle, context.body as MessageBody);
}

function webhookGetMessage(context: Context): RestResult {
  const handle = webhookHandle(context);
  if (!handle) return refuse(404, 10015, 'Unknown Webhook');
  const target = context.host.interactions.webhookMessage(handle, context.params.message!);
  return target ? ok(messageJson(target)) : refuse(404, 10008, 'Unknown Message');
}

function webhookEditMessage(context: Context): RestResult {
  const handle = webhookHandle(context);
  if (!handle) return refuse(404, 10015, 'Unknown Webhook');
  return context.host.interactions.editMessage(handle, context.params.message!, context.body as MessageBody);
}

function webhookDeleteMessage(context: Context): RestResult {
  const handle = webhookHandle(context);
  if (!handle) return refuse(404, 10015, 'Unknown Webhook');
  const target = context.host.interactions.webhookMessage(handle, context.params.message!);
  if (!target) return refuse(404, 10008, 'Unknown Message');
  // Only the member saw an ephemeral message: nothing is sent when it goes.
  if (target.flags & EPHEMERAL) context.host.world.messages.delete(target.id);
  else context.host.world.delete(target);
  return noContent();
}

function getChannel(context: Context): RestResult {
  const found = visibleChannel(context);
  if ('refused' in found) return found.refused;
  return ok(channelJson(found.channel));
}

/** PATCH /channels/:id: threads and forum posts (tags, archive, lock, name); other channels only their name. */
function patchChannel(context: Context): RestResult {
  const found = visibleChannel(context);
  if ('refused' in found) return found.refused;
  const { channel, perms } = found;
  const { world } = context.host;
  if (isThread(channel)) return editThread(world, channel, context.body);
  if (!(perms & P.ManageChannels)) return refuse(403, 50013, 'Missing Permissions');
  const name = (context.body as { name?: unknown } | null)?.name;
  if (name !== undefined) {
    if (typeof name !== 'string' || [...name].length < 1 || [...name].length > 100) {
      return refuse(400, 50035, 'Invalid Form Body', ['name: Must be between 1 and 100 in length.']);
    }
    world.renameChannel(channel, name);
  }
  return ok(channelJson(channel));
}

/** GET /channels/:id/messages: newest first, `limit` (1–100, 50) before, after or around a message. */
function listMessages(context: Context): RestResult {
  const found = visibleChannel(context);
  if ('refused' in found) return found.refused;
  const query = context.url.searchParams;
  const limit = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return refuse(400, 50035, 'Invalid Form Body', ['limit: Must be between 1 and 100.']);
  // Without Read Message History Discord answers with no messages.
  if (!(found.perms & P.ReadMessageHistory)) return ok([]);
  const id = (m: { id: string }) => BigInt(m.id);
  const all = [...context.host.world.messages.values()]
    .filter((m) => m.channel_id === found.channel.id && !(m.flags & 64))
    .sort((a, b) => (id(b) > id(a) ? 1 : id(b) < id(a) ? -1 : 0));
  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');
  let page = all;
  if (before) page = all.filter((m) => id(m) < BigInt(before)).slice(0, limit);
  else if (after) page = all.filter((m) => id(m) > BigInt(after)).slice(-limit);
  else if (around) {
    const older = all.filter((m) => id(m) <= BigInt(around)).slice(0, Math.ceil(limit / 2));
    const newer = all.filter((m) => id(m) > BigInt(around)).slice(-Math.floor(limit / 2));
    page = [...newer, ...older];
  } else page = all.slice(0, limit);
  return ok(page.map((m) => messageJson(m)));
}

/** POST /users/@me/channels: "Create DM" opens the bot's DM channel with a user, or returns the one open. */
function createDm({ host, body }: Context): RestResult {
  const recipientId = (body as { recipient_id?: unknown } | null)?.recipient_id;
  const recipient = typeof recipientId === 'string' ? host.world.userById(recipientId) : undefined;
  if (!recipient) return refuse(400, 50035, 'Invalid Form Body', ['recipient_id: Unknown user.']);
  const dm = host.world.openDm(recipient);
  return ok({ id: dm.id, type: CHANNEL.DM, last_message_id: null, flags: 0, recipients: [recipient] });
}

/** A message in a DM channel: refused (50007) where the user takes no DMs from the bot. */
function createDmMessage({ host, body }: Context, dm: DmChannel): RestResult {
  const invalid = invalidForm(validateMessage(body as MessageBody));
  if (invalid) return invalid;
  if (isEmptyMessage(body as MessageBody)) return refuse(400, 50006, 'Cannot send an empty message');
  if (!host.world.acceptsDmsFromBot(dm.recipient)) return refuse(403, 50007, 'Cannot send messages to this user');
  return ok(messageJson(host.world.storeBotMessage(dm.id, body as MessageBody, {})));
}

function createMessage(context: Context): RestResult {
  const dm = context.host.world.dm(context.params.channel!);
  if (dm) return createDmMessage(context, dm);
  const found = visibleChannel(context);
  if ('refused' in found) return found.refused;
  const { channel, perms } = found;
  const { world } = context.host;
  if (channel.type === CHANNEL.Forum || channel.type === CHANNEL.Category) {
    return refuse(400, 50008, 'Cannot send messages in a non-text channel');
  }
  const needed = isThread(channel) ? P.SendMessagesInThreads : P.SendMessages;
  if (!(perms & needed)) return refuse(403, 50013, 'Missing Permissions');
  const invalid = invalidForm(validateMessage(context.body as MessageBody));
  if (invalid) return invalid;
  if (isEmptyMessage(context.body as MessageBody)) return refuse(400, 50006, 'Cannot send an empty message');
  const payload = context.body as MessageBody & { message_reference?: { message_id: string; fail_if_not_exists?: boolean } };
  if (payload.message_reference) {
    // "Create Message": a reply needs Read Message History, and its message must exist and not be a system message.
    if (!(perms & P.ReadMessageHistory)) return refuse(403, 160002, 'Cannot reply without permission to read message history');
    const referenced = world.messages.get(payload.message_reference.message_id);
    if (!referenced && payload.message_reference.fail_if_not_exists !== false) {
      return refuse(400, 50035, 'Invalid Form Body', ['message_reference: Unknown message']);
    }
    if (referenced && !REPLYABLE_TYPES.has(referenced.type)) {
      return refuse(400, 50035, 'Invalid Form Body', ['message_reference: Cannot reply to a system message']);
    }
  }
  if (isThread(channel)) {
    const refused = beforeMessageInThread(world, channel, perms);
    if (refused) return refused;
  }
  const message = world.storeBotMessage(channel.id, payload, {
    replyTo: payload.message_reference?.message_id,
    suppressEmbeds: !(perms & P.EmbedLinks),
  });
  return ok(messageJson(message));
}

/** GET one message: Discord requires Read Message History as well as View Channel ("Get Channel Message"). */
function getMessage(context: Context): RestResult {
  const found = visibleMessage(context);
  if ('refused' in found) return found.refused;
  if (!(found.perms & P.ReadMessageHistory)) return refuse(403, 50001, 'Missing Access');
  return ok(messageJson(found.message));
}

function editMessage(context: Context): RestResult {
  const found = visibleMessage(context);
  if ('refused' in found) return found.refused;
  const { channel, message, perms } = found;
  if (message.author.id !== context.host.bot.id) return refuse(403, 50005, 'Cannot edit a message authored by another user');
  const invalid = invalidForm(validateMessage(context.body as MessageBody));
  if (invalid) return invalid;
  if (isEmptyMessage(context.body as MessageBody, message)) return refuse(400, 50006, 'Cannot send an empty message');
  // Archived threads are read-only.
  if (isThread(channel) && channel.thread_metadata!.archived) return refuse(400, 50083, 'Thread is archived');
  // "Locked Threads" (threads topic): without Manage Threads nobody creates or updates messages there.
  if (isThread(channel) && channel.thread_metadata!.locked && !(perms & P.ManageThreads)) return refuse(403, 160005, 'Thread is locked');
  context.host.world.applyEdit(message, context.body as MessageBody);
  return ok(messageJson(message));
}

function deleteMessage(context: Context): RestResult {
  const found = visibleMessage(context);
  if ('refused' in found) return found.refused;
  const { channel, message, perms } = found;
  if (message.author.id !== context.host.bot.id && !(perms & P.ManageMessages)) return refuse(403, 50013, 'Missing Permissions');
  // Not even its own messages: Discord's client unarchives a thread before deleting in it.
  if (isThread(channel) && channel.thread_metadata!.archived) return refuse(400, 50083, 'Thread is archived');
  context.host.world.delete(message);
  return noContent();
}

/** PUT /channels/:id/thread-members/@me: the bot joins a thread (not an archived one). */
function joinThread(context: Context): RestResult {
  const found = visibleChannel(context);
  if ('refused' in found) return found.refused;
  const { channel } = found;
  if (!isThread(channel)) return refuse(400, 50024, 'Cannot execute action on this channel type');
  if (channel.thread_metadata!.archived) return refuse(400, 50083, 'Thread is archived');
  context.host.world.joinThread(channel, context.host.bot);
  return noContent();
}

function getGuild({ host, params }: Context): RestResult {
  const guild = host.world.guilds.get(params.guild!);
  return guild ? ok(guildJson(guild, host.bot.id)) : refuse(404, 10004, 'Unknown Guild');
}

function activeThreads({ host, params }: Context): RestResult {
  const guild = host.world.guilds.get(params.guild!);
  return guild ? ok(host.world.activeThreads(guild)) : refuse(404, 10004, 'Unknown Guild');
}

function getMember({ host, params }: Context): RestResult {
  const guild = host.world.guilds.get(params.guild!);
  if (!guild?.members.has(params.user!)) return refuse(404, 10007, 'Unknown Member');
  return ok(memberJson(guild, params.user!, true));
}

// ── the table ───────────────────────────────────────────────────────────────

const TOKEN = ':token([^/]+)';
const WEBHOOK_MESSAGE = `/webhooks/:app/${TOKEN}/messages/:message(@original|\\d+)`;

export const ROUTES: Array<Route<RestHost>> = [
  { method: 'GET', pattern: '/gateway/bot', handler: gatewayBot },
  { method: 'GET', pattern: '/gateway', handler: ({ host }) => ok({ url: host.gatewayUrl }) },
  { method: 'GET', pattern: '/users/@me', handler: ({ host }) => ok(host.bot) },
  { method: 'POST', pattern: '/users/@me/channels', handler: createDm },
  {
    method: 'GET',
    pattern: '/applications/@me',
    handler: ({ host }) => ok({ id: host.applicationId, name: host.bot.username, flags: 0, bot: host.bot }),
  },
  { method: 'PUT', pattern: '/applications/:app/commands', handler: putCommands },
  { method: 'GET', pattern: '/applications/:app/commands', handler: getCommands },
  { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', handler: putCommands },
  { method: 'GET', pattern: '/applications/:app/guilds/:guild/commands', handler: getCommands },

  { method: 'POST', pattern: `/interactions/:id/${TOKEN}/callback`, auth: false, handler: interactionCallback },
  { method: 'POST', pattern: `/webhooks/:app/${TOKEN}`, auth: false, handler: webhookFollowup },
  { method: 'GET', pattern: WEBHOOK_MESSAGE, auth: false, handler: webhookGetMessage },
  { method: 'PATCH', pattern: WEBHOOK_MESSAGE, auth: false, handler: webhookEditMessage },
  { method: 'DELETE', pattern: WEBHOOK_MESSAGE, auth: false, handler: webhookDeleteMessage },

  { method: 'GET', pattern: '/channels/:channel', handler: getChannel },
  { method: 'PATCH', pattern: '/channels/:channel', handler: patchChannel },
  { method: 'GET', pattern: '/channels/:channel/messages', handler: listMessages },
  { method: 'POST', pattern: '/channels/:channel/messages', handler: createMessage },
  { method: 'GET', pattern: '/channels/:channel/messages/:message', handler: getMessage },
  { method: 'PATCH', pattern: '/channels/:channel/messages/:message', handler: editMessage },
  { method: 'DELETE', pattern: '/channels/:channel/messages/:message', handler: deleteMessage },
  { method: 'PUT', pattern: '/channels/:channel/thread-members/@me', handler: joinThread },

  { method: 'GET', pattern: '/guilds/:guild', handler: getGuild },
  { method: 'GET', pattern: '/guilds/:guild/threads/active', handler: activeThreads },
  { method: 'GET', pattern: '/guilds/:guild/members/:user', handler: getMember },
];
