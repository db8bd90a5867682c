import { describe, expect, it } from 'vitest';
import { CHANNEL, DiscordStandIn, P } from '../../../scripts/discord-standin/index.js';
import { compilePattern } from '../../../scripts/discord-standin/rest.js';
import { ROUTES } from '../../../scripts/discord-standin/routes.js';
import { api, GatewayClient, useStandIn } from './helpers.js';

const world = useStandIn();

describe('the route table', () => {
  it('compiles patterns: IDs by default, or the pattern given', () => {
    const webhook = compilePattern('/webhooks/:app/:token([^/]+)/messages/:message(@original|\\d+)');
    expect(webhook.exec('/webhooks/11/itoken-22/messages/@original')?.groups).toEqual({ app: '11', token: 'itoken-22', message: '@original' });
    expect(webhook.exec('/webhooks/11/itoken-22/messages/abc')).toBeNull();
    expect(compilePattern('/channels/:channel').exec('/channels/not-an-id')).toBeNull();
    expect(compilePattern('/users/@me').test('/users/@me')).toBe(true);
  });

  it('has one entry per method and path', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answers the bot token and refuses a wrong or missing one with 401 (not a violation)', async () => {
    const { standin } = world;
    expect((await api(standin, 'GET', '/users/@me')).json).toMatchObject({ id: standin.bot.id, bot: true });
    expect(await api(standin, 'GET', '/users/@me', undefined, { token: 'wrong' })).toMatchObject({ status: 401, json: { message: '401: Unauthorized', code: 0 } });
    expect((await api(standin, 'GET', '/gateway/bot', undefined, { token: null })).status).toBe(401);
    expect(standin.violations).toEqual([]);
    expect(standin.requests.map((r) => r.status)).toEqual([200, 401, 401]);
  });

  it('authorises interaction callbacks and webhooks by the token in their path', async () => {
    const { standin, guild, member, gateway } = world;
    const handle = standin.slash(guild.help, member, 'anything');
    const created = await gateway.next('INTERACTION_CREATE');
    expect(created.d).toMatchObject({ id: handle.id, token: handle.token, channel_id: guild.help.id });
    const path = `/interactions/${handle.id}/${handle.token}/callback`;
    expect((await api(standin, 'POST', path, { type: 4, data: { content: 'hi' } }, { token: null })).status).toBe(204);
    expect((await handle.reply()).content).toBe('hi');
    const followup = await api(standin, 'POST', `/webhooks/${standin.applicationId}/${handle.token}`, { content: 'more' }, { token: null });
    expect(followup.status).toBe(200);
    expect((await handle.followup()).content).toBe('more');
    expect(standin.violations).toEqual([]);

    // A second callback, and a token nobody issued, are refused like Discord does.
    expect((await api(standin, 'POST', path, { type: 4, data: { content: 'again' } }, { token: null })).json).toMatchObject({ code: 40060 });
    expect((await api(standin, 'POST', `/webhooks/${standin.applicationId}/nope`, { content: 'x' }, { token: null })).json).toMatchObject({ code: 10015 });
    expect(standin.violations.map((v) => v.code)).toEqual([40060, 10015]);
  });

  it("edits a component's message through @original after a deferred update, as Discord does", async () => {
    const { standin, guild, member } = world;
    const button = { type: 1, components: [{ type: 2, style: 2, label: 'Go', custom_id: 'go' }] };
    const posted = await api(standin, 'POST', `/channels/${guild.help.id}/messages`, { content: 'pick one', components: [button] });
    const handle = standin.click(standin.messages.get((posted.json as { id: string }).id)!, 'go', member);
    const callback = `/interactions/${handle.id}/${handle.token}/callback`;
    expect((await api(standin, 'POST', callback, { type: 6 }, { token: null })).status).toBe(204);
    const edit = await api(standin, 'PATCH', `/webhooks/${standin.applicationId}/${handle.token}/messages/@original`, { content: 'done', components: [] }, { token: null });
    expect(edit.status).toBe(200);
    expect((await handle.reply()).content).toBe('done');
    expect(standin.messages.get((posted.json as { id: string }).id)!.content).toBe('done');
    expect(standin.violations).toEqual([]);
  });

  it('records an unknown route as a violation (404), and a known path with the wrong method (405)', async () => {
    const { standin, guild } = world;
    expect(await api(standin, 'GET', '/users/@me/guilds')).toMatchObject({ status: 404, json: { code: 0, message: '404: Not Found' } });
    expect((await api(standin, 'DELETE', `/channels/${guild.help.id}`)).status).toBe(405);
    expect(standin.violations).toEqual([
      { code: 0, message: '404: Not Found', route: 'GET /users/@me/guilds', detail: [] },
      { code: 0, message: '405: Method Not Allowed', route: `DELETE /channels/${guild.help.id}`, detail: [] },
    ]);
  });

  it('injects faults: a 429 with retry-after, then a 5xx, each for the requests asked, then normal answers', async () => {
    const { standin, guild } = world;
    standin.inject({ path: /\/channels\/\d+\/messages$/, method: 'POST', status: 429, retryAfter: 0.5 });
    standin.inject({ path: /\/channels\/\d+\/messages$/, status: 502, times: 2 });
    const path = `/channels/${guild.help.id}/messages`;
    const limited = await api(standin, 'POST', path, { content: 'one' });
    expect(limited).toMatchObject({ status: 429, json: { retry_after: 0.5, global: false } });
    expect(limited.headers.get('retry-after')).toBe('0.5');
    expect((await api(standin, 'POST', path, { content: 'two' })).json).toEqual({ message: 'Injected failure', code: 0 });
    expect((await api(standin, 'GET', path)).status).toBe(502);
    expect((await api(standin, 'POST', path, { content: 'three' })).status).toBe(200);
    expect(standin.botMessages().map((m) => m.content)).toEqual(['three']);
    // Injected faults are Discord misbehaving, not the bot: no violations.
    expect(standin.violations).toEqual([]);
  });

  it('records every request with its body and status, and waitForRequest finds it', async () => {
    const { standin, guild } = world;
    const waiting = standin.waitForRequest((r) => r.method === 'POST' && r.status === 200);
    await api(standin, 'POST', `/channels/${guild.general.id}/messages`, { content: 'hello' });
    const request = await waiting;
    expect(request).toMatchObject({ path: `/api/v10/channels/${guild.general.id}/messages`, body: { content: 'hello' } });
  });
});

describe('attachments', () => {
  it('serves an attachment at its URL, a name with spaces too', async () => {
    const { standin } = world;
    const attachment = standin.attach('Screenshot 2024-05-01 at 10.00.00.png', Buffer.from('png bytes'), 'image/png');
    const response = await fetch(attachment.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(await response.text()).toBe('png bytes');
  });
});

describe('channel and message routes', () => {
  it('creates a message: MESSAGE_CREATE on the gateway, then GET and the channel history return it', async () => {
    const { standin, guild, gateway } = world;
    const posted = await api(standin, 'POST', `/channels/${guild.help.id}/messages`, { content: 'hello' });
    expect(posted.status).toBe(200);
    expect((await gateway.next('MESSAGE_CREATE', (d) => d.d.id === posted.json.id)).d).toMatchObject({ content: 'hello', author: { id: standin.bot.id } });
    expect((await api(standin, 'GET', `/channels/${guild.help.id}/messages/${posted.json.id}`)).json.content).toBe('hello');
    const second = await api(standin, 'POST', `/channels/${guild.help.id}/messages`, { content: 'again' });
    const history = await api(standin, 'GET', `/channels/${guild.help.id}/messages?limit=1`);
    expect(history.json.map((m: { id: string }) => m.id)).toEqual([second.json.id]);
    const older = await api(standin, 'GET', `/channels/${guild.help.id}/messages?before=${second.json.id}`);
    expect(older.json.map((m: { id: string }) => m.id)).toEqual([posted.json.id]);
  });

  it('answers the history empty without Read Message History, as Discord does', async () => {
    const { standin, guild, member } = world;
    standin.say(guild.general, member, 'hello');
    expect((await api(standin, 'GET', `/channels/${guild.general.id}/messages`)).json).toHaveLength(1);
    standin.denyBot(guild.general, P.ReadMessageHistory);
    expect((await api(standin, 'GET', `/channels/${guild.general.id}/messages`)).json).toEqual([]);
    expect(standin.violations).toEqual([]);
  });

  it('refuses what Discord refuses: invalid bodies, missing permissions, unknown channels and messages', async () => {
    const { standin, guild, member } = world;
    const muted = standin.addChannel(guild, 'muted', CHANNEL.Text);
    standin.denyBot(muted, P.SendMessages);
    const other = standin.say(guild.help, member, 'mine');
    const cases: Array<[string, string, unknown, number, number]> = [
      ['POST', `/channels/${guild.help.id}/messages`, { content: 'x'.repeat(2001) }, 400, 50035],
      ['POST', `/channels/${muted.id}/messages`, { content: 'hi' }, 403, 50013],
      ['POST', `/channels/${guild.forum.id}/messages`, { content: 'hi' }, 400, 50008],
      ['POST', '/channels/1/messages', { content: 'hi' }, 404, 10003],
      ['PATCH', `/channels/${guild.help.id}/messages/${other.id}`, { content: 'edited' }, 403, 50005],
      ['GET', `/channels/${guild.general.id}/messages/${other.id}`, undefined, 404, 10008],
      ['GET', '/channels/1', undefined, 404, 10003],
    ];
    for (const [method, path, body, status, code] of cases) {
      expect(await api(standin, method, path, body), `${method} ${path}`).toMatchObject({ status, json: { code } });
    }
    expect(standin.violations.map((v) => v.code)).toEqual(cases.map((c) => c[4]));
  });

  it('refuses a reply without Read Message History (160002) and a reply to a system message (50035), as "Create Message" says', async () => {
    const { standin, guild, member } = world;
    const path = `/channels/${guild.help.id}/messages`;
    const said = standin.say(guild.help, member, 'Error code: auth:73');
    // Type 18: "poster started a thread", a system message whose text is the thread's name.
    const notice = standin.say(guild.help, member, 'auth:73 help', { type: 18 });
    const reply = (id: string) => ({ content: 'answer', message_reference: { message_id: id, fail_if_not_exists: false } });
    expect((await api(standin, 'POST', path, reply(said.id))).status).toBe(200);
    expect(await api(standin, 'POST', path, reply(notice.id))).toMatchObject({ status: 400, json: { code: 50035 } });
    standin.denyBot(guild.help, P.ReadMessageHistory);
    expect(await api(standin, 'POST', path, reply(said.id))).toMatchObject({ status: 403, json: { code: 160002 } });
    expect((await api(standin, 'POST', path, { content: 'not a reply' })).status).toBe(200);
    expect(standin.violations.map((v) => v.code)).toEqual([50035, 160002]);
  });

  it('refuses GET of one message without Read Message History (50001), as "Get Channel Message" says', async () => {
    const { standin, guild, member } = world;
    const said = standin.say(guild.help, member, 'hello');
    expect((await api(standin, 'GET', `/channels/${guild.help.id}/messages/${said.id}`)).status).toBe(200);
    standin.denyBot(guild.help, P.ReadMessageHistory);
    expect(await api(standin, 'GET', `/channels/${guild.help.id}/messages/${said.id}`)).toMatchObject({ status: 403, json: { code: 50001 } });
    expect(standin.violations.map((v) => v.code)).toEqual([50001]);
  });

  it('does not reach an ephemeral message through the channel (10008), only through its interaction\'s token', async () => {
    const { standin, guild, member } = world;
    const handle = standin.slash(guild.help, member, 'anything');
    await api(standin, 'POST', `/interactions/${handle.id}/${handle.token}/callback`, { type: 4, data: { content: 'private', flags: 64 } }, { token: null });
    const { id } = await handle.reply();
    for (const [method, body] of [['GET'], ['PATCH', { content: 'edited' }], ['DELETE']] as const) {
      expect(await api(standin, method, `/channels/${guild.help.id}/messages/${id}`, body), method).toMatchObject({ status: 404, json: { code: 10008 } });
    }
    const webhook = `/webhooks/${standin.applicationId}/${handle.token}/messages/@original`;
    expect((await api(standin, 'PATCH', webhook, { content: 'edited' }, { token: null })).status).toBe(200);
    expect((await api(standin, 'DELETE', webhook, undefined, { token: null })).status).toBe(204);
    expect(standin.violations.map((v) => v.code)).toEqual([10008, 10008, 10008]);
  });

  it("reaches through an interaction's token only its own messages, while they exist (10008)", async () => {
    const { standin, guild, member } = world;
    const other = standin.say(guild.help, member, 'a member wrote this');
    const handle = standin.slash(guild.help, member, 'anything');
    await api(standin, 'POST', `/interactions/${handle.id}/${handle.token}/callback`, { type: 4, data: { content: 'public' } }, { token: null });
    const original = await handle.reply();
    const webhook = `/webhooks/${standin.applicationId}/${handle.token}/messages`;
    expect(await api(standin, 'PATCH', `${webhook}/${other.id}`, { content: 'hijacked' }, { token: null })).toMatchObject({ status: 404, json: { code: 10008 } });
    expect(other.content).toBe('a member wrote this');
    standin.delete(original);
    expect(await api(standin, 'PATCH', `${webhook}/@original`, { content: 'too late' }, { token: null })).toMatchObject({ status: 404, json: { code: 10008 } });
    expect(standin.violations.map((v) => v.code)).toEqual([10008, 10008]);
  });

  it('checks what the components reference says of link buttons and select ranges, and author.name', async () => {
    const { standin, guild } = world;
    const path = `/channels/${guild.help.id}/messages`;
    const row = (component: object) => ({ content: 'x', components: [{ type: 1, components: [component] }] });
    const options = [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }];
    const bodies = [
      row({ type: 2, style: 5, label: 'Link' }),
      row({ type: 2, style: 5, label: 'Link', url: 'https://example.com', custom_id: 'link' }),
      row({ type: 2, style: 2, label: 'Go', custom_id: 'go', url: 'https://example.com' }),
      row({ type: 3, custom_id: 's', options, max_values: 26 }),
      row({ type: 3, custom_id: 's', options, min_values: 2, max_values: 1 }),
      { embeds: [{ author: { name: 'x'.repeat(257) } }] },
    ];
    for (const body of bodies) expect(await api(standin, 'POST', path, body), JSON.stringify(body)).toMatchObject({ status: 400, json: { code: 50035 } });
    expect((await api(standin, 'POST', path, row({ type: 2, style: 5, label: 'Link', url: 'https://example.com' }))).status).toBe(200);
    expect((await api(standin, 'POST', path, row({ type: 3, custom_id: 's', options, min_values: 0, max_values: 2 }))).status).toBe(200);
    expect(standin.violations).toHaveLength(bodies.length);
  });

  it('refuses an empty message as Discord does (50006): nothing to show when sent, or after an edit', async () => {
    const { standin, guild } = world;
    const path = `/channels/${guild.help.id}/messages`;
    for (const body of [{ content: '' }, { content: ' \n ' }, { content: null, embeds: [], components: [] }]) {
      expect(await api(standin, 'POST', path, body), JSON.stringify(body)).toMatchObject({ status: 400, json: { code: 50006 } });
    }
    const embedOnly = await api(standin, 'POST', path, { embeds: [{ title: 'only an embed' }] });
    expect(embedOnly.status).toBe(200);
    expect(await api(standin, 'PATCH', `${path}/${embedOnly.json.id}`, { content: 'now with words' })).toMatchObject({ status: 200 });
    expect(await api(standin, 'PATCH', `${path}/${embedOnly.json.id}`, { content: '', embeds: [] })).toMatchObject({ status: 400, json: { code: 50006 } });
    expect(standin.violations.map((v) => v.code)).toEqual([50006, 50006, 50006, 50006]);
  });

  it('denyBot and allowBot add up in one member overwrite', () => {
    const { standin, guild } = world;
    standin.denyBot(guild.help, P.SendMessages, P.EmbedLinks);
    standin.allowBot(guild.help, P.EmbedLinks, P.ManageThreads);
    const perms = standin.permissionsOf(standin.bot.id, guild.help);
    expect(perms & P.SendMessages).toBe(0n);
    expect(perms & P.EmbedLinks).toBe(P.EmbedLinks);
    expect(perms & P.ManageThreads).toBe(P.ManageThreads);
    expect(guild.help.permission_overwrites.filter((o) => o.id === standin.bot.id)).toHaveLength(1);
  });
});

describe('the gateway', () => {
  it('waitForIdentify waits for the IDENTIFY event, and times out without one', async () => {
    const standin = await new DiscordStandIn().start();
    try {
      standin.addGuild();
      await expect(standin.waitForIdentify(1, 50)).rejects.toThrow('Timed out waiting for IDENTIFY');
      const waiting = standin.waitForIdentify(1);
      const client = await GatewayClient.connect(standin);
      await waiting;
      expect(standin.identifies).toHaveLength(1);
      client.close();
    } finally {
      await standin.stop();
    }
  });

  it('blanks message content without the Message Content intent, except where the bot is mentioned', async () => {
    const { standin, guild, member } = world;
    world.gateway.close();
    const plain = await GatewayClient.connect(standin, 1 | (1 << 9));
    const hidden = standin.say(guild.help, member, 'Error code: auth:3');
    const mention = standin.say(guild.help, member, `<@${standin.bot.id}> auth:3`);
    expect((await plain.next('MESSAGE_CREATE', (d) => d.d.id === hidden.id)).d.content).toBe('');
    expect((await plain.next('MESSAGE_CREATE', (d) => d.d.id === mention.id)).d.content).toBe(`<@${standin.bot.id}> auth:3`);
    plain.close();
  });
});
