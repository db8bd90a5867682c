import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiscordAPIError, type RepliableInteraction } from 'discord.js';
import { mentionsFor, refusedForGood, respond, withDeferral, withoutEmbeds } from '../../src/discord/respond.js';

/** An interaction that records what the bot sent, in order. */
function fakeInteraction(options: { canEmbed?: boolean } = {}) {
  const sent: string[] = [];
  const interaction = {
    deferred: false,
    replied: false,
    ephemeral: null as boolean | null,
    inGuild: () => true,
    appPermissions: { has: () => options.canEmbed ?? true },
    reply: async (m: object) => void (sent.push(`reply ${JSON.stringify(m)}`), (interaction.replied = true)),
    // As discord.js does: a deferral records its visibility, an edit of it counts as the reply.
    deferReply: async (m: { flags?: number } = {}) => void (sent.push('defer'), (interaction.deferred = true), (interaction.ephemeral = ((m.flags ?? 0) & 64) === 64)),
    editReply: async (m: object) => void (sent.push(`edit ${JSON.stringify(m)}`), (interaction.replied = true)),
    followUp: async (m: object) => void sent.push(`followUp ${JSON.stringify(m)}`),
    deleteReply: async () => void sent.push('delete'),
  };
  return { interaction: interaction as unknown as RepliableInteraction, sent };
}

afterEach(() => vi.useRealTimers());

describe('the one reply path', () => {
  it('pings nobody unless named, never roles, @everyone or the replied-to author', () => {
    expect(mentionsFor()).toEqual({ parse: [], users: [], roles: [], repliedUser: false });
    expect(mentionsFor(['1'])).toMatchObject({ users: ['1'] });
  });

  it('answers in text where the bot may not embed, and edits a deferral instead of replying twice', async () => {
    const plain = fakeInteraction({ canEmbed: false });
    await respond(plain.interaction, { embeds: [{ title: 'auth:3 — Firewall' }], components: [] });
    expect(plain.sent[0]).toContain('"content":"**auth:3 — Firewall**"');
    expect(plain.sent[0]).toContain('"embeds":[]');
    const deferred = fakeInteraction();
    await deferred.interaction.deferReply();
    await respond(deferred.interaction, { content: 'hi', embeds: [], components: [] });
    expect(deferred.sent[1]).toMatch(/^edit /);
    expect(withoutEmbeds({ content: 'a', embeds: [{ description: 'b' }], components: [] }).content).toBe('a\n\nb');
  });

  it('keeps every entry’s footer (platform, attribution) where several long entries become text', () => {
    const footer = 'Severity: error · Windows · Unofficial community reference by 0iy (MIT), not affiliated with Spotify';
    const long = (title: string) => ({ title, description: 'x '.repeat(600), fields: [{ name: 'Note', value: 'y '.repeat(400) }], footer: { text: footer } });
    const { content } = withoutEmbeds({ content: '<@1> sent this', embeds: [long('accesspoint:31'), long('com.spotify.installer −3')], components: [] });
    expect(content!.length).toBeLessThanOrEqual(2000);
    expect(content!.split(`-# ${footer}`)).toHaveLength(3);
    expect(content).toContain('**com.spotify.installer −3**');
  });

  it('never shows a private answer in a public deferral, nor a public one in a private deferral', async () => {
    const secret = { content: 'The text I read: my home address', embeds: [], components: [] };
    const publicDeferral = fakeInteraction();
    await publicDeferral.interaction.deferReply();
    await respond(publicDeferral.interaction, secret, { ephemeral: true });
    expect(publicDeferral.sent).toHaveLength(4);
    expect(publicDeferral.sent[1]).toMatch(/^edit \{"content":"Answered privately\."/);
    expect(publicDeferral.sent[2]).toMatch(/^followUp .*"The text I read: my home address".*"flags":64/);
    expect(publicDeferral.sent[3]).toBe('delete');

    const privateDeferral = fakeInteraction();
    await privateDeferral.interaction.deferReply({ flags: 64 });
    await respond(privateDeferral.interaction, { content: 'auth:3', embeds: [], components: [] });
    expect(privateDeferral.sent[1]).toMatch(/^edit \{"content":"Posted below\."/);
    expect(privateDeferral.sent[2]).toMatch(/^followUp \{"content":"auth:3"/);
    expect(privateDeferral.sent[2]).not.toContain('"flags":64');

    // An answer that fails to go leaves no line saying it went.
    const failing = fakeInteraction();
    await failing.interaction.deferReply();
    (failing.interaction as unknown as { followUp: () => Promise<never> }).followUp = async () => Promise.reject(new Error('Invalid Form Body'));
    await expect(respond(failing.interaction, secret, { ephemeral: true })).rejects.toThrow('Invalid Form Body');
    expect(failing.sent.at(-1)).toBe('delete');

    // After a component's deferred update, the message is the component's: the answer follows it.
    const update = fakeInteraction();
    update.interaction.deferred = true;
    await respond(update.interaction, { content: 'Sorry, something went wrong.', embeds: [], components: [] }, { ephemeral: true });
    expect(update.sent).toEqual([expect.stringMatching(/^followUp .*"flags":64/)]);

    // Same visibility: the deferral is simply edited.
    const same = fakeInteraction();
    await same.interaction.deferReply({ flags: 64 });
    await respond(same.interaction, secret, { ephemeral: true });
    expect(same.sent).toHaveLength(2);
    expect(same.sent[1]).toMatch(/^edit .*my home address/);
  });

  it('sends an answer that mentions a member after a public deferral as a new message: an edit notifies nobody', async () => {
    const deferred = fakeInteraction();
    await deferred.interaction.deferReply();
    const forMember = { content: '<@223456789012345678>, here is the fix for `auth:3`.', embeds: [], components: [] };
    await respond(deferred.interaction, forMember, { mentionUserIds: ['223456789012345678'] });
    expect(deferred.sent[1]).toMatch(/^edit \{"content":"Posted below\."/);
    expect(deferred.sent[2]).toMatch(/^followUp .*here is the fix for.*"users":\["223456789012345678"\]/);
    expect(deferred.sent[3]).toBe('delete');
  });

  it('defers only work that takes longer than two seconds', async () => {
    vi.useFakeTimers();
    const quick = fakeInteraction();
    await withDeferral(quick.interaction, Promise.resolve('done'), { ephemeral: true });
    expect(quick.sent).toEqual([]);

    const slow = fakeInteraction();
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const answered = withDeferral(slow.interaction, work, { ephemeral: false });
    await vi.advanceTimersByTimeAsync(1999);
    expect(slow.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.sent).toEqual(['defer']);
    finish('late answer');
    expect(await answered).toBe('late answer');
  });

  it('counts from when the command began: what it awaited first (the server\'s phrases) shortens the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const startedAt = performance.now();
    await vi.advanceTimersByTimeAsync(1500);
    const slow = fakeInteraction();
    const answered = withDeferral(slow.interaction, new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5000)), { ephemeral: false, startedAt });
    await vi.advanceTimersByTimeAsync(499);
    expect(slow.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.sent).toEqual(['defer']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await answered).toBe('late');
  });
});

describe('the one reply path: what the tests above left open', () => {
  it('keeps the embeds of a private answer, which the channel\'s permissions do not govern, and where Discord sent no permissions', async () => {
    const card = { embeds: [{ title: 'auth:3 — Firewall' }], components: [] };
    const privately = fakeInteraction({ canEmbed: false });
    await respond(privately.interaction, card, { ephemeral: true });
    expect(privately.sent[0]).toContain('"embeds":[{"title":"auth:3 — Firewall"}]');
    const unknown = fakeInteraction();
    Object.assign(unknown.interaction, { appPermissions: undefined });
    await respond(unknown.interaction, card);
    expect(unknown.sent[0]).toContain('"embeds":[{"title":"auth:3 — Firewall"}]');
  });

  it('takes a refusal for missing permissions as for good, like one for missing access', () => {
    const refusal = (code: number) => new DiscordAPIError({ code, message: 'x' }, code, 403, 'DELETE', '/channels/1/messages/2', {});
    expect(refusedForGood(refusal(50013))).toBe('no-access');
    expect(refusedForGood(refusal(50001))).toBe('no-access');
    expect(refusedForGood(refusal(50083))).toBe('archived');
    expect(refusedForGood(refusal(10008))).toBeUndefined();
  });

  it('defers no interaction already answered, which Discord would refuse', async () => {
    vi.useFakeTimers();
    const answered = fakeInteraction();
    await answered.interaction.reply({ content: 'hi' });
    const done = withDeferral(answered.interaction, new Promise<string>((resolve) => setTimeout(() => resolve('late'), 5000)), { ephemeral: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(await done).toBe('late');
    expect(answered.sent).toEqual(['reply {"content":"hi"}']);
  });
});
