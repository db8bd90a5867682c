import { afterEach, expect } from 'vitest';
import { commandPayloads } from '../../src/commands/index.js';
import {
  BotProcess,
  DiscordStandIn,
  startBotProcess,
  temporaryDatabaseUrl,
  type Message,
  type StandInOptions,
} from '../../scripts/discord-standin/index.js';

export interface World {
  standin: DiscordStandIn;
  bot: BotProcess;
  guild: ReturnType<DiscordStandIn['addGuild']>;
  member: ReturnType<DiscordStandIn['makeUser']>;
  helper: ReturnType<DiscordStandIn['makeUser']>;
  /** The bot's environment, DATABASE_URL included. */
  env: Record<string, string>;
}

/** A stand-in with one server, a member and a moderator, commands registered, and the real bot running. */
export async function startWorld(
  options: StandInOptions & {
    env?: Record<string, string> | ((guild: World['guild']) => Record<string, string>);
    registerCommands?: boolean;
  } = {},
): Promise<World> {
  const standin = await new DiscordStandIn(options).start();
  const guild = standin.addGuild();
  const member = standin.addMember(guild, 'listener');
  const helper = standin.addMember(guild, 'helper', { moderator: true });
  if (options.registerCommands !== false) {
    standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `12000000000000000${i}`, name: c.name })));
  }
  const env = {
    DATABASE_URL: temporaryDatabaseUrl(),
    ...(typeof options.env === 'function' ? options.env(guild) : options.env),
  };
  const bot = startBotProcess(standin.botEnv(env));
  try {
    await bot.ready();
  } catch (error) {
    await bot.stop();
    await standin.stop();
    throw error;
  }
  return { standin, bot, guild, member, helper, env };
}

/** Stops the bot process and starts a new one on the same stand-in and database; `whileStopped` runs in between. */
export async function restartBot(world: World, whileStopped?: () => void): Promise<void> {
  expect(await world.bot.stop()).toBe(0);
  whileStopped?.();
  world.bot = startBotProcess(world.standin.botEnv(world.env));
  await world.bot.ready();
}

export async function stopWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await world.bot.stop();
  await world.standin.stop();
}

/**
 * For tests that start their own stand-in and bot: `track(thing)` returns it and stops it after the
 * test, the last started first. A tracked stand-in then fails the test on anything Discord would
 * have refused, as `expectNoViolations` does for a world.
 */
export function stopAfterEach(): <T extends { stop(): Promise<unknown> }>(thing: T) => T {
  const started: Array<{ stop(): Promise<unknown> }> = [];
  afterEach(async () => {
    const stopped = started.splice(0).reverse();
    for (const thing of stopped) await thing.stop();
    for (const thing of stopped) if (thing instanceof DiscordStandIn) expect(thing.violations.splice(0)).toEqual([]);
  });
  return (thing) => {
    started.push(thing);
    return thing;
  };
}

/** Fails the test if the bot sent Discord anything Discord would have refused. */
export function expectNoViolations(world: () => World | undefined): void {
  afterEach(() => {
    const w = world();
    if (w) {
      expect(w.bot.child.exitCode, `bot exited:\n${w.bot.stderr}`).toBeNull();
      // A copy: the list is emptied for the next test.
      const unexpected = w.standin.violations.splice(0);
      expect(unexpected).toEqual([]);
    }
  });
}

/**
 * Takes the refusals a test expects out of the stand-in's violations (a channel the bot may only
 * learn it cannot see by asking for it), and checks there was one: any other refusal still fails the test.
 */
export function expectRefused(world: World, route: string, code: number): void {
  const { violations } = world.standin;
  const expected = violations.filter((v) => v.route === route && v.code === code);
  expect(expected, `a refused ${route} (${code})`).not.toEqual([]);
  violations.splice(0, violations.length, ...violations.filter((v) => !expected.includes(v)));
}

/** The IDs of the bot's messages so far, to compare with later. */
export function markBotMessages(world: World): Set<string> {
  return new Set(world.standin.botMessages().map((m) => m.id));
}

/**
 * Resolves once the bot has handled each of these messages (or edits, or deletes), with what it
 * did: the bot logs one debug line per event with the message ID and the outcome, never the text.
 */
export async function handled(
  world: World,
  messages: readonly Message[],
  event: 'message' | 'edit' | 'delete' = 'message',
  timeoutMs = 30_000,
): Promise<string[]> {
  const lines = await Promise.all(
    messages.map((m) => world.bot.waitForLog((l) => l.msg === `${event} handled` && l.message === m.id, timeoutMs)),
  );
  return lines.map((l) => String(l.outcome));
}

/** What the bot posted since `mark`, once it has handled these messages. */
export async function botMessagesAfter(world: World, mark: Set<string>, messages: readonly Message[]): Promise<Message[]> {
  await handled(world, messages);
  return world.standin.botMessages().filter((m) => !mark.has(m.id));
}

/** The bot's reply to a message, once it arrives. */
export function replyTo(world: World, message: Message, timeoutMs = 5000): Promise<Message> {
  return world.standin.waitForBotMessage((m) => m.message_reference?.message_id === message.id, timeoutMs);
}
