import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../scripts/discord-standin/index.js';
import { botMessagesAfter, expectNoViolations, markBotMessages, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
beforeAll(async () => {
  world = await startWorld({
    messageContentEnabled: false,
    env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id }),
  });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

describe('without the Message Content intent (gateway close 4014)', () => {
  it('logs one clear line and reconnects without the intent instead of crashing or looping', () => {
    const { standin, bot } = world!;
    const refusals = bot.logs.filter((l) => String(l.msg).includes('Message Content intent'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.msg).toContain('Developer Portal → your application → Bot → Privileged Gateway Intents');
    expect(standin.identifies).toHaveLength(1);
    expect(standin.identifies[0]!.intents & INTENTS.MessageContent).toBe(0);
    expect(bot.child.exitCode).toBeNull();
  });

  it('still answers slash commands and @mentions, and cannot read other messages', async () => {
    const { standin, guild, member } = world!;
    const slash = await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:3' }).reply();
    expect(slash.embeds[0]!.title).toMatch(/^auth:3/);
    const ask = standin.say(guild.general, member, `<@${standin.bot.id}> Error code: accounts:103`);
    expect((await replyTo(world!, ask)).embeds[0]!.title).toMatch(/^accounts:103/);
    const mark = markBotMessages(world!);
    const pasted = standin.say(guild.help, standin.addMember(guild, 'paster'), 'Error code: auth:73');
    expect(await botMessagesAfter(world!, mark, [pasted])).toEqual([]);
  });
});

describe('moderators, without the Message Content intent', () => {
  it('are told in the settings answers that automatic replies cannot read pasted errors, not only in a log channel they may not have', async () => {
    const { standin, guild, helper } = world!;
    const turnedOn = await standin.slash(guild.help, helper, 'spotify-error-admin', { enabled: true }, ['settings', 'auto-replies']).reply();
    expect(turnedOn.flags & 64).toBe(64);
    expect(turnedOn.content).toContain('Automatic replies are now **on**.');
    expect(turnedOn.content).toContain('Discord refused the Message Content intent, so automatic replies to pasted errors are off.');
    const shown = await standin.slash(guild.help, helper, 'spotify-error-admin', {}, ['settings', 'show']).reply();
    expect(shown.content).toContain('Privileged Gateway Intents');
  });
});
