import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RepliableInteraction } from 'discord.js';
import { mentionsFor, respond, withDeferral, withoutEmbeds } from '../../src/discord/respond.js';

/** An interaction that records what the bot sent, in order. */
function fakeInteraction(options: { canEmbed?: boolean } = {}) {
  const sent: string[] = [];
  const interaction = {
    deferred: false,
    replied: false,
    inGuild: () => true,
    appPermissions: { has: () => options.canEmbed ?? true },
    reply: async (m: object) => void (sent.push(`reply ${JSON.stringify(m)}`), (interaction.replied = true)),
    deferReply: async () => void (sent.push('defer'), (interaction.deferred = true)),
    editReply: async (m: object) => void sent.push(`edit ${JSON.stringify(m)}`),
    followUp: async (m: object) => void sent.push(`followUp ${JSON.stringify(m)}`),
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
});
