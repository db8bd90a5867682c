/**
 * Interactions: what a member does with the bot's commands and components (slash commands,
 * autocomplete, message commands, buttons, selects), sent as INTERACTION_CREATE, and the bot's
 * callbacks and follow-ups to them, checked as Discord checks them.
 */
import { EventEmitter } from 'node:events';
import { invalidForm, noContent, ok, refuse, type RestResult } from './http.js';
import { channelJson, memberJson, messageJson } from './json.js';
import { snowflake } from './snowflake.js';
import type { Attachment, Channel, Message, User } from './types.js';
import { isEmptyMessage, validateChoices, validateMessage, type MessageBody } from './validate.js';
import { waitForEvent } from './wait.js';
import type { World } from './world.js';

/** Discord's deadline for the first callback. */
export const INTERACTION_DEADLINE_MS = 3000;
/** Handles kept for callbacks and follow-ups. */
const HANDLE_LIMIT = 5000;
/** The callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 2: [4, 5], 3: [4, 5, 6, 7], 4: [8], 5: [4, 5] };

export type Command = Record<string, unknown> & { id: string; name: string };

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
  /** Deferred and not yet edited: Discord turns the first follow-up into the edit (see Interactions.followup). */
  awaitingDeferredEdit = false;
  /** The original was edited through the webhook (after a deferral or a deferred update). */
  originalEdited = false;
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
    // A deferred update's original is the component's message: its answer is the edit that follows.
    if (cb.type === 6 ? this.originalEdited : this.original && this.original.content + JSON.stringify(this.original.embeds) !== '[]') {
      return this.original!;
    }
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

export class Interactions {
  private readonly handles = new Map<string, InteractionHandle>();

  constructor(
    private readonly world: World,
    private readonly dispatchToGuild: (guildId: string, t: string, d: unknown) => void,
    private readonly commands: Map<string, Command[]>,
  ) {}

  byToken(token: string): InteractionHandle | undefined {
    for (const handle of this.handles.values()) if (handle.token === token) return handle;
    return undefined;
  }

  // ── what members do ──────────────────────────────────────────────────────

  /**
   * Runs a slash command; options are typed from the registered command definition. `path` names
   * a subcommand group and subcommand (`['phrase', 'add']`) or just a subcommand.
   */
  slash(channel: Channel, user: User, name: string, options: Record<string, unknown> = {}, path: string[] = []): InteractionHandle {
    const command = this.findCommand(name, channel.guild_id);
    const { defs, wrap } = subcommandPath(command, path);
    const resolved: Record<string, Record<string, unknown>> = {};
    const optionList = Object.entries(options).map(([optionName, value]) => {
      const type = defs.find((d) => d.name === optionName)?.type ?? (typeof value === 'boolean' ? 5 : 3);
      if (type === 6) {
        const target = value as User;
        (resolved.users ??= {})[target.id] = target;
        const member = this.world.guilds.get(channel.guild_id)?.members.get(target.id);
        // As Discord does, a resolved member carries its permissions in the channel.
        if (member) {
          const permissions = this.world.permissionsOf(target.id, channel).toString();
          (resolved.members ??= {})[target.id] = { ...memberJson(this.world.guilds.get(channel.guild_id)!, target.id, false), permissions };
        }
        return { name: optionName, type, value: target.id };
      }
      if (type === 7) {
        const target = value as Channel;
        // Discord offers only the channel types the option names.
        const allowed = defs.find((d) => d.name === optionName)?.channel_types;
        if (allowed && !allowed.includes(target.type)) throw new Error(`Discord offers no channel of type ${target.type} for option ${optionName}`);
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
    const { wrap } = subcommandPath(command, path);
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
      resolved: { messages: { [target.id]: messageJson(target) } },
    });
  }

  click(message: Message, customId: string, user: User): InteractionHandle {
    assertComponent(message, customId, 2);
    return this.interact(this.world.channel(message.channel_id), user, 3, { custom_id: customId, component_type: 2 }, message);
  }

  select(message: Message, customId: string, values: string[], user: User): InteractionHandle {
    assertComponent(message, customId, 3);
    return this.interact(
      this.world.channel(message.channel_id),
      user,
      3,
      { custom_id: customId, component_type: 3, values },
      message,
    );
  }

  private findCommand(name: string, guildId: string) {
    return [...(this.commands.get(guildId) ?? []), ...(this.commands.get('global') ?? [])].find((c) => c.name === name);
  }

  private interact(channel: Channel, user: User, type: number, data: Record<string, unknown>, message?: Message): InteractionHandle {
    const id = snowflake();
    const token = `itoken-${id}`;
    const handle = new InteractionHandle(id, token, type, channel.id, channel.guild_id, user);
    handle.source = message;
    this.handles.set(id, handle);
    if (this.handles.size > HANDLE_LIMIT) this.handles.delete(this.handles.keys().next().value!);
    const guild = this.world.guilds.get(channel.guild_id)!;
    const payload = {
      id,
      application_id: this.world.applicationId,
      type,
      data,
      guild_id: guild.id,
      guild: { id: guild.id, features: [], locale: 'en-US' },
      channel_id: channel.id,
      channel: channelJson(channel),
      member: { ...memberJson(guild, user.id, true), permissions: this.world.permissionsOf(user.id, channel).toString() },
      token,
      version: 1,
      app_permissions: this.world.permissionsOf(this.world.bot.id, channel).toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...(message ? { message: messageJson(message) } : {}),
    };
    this.dispatchToGuild(guild.id, 'INTERACTION_CREATE', payload);
    return handle;
  }

  // ── what the bot answers (REST) ──────────────────────────────────────────

  /** POST /interactions/:id/:token/callback: once, within 3 seconds, of a type the interaction allows. */
  callback(id: string, token: string, cb: InteractionCallback, withResponse: boolean): RestResult {
    const handle = this.handles.get(id);
    if (!handle || handle.token !== token) return refuse(404, 10062, 'Unknown interaction');
    if (Date.now() - handle.createdAt > INTERACTION_DEADLINE_MS) return refuse(404, 10062, 'Unknown interaction');
    if (handle.callbacks.length) return refuse(400, 40060, 'Interaction has already been acknowledged.');
    if (!ALLOWED_CALLBACKS[handle.type]?.includes(cb.type)) {
      return refuse(400, 50035, 'Invalid Form Body', [`type: callback ${cb.type} is not valid for interaction type ${handle.type}`]);
    }
    const invalid = invalidForm(cb.type === 8 ? validateChoices(cb.data?.choices) : cb.data ? validateMessage(cb.data) : []);
    if (invalid) return invalid;
    // A reply shows its message at once; an update leaves the component's message as edited.
    const empty = cb.type === 4 ? isEmptyMessage(cb.data ?? {}) : cb.type === 7 && handle.source ? isEmptyMessage(cb.data ?? {}, handle.source) : false;
    if (empty) return refuse(400, 50006, 'Cannot send an empty message');
    const callback = { ...cb, at: Date.now() };
    handle.callbacks.push(callback);
    if (cb.type === 4 || cb.type === 5) {
      const flags = (cb.data?.flags ?? 0) & 64;
      handle.original = this.world.storeBotMessage(handle.channelId, { ...(cb.data ?? {}), flags }, { interaction: handle });
      handle.awaitingDeferredEdit = cb.type === 5;
    } else if (cb.type === 7 && handle.source) {
      this.world.applyEdit(handle.source, cb.data ?? {});
      handle.original = handle.source;
    } else if (cb.type === 6 && handle.source) {
      // A deferred update's original is the component's message: editing it later edits that message.
      handle.original = handle.source;
    }
    handle.emit('callback', callback);
    if (!withResponse) return noContent();
    return ok({
      interaction: { id: handle.id, type: handle.type },
      resource: { type: cb.type, ...(handle.original ? { message: messageJson(handle.original) } : {}) },
    });
  }

  /** POST /webhooks/:app/:token: a follow-up, once the interaction has been answered. */
  followup(handle: InteractionHandle, body: MessageBody): RestResult {
    const invalid = invalidForm(validateMessage(body));
    if (invalid) return invalid;
    if (!handle.callbacks.length) return refuse(404, 10015, 'Unknown Webhook');
    if (isEmptyMessage(body)) return refuse(400, 50006, 'Cannot send an empty message');
    // As Discord does: the first follow-up after a deferral edits the "thinking…" message instead,
    // and that message keeps the deferral's visibility whatever the follow-up's flags say.
    if (handle.awaitingDeferredEdit && handle.original && this.world.messages.has(handle.original.id)) {
      const { flags: _ignored, ...edit } = body;
      return this.editMessage(handle, '@original', edit);
    }
    const message = this.world.storeBotMessage(handle.channelId, body, { interaction: handle });
    handle.followups.push(message);
    handle.emit('followup', message);
    return ok(messageJson(message));
  }

  /** PATCH /webhooks/:app/:token/messages/:message: edits the original or a follow-up. */
  editMessage(handle: InteractionHandle, which: string, body: MessageBody): RestResult {
    const target = this.webhookMessage(handle, which);
    if (!target) return refuse(404, 10008, 'Unknown Message');
    const invalid = invalidForm(validateMessage(body));
    if (invalid) return invalid;
    if (isEmptyMessage(body, target)) return refuse(400, 50006, 'Cannot send an empty message');
    this.world.applyEdit(target, body);
    if (which === '@original') {
      handle.awaitingDeferredEdit = false;
      handle.originalEdited = true;
      handle.emit('original', target);
    }
    return ok(messageJson(target));
  }

  /**
   * A message the interaction's token may reach: its original or one of its follow-ups ("a
   * previously-sent webhook message from the same token"), while it still exists.
   */
  webhookMessage(handle: InteractionHandle, which: string): Message | undefined {
    const target = which === '@original' ? handle.original : handle.followups.find((m) => m.id === which);
    return target && this.world.messages.has(target.id) ? target : undefined;
  }
}

/** The option definitions at a subcommand path, and how to nest options under it. */
function subcommandPath(command: Record<string, unknown> | undefined, path: string[]) {
  type Def = { name: string; type: number; options?: Def[]; channel_types?: number[] };
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

function assertComponent(message: Message, customId: string, type: number): void {
  const found = message.components.some((row) => (row.components ?? []).some((c) => c.custom_id === customId && c.type === type));
  if (!found) throw new Error(`Message ${message.id} has no component ${customId} of type ${type}`);
}
