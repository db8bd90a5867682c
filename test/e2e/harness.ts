import { afterEach, expect } from 'vitest';
import { commandPayloads } from '../../src/commands/index.js';
import { BotProcess, DiscordStandIn, startBotProcess, type StandInOptions } from '../../scripts/discord-standin/index.js';

export interface World {
  standin: DiscordStandIn;
  bot: BotProcess;
  guild: ReturnType<DiscordStandIn['addGuild']>;
  member: ReturnType<DiscordStandIn['makeUser']>;
  helper: ReturnType<DiscordStandIn['makeUser']>;
}

/** A stand-in with one server, a member and a moderator, commands registered, and the real bot running. */
export async function startWorld(
  options: StandInOptions & { env?: Record<string, string>; registerCommands?: boolean } = {},
): Promise<World> {
  const standin = await new DiscordStandIn(options).start();
  const guild = standin.addGuild();
  const member = standin.addMember(guild, 'listener');
  const helper = standin.addMember(guild, 'helper', { moderator: true });
  if (options.registerCommands !== false) {
    standin.commands.set('global', commandPayloads().map((c, i) => ({ ...c, id: `12000000000000000${i}`, name: c.name })));
  }
  const bot = startBotProcess(standin.botEnv(options.env));
  try {
    await bot.ready();
  } catch (error) {
    await bot.stop();
    await standin.stop();
    throw error;
  }
  return { standin, bot, guild, member, helper };
}

export async function stopWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await world.bot.stop();
  await world.standin.stop();
}

/** Fails the test if the bot sent Discord anything Discord would have refused. */
export function expectNoViolations(world: () => World | undefined): void {
  afterEach(() => {
    const w = world();
    if (w) {
      expect(w.bot.child.exitCode, `bot exited:\n${w.bot.stderr}`).toBeNull();
      const unexpected = w.standin.violations;
      w.standin.violations.length = 0;
      expect(unexpected).toEqual([]);
    }
  });
}
