import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, freePort } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, handled, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
let port = 0;
beforeAll(async () => {
  port = await freePort();
  world = await startWorld({
    env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.parent_id!, HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' }),
  });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

describe('a flood of pasted errors while Discord rate-limits replies', () => {
  it('bounds the replies it keeps waiting, drops the rest with one log line, and still answers slash commands', async () => {
    const { standin, guild, member, bot } = world!;
    // Every reply in a channel waits behind a 429 for a while, as under Discord's global limit.
    standin.inject({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfter: 2, times: 60 });
    const posts = Array.from({ length: 60 }, (_, i) => {
      const channel = standin.addChannel(guild, `help-${i}`, CHANNEL.Text, guild.help.parent_id);
      return standin.say(channel, standin.addMember(guild, `flooder-${i}`), 'Error code: auth:3');
    });
    const slash = await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:73' }).reply();
    expect(slash.embeds[0]!.title).toMatch(/^auth:73/);
    const outcomes = await handled(world!, posts, 'message', 60_000);
    const dropped = outcomes.filter((o) => o === 'overloaded').length;
    expect(dropped).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((o) => o === 'replied').length).toBe(60 - dropped);
    expect(bot.logs.filter((l) => l.msg.startsWith('flood: automatic replies dropped')).length).toBeGreaterThanOrEqual(1);
    expect(bot.logs.filter((l) => l.msg.startsWith('flood:')).length).toBeLessThan(5);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, number>;
    expect(health.autoRepliesDropped).toBe(dropped);
    expect(health.autoRepliesWorking).toBe(0);
  }, 90_000);
});
