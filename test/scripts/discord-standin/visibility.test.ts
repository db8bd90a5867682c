import { describe, expect, it } from 'vitest';
import { CHANNEL, P, type Channel } from '../../../scripts/discord-standin/index.js';
import { api, GatewayClient, useStandIn, type Dispatch } from './helpers.js';

const world = useStandIn();

const CHANNEL_EVENTS = ['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'MESSAGE_DELETE_BULK', 'THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_MEMBER_UPDATE'];

/**
 * The channel events the bot received since `mark`, up to a message posted in #spotify-help after
 * them: events arrive in order, so one the bot should not get would have come before it.
 */
async function channelEventsSince(mark: number): Promise<Dispatch[]> {
  const { standin, guild, member, gateway } = world;
  const after = standin.say(guild.help, member, 'after');
  await gateway.next('MESSAGE_CREATE', (d) => d.d.id === after.id);
  return gateway.since(mark, ...CHANNEL_EVENTS).filter((d) => d.d.id !== after.id);
}

/** A channel only moderators see: @everyone denied View Channel, the moderator role allowed it. */
function staffOnly(): Channel {
  const { standin, guild } = world;
  const channel = standin.addChannel(guild, 'staff-only');
  channel.permission_overwrites.push(
    { id: guild.id, type: 0, allow: '0', deny: P.ViewChannel.toString() },
    { id: guild.moderatorRoleId, type: 0, allow: P.ViewChannel.toString(), deny: '0' },
  );
  return channel;
}

describe('channels the bot cannot view (Discord sends it nothing of what happens there)', () => {
  it('no message or thread events where a member overwrite or the roles take View Channel away', async () => {
    const { standin, guild, member, gateway } = world;
    const denied = standin.addChannel(guild, 'no-bots');
    const thread = standin.addThread(guild, denied, 'a thread there', member);
    const message = standin.say(denied, member, 'Error code: auth:3');
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === message.id);
    standin.denyBot(denied, P.ViewChannel);
    const staff = staffOnly();
    const moderator = standin.addMember(guild, 'moderator', { moderator: true });
    const mark = gateway.dispatches.length;

    standin.edit(message, 'Error code: auth:5');
    standin.delete(message);
    const purged = [standin.say(denied, member, 'one'), standin.say(thread, member, 'two')];
    standin.purge(purged);
    standin.updateThread(thread, { archived: true });
    standin.addThread(guild, denied, 'another thread', member);
    standin.say(staff, moderator, 'Error code: auth:3');
    standin.addThread(guild, staff, 'staff thread', moderator);
    expect(await channelEventsSince(mark)).toEqual([]);
  });

  it('no posts from a forum it cannot view', async () => {
    const { standin, guild, member, gateway } = world;
    standin.denyBot(guild.forum, P.ViewChannel);
    const mark = gateway.dispatches.length;
    standin.addForumPost(guild, guild.forum, { title: 'Spotify will not log in', content: 'Error code: auth:3', owner: member });
    expect(await channelEventsSince(mark)).toEqual([]);
  });

  it('gaining View Channel sends THREAD_LIST_SYNC with the channel’s active threads, then its events', async () => {
    const { standin, guild, member, gateway } = world;
    const channel = standin.addChannel(guild, 'opened-later');
    standin.denyBot(channel, P.ViewChannel);
    const open = standin.addThread(guild, channel, 'open thread', member);
    const archived = standin.addThread(guild, channel, 'archived thread', member);
    standin.updateThread(archived, { archived: true });
    standin.allowBot(channel, P.ViewChannel);
    const sync = await gateway.next('THREAD_LIST_SYNC');
    expect(sync.d).toMatchObject({ guild_id: guild.id, channel_ids: [channel.id], members: [] });
    expect(sync.d.threads.map((t: { id: string }) => t.id)).toEqual([open.id]);
    const message = standin.say(open, member, 'Error code: auth:3');
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === message.id);
  });

  it('GUILD_CREATE carries only the threads it can view; REST refuses the channel (50001)', async () => {
    const { standin, guild, member } = world;
    const seen = standin.addThread(guild, guild.help, 'seen', member);
    const hidden = standin.addThread(guild, staffOnly(), 'hidden', member);
    world.gateway.close();
    const again = await GatewayClient.connect(standin);
    const created = await again.next('GUILD_CREATE', (d) => d.d.id === guild.id);
    expect(created.d.threads.map((t: { id: string }) => t.id)).toEqual([seen.id]);
    again.close();
    expect((await api(standin, 'GET', `/channels/${hidden.id}`)).json.code).toBe(50001);
    standin.violations.length = 0;
  });
});

describe('private threads', () => {
  it('are sent to the bot only once it is added to one (THREAD_CREATE), or when it may manage threads', async () => {
    const { standin, guild, member, gateway } = world;
    const secret = standin.addThread(guild, guild.help, 'just us', member, { private: true });
    expect(secret.type).toBe(CHANNEL.PrivateThread);
    const mark = gateway.dispatches.length;
    standin.say(secret, member, 'Error code: auth:3');
    expect(await channelEventsSince(mark)).toEqual([]);
    expect((await api(standin, 'GET', `/channels/${secret.id}`)).json.code).toBe(50001);
    standin.violations.length = 0;

    standin.addToThread(secret, standin.bot);
    expect((await gateway.next('THREAD_CREATE', (d) => d.d.id === secret.id)).d.type).toBe(CHANNEL.PrivateThread);
    const asked = standin.say(secret, member, 'Error code: auth:5');
    await gateway.next('MESSAGE_CREATE', (d) => d.d.id === asked.id);

    standin.allowBot(guild.general, P.ManageThreads);
    const moderated = standin.addThread(guild, guild.general, 'moderators see it', member, { private: true });
    await gateway.next('THREAD_CREATE', (d) => d.d.id === moderated.id);
  });
});
