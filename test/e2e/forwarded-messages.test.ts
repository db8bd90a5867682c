import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Message, User } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, replyTo, startWorld, stopWorld, type World } from './harness.js';

const FIX = 'Send Spotify fix';

/**
 * A member forwards a message (from another channel or server): the forward has no text of its own,
 * and Discord sends what it forwards as its snapshot.
 */
function forward(world: World, channel: Channel, by: User, content: string): Message {
  const original = world.standin.say(world.guild.help, world.member, content);
  const forwarded = world.standin.say(channel, by, '');
  const { type, timestamp, edited_timestamp, flags, mentions, mention_roles, attachments, embeds } = original;
  Object.assign(forwarded, {
    message_reference: { type: 1, message_id: original.id, channel_id: original.channel_id, guild_id: original.guild_id },
    message_snapshots: [{ message: { type, content, timestamp, edited_timestamp, flags, mentions, mention_roles, attachments, embeds } }],
  });
  return forwarded;
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
