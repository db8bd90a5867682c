import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoViolations, startWorld, stopWorld, type World } from './harness.js';
import { P, type Message } from '../../scripts/discord-standin/index.js';

let world: World | undefined;
beforeAll(async () => {
  world = await startWorld({ heartbeatIntervalMs: 300 });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

const selectIn = (message: Message) => {
  for (const row of message.components) {
    for (const c of row.components ?? []) if (c.type === 3) return c;
  }
  throw new Error('no select in message');
};

describe('/spotify-error through the stand-in', () => {
  it('answers a code with the entry embed, pinging nobody', async () => {
    const { standin, guild, member } = world!;
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'Error code: auth:3' }).reply();
    expect(reply.flags & 64).toBe(0);
    expect(reply.embeds[0]!.title).toBe('auth:3 — Firewall or proxy blocking auth');
    expect(reply.embeds[0]!.footer!.text).toContain('Unofficial community reference by 0iy');
    expect(standin.pingsOf(reply)).toEqual({ users: [], roles: [], everyone: false });
    const related = selectIn(reply);
    expect(related.options!.map((o) => o.value)).toContain('Error 30');
  });

  it('offers ranked autocomplete choices', async () => {
    const { standin, guild, member } = world!;
    const choices = await standin.autocomplete(guild.help, member, 'spotify-error', 'query', 'acces');
    expect(choices[0]).toEqual({ name: 'accesspoint:17 — Access point rejected — region or firewall', value: 'accesspoint:17' });
    expect(choices.length).toBeLessThanOrEqual(25);
    const empty = await standin.autocomplete(guild.help, member, 'spotify-error', 'query', '');
    expect(empty).toHaveLength(25);
  });

  it('mentions only the member named in `user`, and says who sent it', async () => {
    const { standin, guild, member, helper } = world!;
    const reply = await standin.slash(guild.help, helper, 'spotify-error', { query: 'accounts:4', user: member }).reply();
    expect(reply.content).toBe(`<@${member.id}>, here is the fix for \`accounts:4\` (sent by <@${helper.id}>).`);
    expect(standin.pingsOf(reply).users).toEqual([member.id]);
  });

  it('tells the helper privately when the member named in `user` cannot see the channel, instead of a mention that never reaches them', async () => {
    const { standin, guild, member, helper } = world!;
    const staff = standin.addChannel(guild, 'staff-only');
    standin.denyMember(staff, member, P.ViewChannel);
    const hidden = await standin.slash(staff, helper, 'spotify-error', { query: 'accounts:4', user: member }).reply();
    expect(hidden.flags & 64).toBe(64);
    expect(hidden.content).toContain(`<@${member.id}> cannot see this channel`);
    expect(hidden.embeds).toEqual([]);
    // Nor someone who is not in the server.
    const stranger = standin.makeUser('stranger');
    const away = await standin.slash(guild.help, helper, 'spotify-error', { query: 'accounts:4', user: stranger }).reply();
    expect(away.flags & 64).toBe(64);
    expect(away.content).toContain(`<@${stranger.id}> cannot see this channel`);
    // A member who can see it is still mentioned there.
    const seen = await standin.slash(staff, helper, 'spotify-error', { query: 'accounts:4', user: standin.addMember(guild, 'colleague') }).reply();
    expect(seen.flags & 64).toBe(0);
    expect(standin.pingsOf(seen).users).toHaveLength(1);
  });

  it('answers privately with `private`', async () => {
    const { standin, guild, member } = world!;
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:73', private: true }).reply();
    expect(reply.flags & 64).toBe(64);
    expect(reply.embeds[0]!.title).toMatch(/^auth:73/);
  });

  it('answers a message several errors share in public, for the named member, with how to tell them apart', async () => {
    const { standin, guild, member, helper } = world!;
    const group = await standin.slash(guild.help, helper, 'spotify-error', { query: 'A firewall may be blocking Spotify', user: member }).reply();
    expect(group.flags & 64).toBe(0);
    expect(group.content).toBe(`<@${member.id}>, this message has several causes (sent by <@${helper.id}>):`);
    expect(standin.pingsOf(group).users).toEqual([member.id]);
    expect(group.embeds[0]!.title).toBe('Several Spotify errors show this message');
    expect(group.embeds[0]!.description).toContain('shown with “(Error code: accounts:103)”');
    expect(selectIn(group).options!.map((o) => o.value)).toHaveLength(7);
    // A query that names a code of the group still gets that entry alone.
    const one = await standin.slash(guild.help, member, 'spotify-error', { query: 'A firewall may be blocking Spotify (Error code: accesspoint:39)' }).reply();
    expect(one.embeds[0]!.title).toMatch(/^accesspoint:39/);
  });

  it('asks "did you mean" privately when unsure, then posts the chosen entry for the named member', async () => {
    const { standin, guild, member, helper } = world!;
    const picker = await standin.slash(guild.help, helper, 'spotify-error', { query: 'spotify login problem', user: member }).reply();
    expect(picker.flags & 64).toBe(64);
    const select = selectIn(picker);
    expect(select.options!.length).toBeGreaterThanOrEqual(2);
    const pick = standin.select(picker, select.custom_id!, ['desktop_login_accounts:5'], helper);
    expect((await pick.response()).type).toBe(7);
    const posted = await pick.followup();
    expect(posted.flags & 64).toBe(0);
    expect(posted.embeds[0]!.title).toMatch(/^desktop_login_accounts:5/);
    expect(standin.pingsOf(posted).users).toEqual([member.id]);
  });

  it('knows the second edition: macOS and playback errors, with their platform', async () => {
    const { standin, guild, member } = world!;
    const mac = await standin.slash(guild.help, member, 'spotify-error', { query: 'mac installer cant mount disk image' }).reply();
    expect(mac.embeds[0]!.title).toBe('com.spotify.installer −3 — Disk image mount failed (macOS installer)');
    expect(mac.embeds[0]!.footer!.text).toContain(' · macOS · ');
    const typed = await standin.slash(guild.help, member, 'spotify-error', { query: 'com.spotify.installer -1' }).reply();
    expect(typed.embeds[0]!.title).toMatch(/^com\.spotify\.installer −1 /);
    const tabs = await standin.slash(guild.help, member, 'spotify-error', { query: "You've got too many tabs open" }).reply();
    expect(tabs.embeds[0]!.title).toMatch(/^max_subscriptions_reached /);
    expect(tabs.embeds[0]!.footer!.text).toContain(' · Windows & macOS · ');
    const choices = await standin.autocomplete(guild.help, member, 'spotify-error', 'query', 'BANNED_BY_USER_TRACK');
    expect(choices[0]!.value).toBe('BANNED_BY_USER_ARTIST / _TRACK');
  });

  it('misses politely, echoing the query safely', async () => {
    const { standin, guild, member } = world!;
    const reply = await standin
      .slash(guild.help, member, 'spotify-error', { query: '@everyone **what a lovely day for a picnic**' })
      .reply();
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toContain('@\u200beveryone \\*\\*what a lovely day');
    expect(reply.content).toContain('https://0iy.github.io/spotify-error-ref/');
    expect(standin.pingsOf(reply).everyone).toBe(false);
  });

  it('opens a related entry privately for whoever picks it', async () => {
    const { standin, guild, member, helper } = world!;
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:3' }).reply();
    const view = standin.select(reply, selectIn(reply).custom_id!, ['Error 30'], helper);
    const shown = await view.followup();
    expect(shown.flags & 64).toBe(64);
    expect(shown.embeds[0]!.title).toBe('Error 30 — Proxy or firewall blocking connections');
  });

  it('answers the query when the screenshot beside it is a file it does not read', async () => {
    const { standin, guild, member } = world!;
    const notes = standin.attach('notes.pdf', Buffer.from('%PDF-1.4 spotify says auth:3'), 'application/pdf');
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:3', screenshot: notes }).reply();
    expect(reply.embeds[0]?.title).toBe('auth:3 — Firewall or proxy blocking auth');
    // Alone, it is still refused, politely.
    const alone = await standin.slash(guild.help, member, 'spotify-error', { screenshot: notes }).reply();
    expect(alone.flags & 64).toBe(64);
    expect(alone.content).toContain('this file is not a PNG, JPEG or WebP image');
  });

  it('falls back to text where the bot may not embed links', async () => {
    const { standin, guild, member } = world!;
    const noEmbeds = standin.addChannel(guild, 'no-embeds');
    standin.denyBot(noEmbeds, 1n << 14n);
    const reply = await standin.slash(noEmbeds, member, 'spotify-error', { query: 'auth:3' }).reply();
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toMatch(/^\*\*auth:3 — Firewall or proxy blocking auth\*\*/);
  });
});

describe('/spotify-errors', () => {
  it('pages for its owner only, and opens entries from the select', async () => {
    const { standin, guild, member, helper } = world!;
    const list = await standin.slash(guild.help, member, 'spotify-errors', { category: 'auth' }).reply();
    expect(list.embeds[0]!.footer!.text).toMatch(/^Page 1 of 3/);
    const nextId = list.components[0]!.components!.find((c) => c.label === 'Next ▶')!.custom_id!;

    const refused = await standin.click(list, nextId, helper).reply();
    expect(refused.flags & 64).toBe(64);
    expect(refused.content).toContain('Only the person who ran');

    const turn = standin.click(list, nextId, member);
    expect((await turn.response()).type).toBe(7);
    expect(list.embeds[0]!.footer!.text).toMatch(/^Page 2 of 3/);

    const open = await standin.select(list, selectIn(list).custom_id!, [selectIn(list).options![0]!.value!], helper).followup();
    expect(open.flags & 64).toBe(64);
    expect(open.embeds[0]!.title).toBe(`${selectIn(list).options![0]!.value} — ${open.embeds[0]!.title!.split(' — ').slice(1).join(' — ')}`);
  });

  it('puts an open menu back to its placeholder, so the entry just opened opens again (Discord sends nothing for the option a menu still shows)', async () => {
    const { standin, guild, member, helper } = world!;
    const list = await standin.slash(guild.help, member, 'spotify-errors', { category: 'network' }).reply();
    const shownBefore = JSON.stringify([list.content, list.embeds, list.components]);
    const menu = selectIn(list);
    const code = menu.options![1]!.value!;
    for (let pick = 0; pick < 2; pick += 1) {
      const open = standin.select(list, menu.custom_id!, [code], helper);
      // An update that changes nothing: Discord draws the menu again with no option chosen.
      const ack = await open.response();
      expect(ack.type).toBe(7);
      expect(ack.data).not.toHaveProperty('content');
      expect(ack.data).not.toHaveProperty('embeds');
      expect(ack.data).not.toHaveProperty('components');
      expect(JSON.stringify([list.content, list.embeds, list.components])).toBe(shownBefore);
      const shown = await open.followup();
      expect(shown.flags & 64).toBe(64);
      expect(shown.embeds[0]!.title!.startsWith(`${code} — `)).toBe(true);
    }
  });

  it('still opens the entry privately where Discord refuses to update the menu\'s message', async () => {
    const { standin, guild, member, helper } = world!;
    const list = await standin.slash(guild.help, member, 'spotify-errors', { category: 'webapi' }).reply();
    const menu = selectIn(list);
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 400, code: 50083, message: 'Thread is archived', times: 1 });
    const open = standin.select(list, menu.custom_id!, [menu.options![0]!.value!], helper);
    expect((await open.response()).type).toBe(4);
    const shown = await open.reply();
    expect(shown.flags & 64).toBe(64);
    expect(shown.embeds[0]!.title!.startsWith(`${menu.options![0]!.value} — `)).toBe(true);
  });

  it('says so when a category has no errors on a platform (the reference has no macOS login errors)', async () => {
    const { standin, guild, member } = world!;
    const list = await standin.slash(guild.help, member, 'spotify-errors', { category: 'auth', platform: 'macos' }).reply();
    expect(list.flags & 64).toBe(0);
    expect(list.embeds[0]!.title).toBe('Spotify desktop errors — Authentication & Login · macOS');
    expect(list.embeds[0]!.footer!.text).toMatch(/^Page 1 of 1 · 0 errors/);
    expect(list.components.flatMap((row) => row.components ?? []).filter((c) => c.type === 3)).toEqual([]);
  });

  it('turns pages as text where the bot may not embed links', async () => {
    const { standin, guild, member } = world!;
    const noEmbeds = standin.addChannel(guild, 'no-embeds-browse');
    standin.denyBot(noEmbeds, 1n << 14n);
    const list = await standin.slash(noEmbeds, member, 'spotify-errors', { category: 'auth' }).reply();
    expect(list.embeds).toEqual([]);
    expect(list.content).toContain('Page 1 of 3');
    const nextId = list.components[0]!.components!.find((c) => c.label === 'Next ▶')!.custom_id!;
    expect((await standin.click(list, nextId, member).response()).type).toBe(7);
    expect(list.embeds).toEqual([]);
    expect(list.content).toContain('Page 2 of 3');
  });
});

describe('gateway and REST faults', () => {
  it('heartbeats and gets acknowledged', async () => {
    const { standin } = world!;
    const before = standin.heartbeats;
    const count = await new Promise<number>((resolve) => standin.once('heartbeat', resolve));
    expect(count).toBeGreaterThan(before);
  });

  it('survives a 429 on the reply route and still answers', async () => {
    const { standin, guild, member } = world!;
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 0.3 });
    const interaction = standin.slash(guild.help, member, 'spotify-error', { query: 'accounts:103' });
    const reply = await interaction.reply();
    expect(reply.embeds[0]!.title).toMatch(/^accounts:103/);
    expect(standin.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('retries a 5xx and still answers', async () => {
    const { standin, guild, member } = world!;
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 502 });
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'session:3' }).reply();
    expect(reply.embeds[0]!.title).toMatch(/^session:3/);
    expect(standin.requests.some((r) => r.status === 502)).toBe(true);
  });

  it('posts a "did you mean" pick made again after Discord lost the first one (its 3 seconds missed)', async () => {
    const { standin, guild, member, helper } = world!;
    const picker = await standin.slash(guild.help, helper, 'spotify-error', { query: 'spotify login problem', user: member }).reply();
    const select = selectIn(picker);
    // Under load the pick's acknowledgement came too late: Discord refuses it, and the apology after it.
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 404, code: 10062, message: 'Unknown interaction', times: 2 });
    const lost = standin.select(picker, select.custom_id!, ['desktop_login_accounts:5'], helper);
    const refused = (r: { path: string; status: number }) => r.path.includes(`/interactions/${lost.id}/`) && r.status === 404;
    await standin.waitForRequest(() => standin.requests.filter(refused).length === 2);
    // The menu is still on screen, unchanged: the helper picks again.
    const again = standin.select(picker, select.custom_id!, ['desktop_login_accounts:5'], helper);
    expect((await again.response()).type).toBe(7);
    const posted = await again.followup();
    expect(posted.embeds[0]!.title).toMatch(/^desktop_login_accounts:5/);
  });

  it('resumes after a dropped gateway connection and answers afterwards', async () => {
    const { standin, guild, member, bot } = world!;
    const resumesBefore = standin.resumes.length;
    const identifiesBefore = standin.identifies.length;
    const resumed = new Promise((resolve) => standin.once('resume', resolve));
    standin.dropGateway(4000);
    await resumed;
    expect(standin.resumes.length).toBe(resumesBefore + 1);
    expect(standin.identifies.length).toBe(identifiesBefore);
    await bot.waitForLog((l) => l.msg === 'gateway resumed');
    const reply = await standin.slash(guild.help, member, 'spotify-error', { query: 'Error 30' }).reply();
    expect(reply.embeds[0]!.title).toMatch(/^Error 30/);
  });
});
