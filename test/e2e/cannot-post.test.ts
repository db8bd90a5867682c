import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, P } from '../../scripts/discord-standin/index.js';
import { expectNoViolations, expectRefused, handled, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
beforeAll(async () => {
  // Automatic replies on in the support category: its channels, muted or not.
  world = await startWorld({ env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.parent_id! }) });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

/** A new member each time, so cooldowns do not mix tests. */
const newMember = (name = 'asker') => world!.standin.addMember(world!.guild, `${name}-${Math.random().toString(36).slice(2, 7)}`);

describe('a member who asks the bot where it may not post', () => {
  it('is told so in a DM naming the channel and what the bot lacks, without their words, pinging nobody', async () => {
    const { standin, guild } = world!;
    const muted = standin.addChannel(guild, 'no-bots', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const asker = newMember();
    const ask = standin.say(muted, asker, `<@${standin.bot.id}> Error code: auth:3 and my email is someone@example.com`);
    expect(await handled(world!, [ask])).toEqual(['send-failed']);
    const dms = standin.dmsTo(asker);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.content).toBe(
      `I can't answer you in <#${muted.id}>: I'm not allowed to post there (I need Send Messages). ` +
        'Ask a moderator there, or use `/spotify-error` with `private:True`, which answers you privately anywhere.',
    );
    expect(dms[0]!.allowed_mentions).toMatchObject({ parse: [], users: [], roles: [] });
    expect(standin.pingsOf(dms[0]!)).toEqual({ users: [], roles: [], everyone: false });
    expect(standin.botMessages(muted.id)).toEqual([]);
  });

  it('names Send Messages in Threads in a thread', async () => {
    const { standin, guild } = world!;
    const parent = standin.addChannel(guild, 'threads-only-read', CHANNEL.Text);
    const asker = newMember();
    const thread = standin.addThread(guild, parent, 'my spotify problem', asker);
    standin.denyBot(parent, P.SendMessagesInThreads);
    const ask = standin.say(thread, asker, `<@${standin.bot.id}> Error code: auth:3`);
    expect(await handled(world!, [ask])).toEqual(['send-failed']);
    expect(standin.dmsTo(asker).map((m) => m.content)).toEqual([expect.stringContaining('(I need Send Messages in Threads)')]);
  });

  it('hears nothing more when their DMs are closed, and the bot carries on', async () => {
    const { standin, guild } = world!;
    const muted = standin.addChannel(guild, 'no-bots-closed-dms', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const asker = newMember();
    standin.closeDms(asker);
    const ask = standin.say(muted, asker, `<@${standin.bot.id}> Error code: auth:3`);
    expect(await handled(world!, [ask])).toEqual(['send-failed']);
    expectRefused(world!, `POST /channels/${standin.world.dmWith(asker.id)!.id}/messages`, 50007);
    expect(standin.dmsTo(asker)).toEqual([]);
    const elsewhere = standin.say(guild.general, newMember(), `<@${standin.bot.id}> Error code: auth:3`);
    expect((await replyTo(world!, elsewhere)).embeds[0]!.title).toMatch(/^auth:3 /);
  });

  it('sends no DM for an automatic reply it could not post: nobody asked', async () => {
    const { standin, guild } = world!;
    const muted = standin.addChannel(guild, 'muted-support', CHANNEL.Text, guild.help.parent_id);
    standin.denyBot(muted, P.SendMessages);
    const paster = newMember();
    const pasted = standin.say(muted, paster, 'Spotify says: Error code: auth:3');
    expect(await handled(world!, [pasted])).toEqual(['send-failed']);
    expect(standin.dmsTo(paster)).toEqual([]);
  });

  it('answers /spotify-error where it may not post, since an interaction is answered without posting', async () => {
    const { standin, guild } = world!;
    const muted = standin.addChannel(guild, 'no-bots-slash', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const answer = await standin.slash(muted, newMember(), 'spotify-error', { query: 'auth:3' }).reply();
    expect(answer.embeds[0]!.title).toMatch(/^auth:3 /);
  });

  it('is told so in a help forum where it may not post in posts: for an opening message or a later one that mentions it, not for one that does not', async () => {
    const { standin, guild, helper } = world!;
    const mute = standin.addForum(guild, 'mute-help-forum', { parentId: null });
    standin.denyBot(mute, P.SendMessagesInThreads);
    await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: mute }, ['forum', 'add']).reply();
    const line = `I can't answer you in <#{id}>: I'm not allowed to post there (I need Send Messages in Threads). `;
    const asker = newMember();
    const asked = standin.addForumPost(guild, mute, { title: 'spotify broken', content: `<@${standin.bot.id}> Error code: auth:3`, owner: asker });
    await handled(world!, [asked.starter]);
    expect(standin.dmsTo(asker).map((m) => m.content)).toEqual([expect.stringContaining(line.replace('{id}', asked.thread.id))]);
    expect(standin.botMessages(asked.thread.id)).toEqual([]);
    // Nobody asked: silent, as automatic replies are.
    const paster = newMember();
    const pasted = standin.addForumPost(guild, mute, { title: 'spotify broken', content: 'Error code: auth:3', owner: paster });
    await handled(world!, [pasted.starter]);
    expect(standin.dmsTo(paster)).toEqual([]);
    // A later message of that post that asks the bot.
    const later = standin.say(pasted.thread, paster, `<@${standin.bot.id}> any idea?`);
    expect(await handled(world!, [later])).toEqual(['send-failed']);
    expect(standin.dmsTo(paster).map((m) => m.content)).toEqual([expect.stringContaining(line.replace('{id}', pasted.thread.id))]);
    await standin.slash(guild.help, helper, 'spotify-error-admin', { forum: mute }, ['forum', 'remove']).reply();
  });
});
