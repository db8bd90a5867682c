import { ChannelType, type AnyThreadChannel, type Message } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AutoReplyGate } from '../../src/answers/auto-reply-gate.js';
import { HelperFixes } from '../../src/answers/helper-fixes.js';
import type { Answerer } from '../../src/answers/answerer.js';
import type { Ask } from '../../src/answers/types.js';
import { sendSpotifyFixCommand } from '../../src/commands/send-spotify-fix.js';
import type { ComponentInteraction } from '../../src/commands/types.js';
import { AutoReplies, type AutoReplyDeps } from '../../src/discord/auto-replies/index.js';
import type { BotContext } from '../../src/discord/context.js';
import { MentionAnswers } from '../../src/discord/mentions.js';
import { fixId } from '../../src/render/custom-ids.js';
import { DEFAULT_SETTINGS } from '../../src/settings/schema.js';
import { sharedAnswerer } from '../helpers.js';
import { HelpForums, type HelpForumDeps } from '../../src/discord/forums/index.js';
import { forum, memoryStore, NOW } from '../discord/forums/helpers.js';

const MEMBER = '323456789012345678';
const HELPER = '423456789012345678';
const SOURCE = '523456789012345678';

/** The bot's answerer, whose reading of a message waits until `finish` is called (a screenshot being read). */
function heldAnswerer() {
  const answerer = sharedAnswerer();
  let finish!: () => void;
  const reading = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const readStarted = new Promise<void>((resolve) => (started = resolve));
  const held = Object.create(answerer) as Answerer;
  held.answer = async (ask: Ask) => {
    started();
    await reading;
    return answerer.answer(ask);
  };
  return { held, finish, readStarted };
}

describe('an automatic reply still being worked on when a helper sends a fix for the same message', () => {
  it('is not posted: the member was answered', async () => {
    const { held, finish, readStarted } = heldAnswerer();
    const fixes = new HelperFixes();
    const posted: string[] = [];
    const poster = { reply: async (_channel: unknown, replyToId: string) => (posted.push(replyToId), { ok: true, message: { id: `reply-${posted.length}` } }) };
    const gate = new AutoReplyGate();
    const deps = {
      answerer: held,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, autoReplies: true, allowIds: ['help'] }), phrases: async () => [] },
      stats: { record: () => undefined },
      poster,
      logger: pino({ level: 'silent' }),
      counters: { autoReplies: 0, autoRepliesDropped: 0 },
      gate,
      fixes,
    } as unknown as AutoReplyDeps;
    deps.mentions = new MentionAnswers({ ...deps, state: gate.state });
    const autoReplies = new AutoReplies(deps);

    const channel = {
      id: 'help',
      guildId: 'guild',
      parentId: null,
      parent: null,
      client: { user: { id: 'bot' } },
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => false,
      permissionsFor: () => ({ missing: () => [] }),
      messages: { fetch: async () => ({ id: SOURCE, author: { id: MEMBER, bot: false }, webhookId: null }) },
    };
    const source = {
      id: SOURCE,
      content: 'Error code: accounts:402',
      guildId: 'guild',
      channelId: 'help',
      channel,
      author: { id: MEMBER },
      attachments: new Map(),
      inGuild: () => true,
    } as unknown as Message<true>;
    const answering = autoReplies.onMessage(source);
    await readStarted;

    // The helper picks the fix from Send Spotify fix's list meanwhile.
    const told: string[] = [];
    const pick = {
      guildId: 'guild',
      user: { id: HELPER },
      values: ['accounts:402'],
      message: { id: '623456789012345678' },
      client: { channels: { cache: new Map([['help', channel]]) } },
      memberPermissions: { has: () => true },
      isStringSelectMenu: () => true,
      inGuild: () => true,
      deferUpdate: async () => undefined,
      editReply: async (m: { content: string }) => void told.push(m.content),
    } as unknown as ComponentInteraction;
    const ctx = {
      lookup: held.lookup,
      poster,
      fixes,
      stats: { record: () => undefined },
      metrics: { answered: () => undefined },
      modLog: { post: async () => undefined },
    } as unknown as BotContext;
    const fix = sendSpotifyFixCommand.components!.find((c) => c.id === fixId)!;
    await fix.handle(pick, ctx, { channelId: 'help', messageId: SOURCE, authorId: MEMBER });
    expect(told).toEqual([`Sent \`accounts:402\` to <@${MEMBER}>.`]);

    finish();
    expect(await answering).toBe('answered-by-helper');
    expect(posted).toEqual([SOURCE]);
  });
});

describe('an automatic reply ready while a helper\'s fix for the same message is being posted', () => {
  it.each([
    { taken: true, outcome: 'answered-by-helper', list: '723456789012345678' },
    { taken: false, outcome: 'replied', list: '733456789012345678' },
  ])('waits for it, and is posted only if Discord did not take the fix (taken: $taken)', async ({ taken, outcome, list }) => {
    const { held, finish, readStarted } = heldAnswerer();
    const fixes = new HelperFixes();
    const posted: string[] = [];
    // The helper's fix (the first reply asked for) takes a moment to reach Discord, which takes it or fails it.
    let deliver!: () => void;
    const delivered = new Promise<void>((resolve) => (deliver = resolve));
    let fixSending!: () => void;
    const fixOnItsWay = new Promise<void>((resolve) => (fixSending = resolve));
    const poster = {
      reply: async (_channel: unknown, replyToId: string) => {
        if (posted.length === 0) {
          posted.push(replyToId);
          fixSending();
          await delivered;
          if (!taken) return { ok: false, missing: [], failing: true };
        } else posted.push(replyToId);
        return { ok: true, message: { id: `reply-${posted.length}` } };
      },
    };
    const gate = new AutoReplyGate();
    const deps = {
      answerer: held,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, autoReplies: true, allowIds: ['help'] }), phrases: async () => [] },
      stats: { record: () => undefined },
      poster,
      logger: pino({ level: 'silent' }),
      counters: { autoReplies: 0, autoRepliesDropped: 0 },
      gate,
      fixes,
    } as unknown as AutoReplyDeps;
    deps.mentions = new MentionAnswers({ ...deps, state: gate.state });
    const autoReplies = new AutoReplies(deps);
    const channel = {
      id: 'help',
      guildId: 'guild',
      parentId: null,
      parent: null,
      client: { user: { id: 'bot' } },
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => false,
      permissionsFor: () => ({ missing: () => [] }),
      messages: { fetch: async () => ({ id: SOURCE, author: { id: MEMBER, bot: false }, webhookId: null }) },
    };
    const source = {
      id: SOURCE,
      content: 'Error code: accounts:402',
      guildId: 'guild',
      channelId: 'help',
      channel,
      author: { id: MEMBER },
      attachments: new Map(),
      inGuild: () => true,
    } as unknown as Message<true>;
    const answering = autoReplies.onMessage(source);
    await readStarted;

    const pick = {
      guildId: 'guild',
      user: { id: HELPER },
      values: ['accounts:402'],
      message: { id: list },
      client: { channels: { cache: new Map([['help', channel]]) } },
      memberPermissions: { has: () => true },
      isStringSelectMenu: () => true,
      inGuild: () => true,
      deferUpdate: async () => undefined,
      editReply: async () => undefined,
    } as unknown as ComponentInteraction;
    const ctx = {
      lookup: held.lookup,
      poster,
      fixes,
      stats: { record: () => undefined },
      metrics: { answered: () => undefined },
      modLog: { post: async () => undefined },
    } as unknown as BotContext;
    const fix = sendSpotifyFixCommand.components!.find((c) => c.id === fixId)!;
    const sending = fix.handle(pick, ctx, { channelId: 'help', messageId: SOURCE, authorId: MEMBER });
    await fixOnItsWay;

    // The screenshot is read while the fix is on its way: the reply waits to know whether Discord takes the fix.
    finish();
    deliver();
    await sending;
    // Before, it was dropped for the fix whatever Discord then did with it: nobody answered the member.
    expect(await answering).toBe(outcome);
    expect(posted).toEqual(taken ? [SOURCE] : [SOURCE, SOURCE]);
  });
});

describe('a help-forum post\'s first reply still being worked on when a helper sends a fix for its opening message', () => {
  it('is not posted, and the post is handled: no sweep sends it later', async () => {
    const { held, finish, readStarted } = heldAnswerer();
    const fixes = new HelperFixes();
    const posted: string[] = [];
    const poster = { reply: async (_channel: unknown, replyToId: string) => (posted.push(replyToId), { ok: true, message: { id: `reply-${posted.length}` } }) };
    const store = memoryStore();
    const forums = new HelpForums({
      answerer: held,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }), phrases: async () => [] },
      stats: { record: () => undefined },
      poster,
      store,
      gate: new AutoReplyGate(),
      logger: pino({ level: 'silent' }),
      clock: { now: () => NOW },
      fixes,
    } as unknown as HelpForumDeps);

    // A post's opening message has the post's ID.
    const thread = {
      id: SOURCE,
      name: 'spotify help',
      ownerId: MEMBER,
      guildId: 'guild',
      parentId: forum.forumId,
      parent: { parentId: null, type: ChannelType.GuildForum },
      archived: false,
      locked: false,
      client: { user: { id: 'bot' } },
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => true,
      permissionsFor: () => ({ missing: () => [] }),
      messages: { fetch: async () => ({ id: SOURCE, author: { id: MEMBER, bot: false }, webhookId: null }) },
    };
    const opening = {
      id: SOURCE,
      content: 'spotify will not open, screenshot attached. Error code: accounts:402',
      guildId: 'guild',
      channelId: SOURCE,
      channel: thread,
      author: { id: MEMBER, bot: false },
      type: 0,
      client: { user: { id: 'bot' } },
      attachments: new Map(),
      inGuild: () => true,
    } as unknown as Message<true>;
    const answering = forums.onMessage(opening, thread as unknown as AnyThreadChannel, forum, true);
    await readStarted;

    // The helper picks the fix from Send Spotify fix's list meanwhile.
    const told: string[] = [];
    const pick = {
      guildId: 'guild',
      user: { id: HELPER },
      values: ['accounts:402'],
      // Another list than the other tests' (a list is picked from once).
      message: { id: '823456789012345678' },
      client: { channels: { cache: new Map([[SOURCE, thread]]) } },
      memberPermissions: { has: () => true },
      isStringSelectMenu: () => true,
      inGuild: () => true,
      deferUpdate: async () => undefined,
      editReply: async (m: { content: string }) => void told.push(m.content),
    } as unknown as ComponentInteraction;
    const ctx = {
      lookup: held.lookup,
      poster,
      fixes,
      stats: { record: () => undefined },
      metrics: { answered: () => undefined },
      modLog: { post: async () => undefined },
    } as unknown as BotContext;
    const fix = sendSpotifyFixCommand.components!.find((c) => c.id === fixId)!;
    await fix.handle(pick, ctx, { channelId: SOURCE, messageId: SOURCE, authorId: MEMBER });
    expect(told).toEqual([`Sent \`accounts:402\` to <@${MEMBER}>.`]);

    finish();
    expect(await answering).toBe('answered-by-helper');
    // The helper's fix only: before, the bot's first reply went out beside it.
    expect(posted).toEqual([SOURCE]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });
  it('is sent when Discord fails the helper\'s fix it was ready beside: the post is not left unanswered', async () => {
    const { held, finish, readStarted } = heldAnswerer();
    const fixes = new HelperFixes();
    let ready!: () => void;
    const read = new Promise<void>((resolve) => (ready = resolve));
    const reading = held.answer;
    held.answer = async (ask: Ask) => {
      const answer = await reading(ask);
      ready();
      return answer;
    };
    const posted: string[] = [];
    // The helper's fix takes a moment to reach Discord, which then fails it (a lost connection); the first reply goes out.
    let deliver!: () => void;
    const delivered = new Promise<void>((resolve) => (deliver = resolve));
    let fixSending!: () => void;
    const fixOnItsWay = new Promise<void>((resolve) => (fixSending = resolve));
    const poster = {
      reply: async (_channel: unknown, replyToId: string) => {
        posted.push(replyToId);
        if (posted.length > 1) return { ok: true, message: { id: `reply-${posted.length}` } };
        fixSending();
        await delivered;
        return { ok: false, missing: [], failing: true };
      },
    };
    const store = memoryStore();
    const forums = new HelpForums({
      answerer: held,
      guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }), phrases: async () => [] },
      stats: { record: () => undefined },
      poster,
      store,
      gate: new AutoReplyGate(),
      logger: pino({ level: 'silent' }),
      clock: { now: () => NOW },
      fixes,
    } as unknown as HelpForumDeps);
    const thread = {
      id: SOURCE,
      name: 'spotify help',
      ownerId: MEMBER,
      guildId: 'guild',
      parentId: forum.forumId,
      parent: { parentId: null, type: ChannelType.GuildForum },
      archived: false,
      locked: false,
      client: { user: { id: 'bot' } },
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => true,
      permissionsFor: () => ({ missing: () => [] }),
      messages: { fetch: async () => ({ id: SOURCE, author: { id: MEMBER, bot: false }, webhookId: null }) },
    };
    const opening = {
      id: SOURCE,
      content: 'spotify will not open, screenshot attached. Error code: accounts:402',
      guildId: 'guild',
      channelId: SOURCE,
      channel: thread,
      author: { id: MEMBER, bot: false },
      type: 0,
      client: { user: { id: 'bot' } },
      attachments: new Map(),
      inGuild: () => true,
    } as unknown as Message<true>;
    const answering = forums.onMessage(opening, thread as unknown as AnyThreadChannel, forum, true);
    await readStarted;

    const told: string[] = [];
    const pick = {
      guildId: 'guild',
      user: { id: HELPER },
      values: ['accounts:402'],
      message: { id: '923456789012345678' },
      client: { channels: { cache: new Map([[SOURCE, thread]]) } },
      memberPermissions: { has: () => true },
      isStringSelectMenu: () => true,
      inGuild: () => true,
      deferUpdate: async () => undefined,
      editReply: async (m: { content: string }) => void told.push(m.content),
    } as unknown as ComponentInteraction;
    const ctx = {
      lookup: held.lookup,
      poster,
      fixes,
      stats: { record: () => undefined },
      metrics: { answered: () => undefined },
      modLog: { post: async () => undefined },
    } as unknown as BotContext;
    const fix = sendSpotifyFixCommand.components!.find((c) => c.id === fixId)!;
    const sending = fix.handle(pick, ctx, { channelId: SOURCE, messageId: SOURCE, authorId: MEMBER });
    await fixOnItsWay;

    // The first reply is ready while the fix is on its way (the post's turn runs on from the answer); then Discord fails the fix.
    finish();
    await read;
    await new Promise((resolve) => setImmediate(resolve));
    deliver();
    await sending;
    expect(told).toEqual([expect.stringMatching(/^Discord did not take the fix/)]);
    // Before, the first reply was dropped for the fix, and the post counted handled: nobody answered it.
    expect(await answering).toBe('answered');
    expect(posted).toEqual([SOURCE, SOURCE]);
    expect(await store.pendingWelcomes()).toEqual([]);
  });
});
