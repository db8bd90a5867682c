import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Message, User } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, replyTo, startWorld, stopWorld, type World } from './harness.js';

const FIX = 'Send Spotify fix';

/**
 * A member forwards a message (from another channel or server): the forward has no text of its own,
 * and Discord sends what it forwards as its snapshot.
 */
function forward(world: World, channel: Channel, by: User, content: string, from: Channel = world.guild.help): Message {
  const original = world.standin.say(from, world.member, content);
  return world.standin.say(channel, by, '', { forwards: original });
}

describe('a forwarded message, asked about', () => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('"Send Spotify fix" sends the fix for the error it forwards', async () => {
    const { standin, guild, member, helper } = world!;
    const forwarded = forward(world!, guild.general, member, 'Spotify says Error code: accounts:406');
    const confirmation = await standin.messageCommand(guild.general, helper, FIX, forwarded).reply();
    const fix = await replyTo(world!, forwarded);
    expect(fix.content).toBe(`<@${member.id}>, here is the fix for \`accounts:406\` (sent by <@${helper.id}>).`);
    await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content.startsWith('Sent `accounts:406`'));
  });

  it('a bare @mention replying to it asks about the error it forwards', async () => {
    const { standin, guild, member } = world!;
    const forwarded = forward(world!, guild.general, member, 'Spotify says Error code: accounts:127');
    const ask = standin.say(guild.general, standin.addMember(guild, 'another-helper'), `<@${standin.bot.id}>`, { replyTo: forwarded });
    expect((await replyTo(world!, ask)).embeds[0]!.title).toMatch(/^accounts:127 /);
  });
});

describe('a forwarded message, unasked', () => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id }) });
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('forwarded into a channel with automatic replies, the error it forwards is answered, as if pasted there', async () => {
    const { guild, member } = world!;
    const forwarded = forward(world!, guild.help, member, 'Spotify says Error code: accounts:406', guild.general);
    const reply = await replyTo(world!, forwarded);
    expect(reply.embeds[0]!.title).toMatch(/^accounts:406 /);
  });
});
