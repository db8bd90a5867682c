import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoViolations, replyTo, startWorld, stopWorld, type World } from './harness.js';

const FIX = 'Send Spotify fix';

describe('"Send Spotify fix" on a message no mention reaches', () => {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => stopWorld(world));
  expectNoViolations(() => world);

  it('posts the fix under a webhook\'s or another bot\'s message, addressed to nobody, and tells the helper so', async () => {
    const { standin, guild, helper } = world!;
    // A proxy (PluralKit) or a bridge posts members' words through a webhook, under an author that is no member.
    const proxied = standin.say(guild.general, standin.makeUser('Alex (proxied)', undefined, true), 'spotify shows Error code: accounts:406', { webhook: true });
    const relayed = standin.say(guild.general, standin.addMember(guild, 'ticket-bot', { bot: true }), 'New ticket: Spotify says Error code: accounts:406');
    for (const target of [proxied, relayed]) {
      const confirmation = await standin.messageCommand(guild.general, helper, FIX, target).reply();
      const fix = await replyTo(world!, target);
      expect(fix.content).toBe(`Here is the fix for \`accounts:406\` (sent by <@${helper.id}>).`);
      expect(fix.embeds[0]!.title).toMatch(/^accounts:406/);
      expect(standin.pingsOf(fix)).toEqual({ users: [], roles: [], everyone: false });
      const said = await standin.waitForBotMessage((m) => m.id === confirmation.id && m.content !== '');
      expect(said.content).toBe('Sent `accounts:406` as a reply to that message (a bot or a webhook posted it: nobody was mentioned).');
    }
  });
});
