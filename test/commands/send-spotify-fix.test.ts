import type { Message } from 'discord.js';
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
import { forum, memoryStore, newPost, NOW } from '../discord/forums/helpers.js';

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

/**
 * A poster that records which message each reply answers. With `fix`, the first reply (the helper's) waits until
 * `deliver` is called once it is on its way (`onItsWay`), and Discord then takes it or fails it (a lost connection).
 */
function recordingPoster(fix?: { taken: boolean }) {
  const posted: string[] = [];
  let deliver!: () => void;
  const delivered = new Promise<void>((resolve) => (deliver = resolve));
  let sending!: () => void;
  const onItsWay = new Promise<void>((resolve) => (sending = resolve));
  const poster = {
    reply: async (_channel: unknown, replyToId: string) => {
      posted.push(replyToId);
      if (fix && posted.length === 1) {
        sending();
        await delivered;
        if (!fix.taken) return { ok: false, missing: [], failing: true };
      }
      return { ok: true, message: { id: `reply-${posted.length}` } };
    },
  };
  return { poster, posted, deliver, onItsWay };
}

/** The member's message with an error in channel `help`, as automatic replies there answer it. */
function autoReplyAsked(answerer: Answerer, poster: unknown, fixes: HelperFixes) {
  const gate = new AutoReplyGate();
  const deps = {
    answerer,
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, autoReplies: true, allowIds: ['help'] }), phrases: async () => [] },
    stats: { record: () => undefined },
    poster,
    logger: pino({ level: 'silent' }),
    counters: { autoReplies: 0, autoRepliesDropped: 0 },
    gate,
    fixes,
  } as unknown as AutoReplyDeps;
  deps.mentions = new MentionAnswers({ ...deps, state: gate.state });
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
  return { channel, answering: new AutoReplies(deps).onMessage(source) };
}

/** A new help-forum post whose opening message shows an error, as the forum answers it. */
function forumPostAsked(answerer: Answerer, poster: unknown, fixes: HelperFixes) {
  const store = memoryStore();
  const forums = new HelpForums({
    answerer,
    guildData: { settings: async () => ({ ...DEFAULT_SETTINGS, forums: [forum] }), phrases: async () => [] },
    stats: { record: () => undefined },
    poster,
    store,
    gate: new AutoReplyGate(),
    logger: pino({ level: 'silent' }),
    clock: { now: () => NOW },
    fixes,
  } as unknown as HelpForumDeps);
  const { thread, message } = newPost(SOURCE, 'spotify will not open, screenshot attached. Error code: accounts:402', [], MEMBER);
  return { store, channel: thread, answering: forums.onMessage(message, thread, forum, true) };
}

/** A helper picks accounts:402 from Send Spotify fix's list `listId` (each list is picked from once) for the member's message. */
function helperSendsFix(answerer: Answerer, poster: unknown, fixes: HelperFixes, channel: { id: string; guildId: string }, listId: string) {
  const told: string[] = [];
  const pick = {
    guildId: channel.guildId,
    user: { id: HELPER },
    values: ['accounts:402'],
    message: { id: listId },
    client: { channels: { cache: new Map([[channel.id, channel]]) } },
    memberPermissions: { has: () => true },
    isStringSelectMenu: () => true,
    inGuild: () => true,
    deferUpdate: async () => undefined,
    editReply: async (m: { content: string }) => void told.push(m.content),
  } as unknown as ComponentInteraction;
  const ctx = {
    lookup: answerer.lookup,
    poster,
    fixes,
    stats: { record: () => undefined },
    metrics: { answered: () => undefined },
    modLog: { post: async () => undefined },
  } as unknown as BotContext;
  const fix = sendSpotifyFixCommand.components!.find((c) => c.id === fixId)!;
  return { told, sending: fix.handle(pick, ctx, { channelId: channel.id, messageId: SOURCE, authorId: MEMBER }) };
}

describe('an automatic reply still being worked on when a helper sends a fix for the same message', () => {
  it('is not posted: the member was answered', async () => {
    const { held, finish, readStarted } = heldAnswerer();
    const fixes = new HelperFixes();
    const { poster, posted } = recordingPoster();
    const { channel, answering } = autoReplyAsked(held, poster, fixes);
    await readStarted;

    // The helper picks the fix from Send Spotify fix's list meanwhile.
    const { told, sending } = helperSendsFix(held, poster, fixes, channel, '623456789012345678');
    await sending;
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
    const { poster, posted, deliver, onItsWay } = recordingPoster({ taken });
    const { channel, answering } = autoReplyAsked(held, poster, fixes);
    await readStarted;
    const { sending } = helperSendsFix(held, poster, fixes, channel, list);
    await onItsWay;

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
    const { poster, posted } = recordingPoster();
    const { store, channel, answering } = forumPostAsked(held, poster, fixes);
    await readStarted;

    // The helper picks the fix from Send Spotify fix's list meanwhile.
    const { told, sending } = helperSendsFix(held, poster, fixes, channel, '823456789012345678');
    await sending;
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
    // The helper's fix takes a moment to reach Discord, which then fails it (a lost connection); the first reply goes out.
    const { poster, posted, deliver, onItsWay } = recordingPoster({ taken: false });
    const { store, channel, answering } = forumPostAsked(held, poster, fixes);
    await readStarted;
    const { told, sending } = helperSendsFix(held, poster, fixes, channel, '923456789012345678');
    await onItsWay;

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
