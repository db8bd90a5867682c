import type { Message } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Answerer } from '../../../src/answers/answerer.js';
import { ErrorLookup } from '../../../src/core/lookup.js';
import { loadEntries } from '../../../src/data/index.js';
import { AutoReplyGate } from '../../../src/answers/auto-reply-gate.js';
import { AutoReplies, type AutoReplyDeps } from '../../../src/discord/auto-replies/index.js';
import { MentionAnswers } from '../../../src/discord/mentions.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../../src/settings/schema.js';
import { fakeReader, image } from '../../answers/fakes.js';

const answerer = new Answerer(new ErrorLookup(loadEntries()));
/** A server with automatic replies on in #help. */
const HELP_ON = { ...DEFAULT_SETTINGS, autoReplies: true, allowIds: ['help'] };

interface Fakes {
  answerer?: Answerer;
  settings?: () => Promise<GuildSettings>;
  phrases?: () => Promise<never[]>;
  poster?: Record<string, (...args: never[]) => Promise<unknown>>;
  gate?: AutoReplyGate;
}

/**
 * Automatic replies and @mention answers over fakes: the server's settings (automatic replies on in
 * #help unless given), no phrases, and a poster whose replies, edits and removals work unless given.
 */
function autoRepliesOver(fakes: Fakes = {}) {
  const gate = fakes.gate ?? new AutoReplyGate();
  const deps = {
    answerer: fakes.answerer ?? answerer,
    guildData: { settings: fakes.settings ?? (async () => HELP_ON), phrases: fakes.phrases ?? (async () => []) },
    stats: { record: () => undefined, uncount: () => undefined },
    poster: { reply: async () => ({ ok: true, message: { id: 'reply-1' } }), edit: async () => 'edited', remove: async () => 'deleted', ...fakes.poster },
    logger: pino({ level: 'silent' }),
    counters: { autoReplies: 0, autoRepliesDropped: 0 },
    gate,
  } as unknown as AutoReplyDeps;
  deps.mentions = new MentionAnswers({ ...deps, state: gate.state });
  return { autoReplies: new AutoReplies(deps), deps, gate };
}

/**
 * Automatic replies whose server settings come only when `release` is called (a cache miss on a slow
 * database), and whose replies are sent only when `send` is called if `slowSend`.
 */
function autoRepliesWithSlowSettings(slowSend = false) {
  let release!: () => void;
  const settingsRead = new Promise<void>((resolve) => (release = resolve));
  let send!: () => void;
  const sendDone = slowSend ? new Promise<void>((resolve) => (send = resolve)) : Promise.resolve();
  const posted: string[] = [];
  const deleted: string[] = [];
  const { autoReplies } = autoRepliesOver({
    settings: async () => (await settingsRead, HELP_ON),
    poster: {
      reply: async () => {
        await sendDone;
        posted.push('reply-1');
        return { ok: true, message: { id: 'reply-1' } };
      },
      remove: async (_channel: unknown, id: string) => (deleted.push(id), 'deleted'),
    },
  });
  return { autoReplies, release, send, posted, deleted };
}

const message = (id: string, content: string) =>
  ({
    id,
    content,
    guildId: 'guild',
    channelId: 'help',
    channel: { id: 'help', parentId: null, parent: null },
    author: { id: 'member' },
    attachments: new Map(),
    inGuild: () => true,
  }) as unknown as Message<true>;

describe('automatic replies and deleted messages', () => {
  it('posts nothing for a message deleted before its answer was ready', async () => {
    const { autoReplies, release, posted } = autoRepliesWithSlowSettings();
    const source = message('m1', 'Error code: accounts:402');
    const answering = autoReplies.onMessage(source);
    const deleting = autoReplies.onDelete(source);
    release();
    expect(await answering).toBe('source-deleted');
    await deleting;
    expect(posted).toEqual([]);
  });

  it('posts nothing for a message deleted before it reached automatic replies', async () => {
    const { autoReplies, release, posted, deleted } = autoRepliesWithSlowSettings();
    const source = message('m2', 'Error code: accounts:402');
    // The delete arrived while the message was still with the help-forum bookkeeping: nothing to wait for yet.
    expect(await autoReplies.onDelete(source)).toBe('not-followed');
    release();
    expect(await autoReplies.onMessage(source)).toBe('source-deleted');
    expect(posted).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('takes back a reply whose source was deleted while it was being sent', async () => {
    const { autoReplies, release, send, posted, deleted } = autoRepliesWithSlowSettings(true);
    const source = message('m3', 'Error code: accounts:402');
    release();
    const answering = autoReplies.onMessage(source);
    await new Promise((resolve) => setImmediate(resolve));
    const deleting = autoReplies.onDelete(source);
    send();
    expect(await answering).toBe('replied');
    await deleting;
    expect(posted).toEqual(['reply-1']);
    expect(deleted).toEqual(['reply-1']);
  });

  it('answers a message edited before it reached automatic replies as it reads now', async () => {
    const { autoReplies, release, posted, deleted } = autoRepliesWithSlowSettings();
    // Messages are not cached: the edit comes as its own object, the message being answered keeps its first text.
    const source = message('m4', 'Error code: accounts:402');
    // The edit arrived while the message was still with the help-forum bookkeeping: nothing to wait for yet.
    expect(await autoReplies.onEdit(message('m4', 'never mind, it works now'))).toBe('not-followed');
    release();
    expect(await autoReplies.onMessage(source)).toBe('nothing-found');
    expect(posted).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('answers chat edited into an error before it reached automatic replies', async () => {
    const { autoReplies, release, posted } = autoRepliesWithSlowSettings();
    const source = message('m4b', 'spotify is broken again');
    expect(await autoReplies.onEdit(message('m4b', 'spotify is broken again: Error code: accounts:402'))).toBe('not-followed');
    release();
    expect(await autoReplies.onMessage(source)).toBe('replied');
    expect(posted).toEqual(['reply-1']);
  });
});

describe('a reply left in place when its source is deleted (delete-with-source off)', () => {
  it.each([
    ['dismissed', (autoReplies: AutoReplies) => autoReplies.dismissed('reply-1')],
    ['deleted by a moderator by hand', (autoReplies: AutoReplies) => autoReplies.onDelete(message('reply-1', ''))],
  ] as const)('still holds its error\'s channel cooldown, until it is %s', async (_, end) => {
    const { autoReplies } = autoRepliesOver({ settings: async () => ({ ...HELP_ON, deleteWithSource: false }) });
    const source = message('kept-1', 'Error code: accounts:402');
    expect(await autoReplies.onMessage(source)).toBe('replied');
    expect(await autoReplies.onDelete(source)).toBe('unchanged');
    // The reply still shows accounts:402 in the channel: another member's paste of it is not answered twice.
    expect(await autoReplies.onMessage(from('other', message('kept-2', 'Error code: accounts:402')))).toBe('channel-cooldown');
    await end(autoReplies);
    expect(await autoReplies.onMessage(from('third', message('kept-3', 'Error code: accounts:402')))).toBe('replied');
  });
});

/** The message as another member posted it. */
const from = (author: string, source: Message<true>) => ({ ...source, author: { id: author } }) as unknown as Message<true>;

/** Automatic replies that record the replies and edits they send; with `holdFirstEdit`, the first edit waits for `firstEditGoes`. */
function autoRepliesRecordingEdits({ holdFirstEdit = false } = {}) {
  const edits: string[] = [];
  const replies: string[] = [];
  let firstEditGoes!: () => void;
  const firstEditHeld = new Promise<void>((resolve) => (firstEditGoes = resolve));
  let firstEditSent = false;
  const { autoReplies } = autoRepliesOver({
    poster: {
      reply: async (_channel: unknown, _id: string, payload: unknown) => (replies.push(JSON.stringify(payload)), { ok: true, message: { id: `reply-${replies.length}` } }),
      // The first edit is slow on its way to Discord (a rate limit); the ones after it are not.
      edit: async (_channel: unknown, _id: string, payload: unknown) => {
        if (holdFirstEdit && !firstEditSent) {
          firstEditSent = true;
          await firstEditHeld;
        }
        edits.push(JSON.stringify(payload));
        return 'edited';
      },
    },
  });
  return { autoReplies, edits, replies, firstEditGoes };
}

describe('automatic replies and edits', () => {
  it('leaves a reply alone when its source is updated without a change (pinned, a link preview added)', async () => {
    const { autoReplies, replies, edits } = autoRepliesRecordingEdits();
    expect(await autoReplies.onMessage(from('first', message('m5', 'Error code: auth:3')))).toBe('replied');
    // auth:3 was answered in this channel a moment ago: the second reply shows auth:1 only.
    const both = from('second', message('m6', 'Error code: auth:3 and Error code: auth:1'));
    expect(await autoReplies.onMessage(both)).toBe('replied');
    expect(replies[1]).toContain('auth:1');
    expect(replies[1]).not.toContain('auth:3');
    expect(await autoReplies.onEdit(both)).toBe('unchanged');
    expect(edits).toEqual([]);
  });
});

describe('automatic replies and edits that follow each other', () => {

  it('shows the latest text when two edits of one message are handled at once', async () => {
    const { autoReplies, edits, firstEditGoes } = autoRepliesRecordingEdits({ holdFirstEdit: true });
    expect(await autoReplies.onMessage(message('m7', 'Error code: auth:3'))).toBe('replied');
    const first = autoReplies.onEdit(message('m7', 'sorry, it was Error code: auth:1'));
    const second = autoReplies.onEdit(message('m7', 'no wait, Error code: accounts:402'));
    firstEditGoes();
    await Promise.all([first, second]);
    expect(edits.at(-1)).toContain('accounts:402');
  });

  it('starts the channel cooldown of an error an edit brought in', async () => {
    const { autoReplies } = autoRepliesRecordingEdits();
    expect(await autoReplies.onMessage(from('first', message('m8', 'Error code: auth:3')))).toBe('replied');
    expect(await autoReplies.onEdit(from('first', message('m8', 'sorry, it was Error code: auth:1')))).toBe('updated');
    // Another member pastes the same error a moment later: the channel has just been told.
    expect(await autoReplies.onMessage(from('second', message('m9', 'Error code: auth:1')))).toBe('channel-cooldown');
  });
});

describe('automatic replies that stay quiet', () => {
  it('say which cooldown kept them back, and an image within a member\'s minute is not over the image limit', async () => {
    const { reader } = await fakeReader();
    const { autoReplies } = autoRepliesOver({ answerer: new Answerer(new ErrorLookup(loadEntries()), reader) });
    const from = (author: string, source: Message<true>, images: string[] = []) =>
      ({ ...source, author: { id: author }, attachments: new Map(images.map((text, i) => [`a${i}`, image(text)])) }) as unknown as Message<true>;
    expect(await autoReplies.onMessage(from('first', message('q1', 'Error code: accounts:402')))).toBe('replied');
    // The same member within their minute: another error, or a screenshot of one.
    expect(await autoReplies.onMessage(from('first', message('q2', 'Error code: auth:73')))).toBe('member-cooldown');
    expect(await autoReplies.onMessage(from('first', message('q3', ''), ['Error code: auth:73']))).toBe('member-cooldown');
    // Another member, the error this channel was just answered with.
    expect(await autoReplies.onMessage(from('second', message('q4', 'me too, Error code: accounts:402')))).toBe('channel-cooldown');
    // Images past the ones read unasked in a minute, from a member who got no reply.
    const memes = Array.from({ length: 4 }, () => 'a cat');
    expect(await autoReplies.onMessage(from('third', message('q5', ''), memes))).toBe('nothing-found');
    expect(await autoReplies.onMessage(from('third', message('q6', ''), memes))).toBe('nothing-found');
    expect(await autoReplies.onMessage(from('third', message('q7', ''), ['Error code: auth:73']))).toBe('image-limit');
  });
});

/** Answers to @mentions whose server phrases come only when `release` is called (a slow database). */
function mentionsWithSlowPhrases() {
  let release!: () => void;
  const phrasesRead = new Promise<void>((resolve) => (release = resolve));
  const replies: string[] = [];
  const edits: string[] = [];
  const { autoReplies } = autoRepliesOver({
    settings: async () => DEFAULT_SETTINGS,
    phrases: async () => (await phrasesRead, []),
    poster: {
      reply: async (_channel: unknown, _id: string, payload: unknown) => (replies.push(JSON.stringify(payload)), { ok: true, message: { id: `reply-${replies.length}` } }),
      edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited'),
    },
  });
  return { autoReplies, release, replies, edits };
}

/** A message that @mentions the bot, as discord.js gives it. */
const mention = (id: string, content: string, author = 'member') =>
  ({ ...message(id, `<@bot> ${content}`), author: { id: author }, client: { user: { id: 'bot' } }, guild: null, reference: null }) as unknown as Message<true>;

describe('answers to @mentions, followed as automatic replies are', () => {
  it('posts nothing for a mention deleted before its answer was ready', async () => {
    const { autoReplies, release, replies } = mentionsWithSlowPhrases();
    const asked = mention('n1', 'Error code: auth:3');
    const answering = autoReplies.onMention(asked);
    const deleting = autoReplies.onDelete(asked);
    release();
    expect(await answering).toBe('source-deleted');
    expect(await deleting).toBe('not-followed');
    expect(replies).toEqual([]);
  });

  it('follows an edit that came while the answer was on its way, and leaves it alone when the question is the same', async () => {
    const { autoReplies, release, replies, edits } = mentionsWithSlowPhrases();
    const answering = autoReplies.onMention(mention('n2', 'Error code: auth:3', 'asker'));
    const editing = autoReplies.onEdit(mention('n2', 'sorry, Error code: accounts:127', 'asker'));
    release();
    expect(await answering).toBe('replied');
    expect(await editing).toBe('updated');
    expect(replies[0]).toContain('auth:3');
    expect(edits[0]).toContain('accounts:127');
    // Updated again without a change of its text (a link preview added): nothing to do.
    expect(await autoReplies.onEdit(mention('n2', 'sorry, Error code: accounts:127', 'asker'))).toBe('unchanged');
    expect(edits).toHaveLength(1);
  });

  it('says Discord failed, not that the bot may not post, when Discord did not take the answer (as for an automatic reply)', async () => {
    const failing = { reply: async () => ({ ok: false, missing: [], failing: true }) };
    const denied = { reply: async () => ({ ok: false, missing: ['SendMessages'], denied: true }) };
    expect(await autoRepliesOver({ poster: failing }).autoReplies.onMention(mention('f1', 'Error code: auth:3', 'asker'))).toBe('discord-failed');
    expect(await autoRepliesOver({ poster: failing }).autoReplies.onMessage(message('f2', 'Error code: auth:3'))).toBe('discord-failed');
    expect(await autoRepliesOver({ poster: denied }).autoReplies.onMention(mention('f3', 'Error code: auth:3', 'asker'))).toBe('send-failed');
  });
});

describe('a burst of edits of an @mention or a pasted error', () => {
  /** Automatic replies whose edits of a reply wait until `finish` is called for each. */
  function withSlowEdits() {
    const edits: string[] = [];
    const finishing: Array<() => void> = [];
    const { autoReplies } = autoRepliesOver({
      poster: {
        edit: async (_channel: unknown, _id: string, payload: unknown) => {
          edits.push(JSON.stringify(payload));
          await new Promise<void>((resolve) => finishing.push(resolve));
          return 'edited';
        },
      },
    });
    /** Lets each edit request finish once made, until all of `handled` are. */
    const finishEdits = async <T>(handled: Array<Promise<T>>): Promise<T[]> => {
      let settled = false;
      const all = Promise.all(handled).finally(() => (settled = true));
      while (!settled) {
        for (const finish of finishing.splice(0)) finish();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return all;
    };
    /** Resolves once the first edit request is on its way. */
    const editing = async () => {
      while (finishing.length === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    return { autoReplies, edits, editing, finishEdits };
  }

  it('edits an @mention\'s answer once more, to the latest question, for the edits that came while an edit was on its way', async () => {
    const { autoReplies, edits, editing, finishEdits } = withSlowEdits();
    expect(await autoReplies.onMention(mention('b1', 'Error code: auth:3', 'asker'))).toBe('replied');
    const first = autoReplies.onEdit(mention('b1', 'Error code: auth:1', 'asker'));
    await editing();
    const burst = ['accounts:402', 'auth:73', 'accounts:127'].map((code) => autoReplies.onEdit(mention('b1', `Error code: ${code}`, 'asker')));
    expect(await finishEdits([first, ...burst])).toEqual(['updated', 'updated', 'updated', 'updated']);
    expect(edits).toHaveLength(2);
    expect(edits[1]).toContain('accounts:127');
    // Asked again with the latest question: nothing changes.
    expect(await autoReplies.onEdit(mention('b1', 'Error code: accounts:127', 'asker'))).toBe('unchanged');
  });

  it('does the same for an automatic reply\'s source', async () => {
    const { autoReplies, edits, editing, finishEdits } = withSlowEdits();
    expect(await autoReplies.onMessage(message('b2', 'Error code: auth:3'))).toBe('replied');
    const first = autoReplies.onEdit(message('b2', 'Error code: auth:1'));
    await editing();
    const burst = ['accounts:402', 'auth:73', 'accounts:127'].map((code) => autoReplies.onEdit(message('b2', `Error code: ${code}`)));
    expect(await finishEdits([first, ...burst])).toEqual(['updated', 'updated', 'updated', 'updated']);
    expect(edits).toHaveLength(2);
    expect(edits[1]).toContain('accounts:127');
  });
});

describe('edits of an @mention with images', () => {
  it('read its images again within the member\'s images a minute only, however often its text is edited', async () => {
    const { reader, reads } = await fakeReader();
    const { autoReplies } = autoRepliesOver({ answerer: new Answerer(new ErrorLookup(loadEntries()), reader), settings: async () => DEFAULT_SETTINGS });
    const memes = new Map(['a cat', 'a dog', 'a bird', 'a fish'].map((text, i) => [`a${i}`, image(text)]));
    const withMemes = (text: string) => ({ ...mention('e1', text, 'troll'), attachments: memes }) as unknown as Message<true>;
    expect(await autoReplies.onMention(withMemes('my playlist went weird'))).toBe('replied');
    expect(reads).toHaveLength(4);
    // The images cannot change in an edit; each new text asks again, but no more images are read than unasked in a minute.
    for (let i = 0; i < 10; i++) await autoReplies.onEdit(withMemes(`my playlist went weird ${i}`));
    expect(reads.length).toBeLessThanOrEqual(4 + 8);
  });
});

describe('edits of an @mention answered from its screenshot', () => {
  it('answer again when the question changes, and go when it no longer mentions the bot', async () => {
    const { reader } = await fakeReader();
    const edits: string[] = [];
    const removed: string[] = [];
    const { autoReplies } = autoRepliesOver({
      answerer: new Answerer(new ErrorLookup(loadEntries()), reader),
      settings: async () => DEFAULT_SETTINGS,
      poster: {
        edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited'),
        remove: async (_channel: unknown, id: string) => (removed.push(id), 'deleted'),
      },
    });
    const shot = new Map([['a0', image('Something went wrong. A firewall may be blocking Spotify. (Error code: accounts:103)')]]);
    const withShot = (content: string) => ({ ...mention('s1', '', 'asker'), content, attachments: shot }) as unknown as Message<true>;
    expect(await autoReplies.onMention(withShot('<@bot>'))).toBe('replied');
    // The member adds the code they meant: the answer changes with the question.
    expect(await autoReplies.onEdit(withShot('<@bot> sorry, it says Error code: accounts:127'))).toBe('updated');
    expect(edits.at(-1)).toContain('accounts:127');
    // No longer asking the bot: the answer goes, though the image stays.
    expect(await autoReplies.onEdit(withShot('never mind, fixed it'))).toBe('removed');
    expect(removed).toEqual(['reply-1']);
  });
});

describe('edits of a message answered from its screenshot', () => {
  it('show the shared message its text quotes once the screenshot is taken out, rather than nothing', async () => {
    const { reader } = await fakeReader();
    const edits: string[] = [];
    const removed: string[] = [];
    const { autoReplies } = autoRepliesOver({
      answerer: new Answerer(new ErrorLookup(loadEntries()), reader),
      poster: {
        edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited'),
        remove: async (_channel: unknown, id: string) => (removed.push(id), 'deleted'),
      },
    });
    const shot = new Map([['a0', image('A firewall may be blocking Spotify. (Error code: accounts:103)')]]);
    const source = (content: string, attachments: Map<string, unknown>) => ({ ...message('f1', content), attachments }) as unknown as Message<true>;
    const quoted = 'Spotify says: A firewall may be blocking Spotify.';
    // The text quotes the message the seven share; the screenshot's code says which one.
    expect(await autoReplies.onMessage(source(quoted, shot))).toBe('replied');
    expect(await autoReplies.onEdit(source(`${quoted} Every morning.`, shot))).toBe('unchanged');
    // The member takes the screenshot out: the text still shows the shared message, as it did before the image was read.
    expect(await autoReplies.onEdit(source(quoted, new Map()))).toBe('updated');
    expect(removed).toEqual([]);
    expect(edits.at(-1)).toContain('Several Spotify errors show this message');
    expect(await autoReplies.onEdit(source('never mind, it works now', new Map()))).toBe('removed');
  });
});

describe('how long a reply follows its source', () => {
  it('follows edits for ten minutes from the answer, however often the source was edited meanwhile', async () => {
    let now = 0;
    const edits: string[] = [];
    const { autoReplies } = autoRepliesOver({
      gate: new AutoReplyGate({ now: () => now }),
      poster: { edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited') },
    });
    expect(await autoReplies.onMessage(message('w1', 'Error code: auth:3'))).toBe('replied');
    expect(await autoReplies.onMention(mention('w2', 'Error code: auth:3', 'asker'))).toBe('replied');
    now = 9 * 60_000;
    expect(await autoReplies.onEdit(message('w1', 'Error code: auth:1'))).toBe('updated');
    expect(await autoReplies.onEdit(mention('w2', 'Error code: auth:1', 'asker'))).toBe('updated');
    // Past ten minutes from the answers: an edit a minute before did not give the source ten more.
    now = 11 * 60_000;
    expect(await autoReplies.onEdit(message('w1', 'Error code: accounts:402'))).toBe('not-followed');
    expect(await autoReplies.onEdit(mention('w2', 'Error code: accounts:402', 'asker'))).toBe('not-followed');
    expect(edits).toHaveLength(2);
  });
});

describe('a channel cooldown longer than the ten minutes a reply is followed', () => {
  it('ends when the reply is dismissed or deleted by a moderator after those ten minutes', async () => {
    let now = 0;
    let replies = 0;
    const { autoReplies } = autoRepliesOver({
      gate: new AutoReplyGate({ now: () => now }),
      // The server repeats an error in a channel once an hour at most.
      settings: async () => ({ ...HELP_ON, channelCooldownSeconds: 3600 }),
      poster: { reply: async () => ({ ok: true, message: { id: `reply-${++replies}` } }) },
    });
    expect(await autoReplies.onMessage(from('first', message('h1', 'Error code: accounts:402')))).toBe('replied');
    now = 15 * 60_000;
    expect(await autoReplies.onMessage(from('second', message('h2', 'Error code: accounts:402')))).toBe('channel-cooldown');
    // Dismissed a quarter of an hour later: nothing in the channel shows accounts:402 any more.
    autoReplies.dismissed('reply-1');
    expect(await autoReplies.onMessage(from('third', message('h3', 'Error code: accounts:402')))).toBe('replied');
    // A moderator deletes that reply by hand, as long after.
    now = 30 * 60_000;
    await autoReplies.onDelete(message('reply-2', ''));
    expect(await autoReplies.onMessage(from('fourth', message('h4', 'Error code: accounts:402')))).toBe('replied');
  });
});

describe('edits where automatic replies were turned off since', () => {
  it('no longer change a reply to show another error, and still remove it when the error is gone', async () => {
    let settings: GuildSettings = HELP_ON;
    const edits: string[] = [];
    const deleted: string[] = [];
    const { autoReplies } = autoRepliesOver({
      settings: async () => settings,
      poster: {
        reply: async (_channel: unknown, id: string) => ({ ok: true, message: { id: `reply-${id}` } }),
        edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited'),
        remove: async (_channel: unknown, id: string) => (deleted.push(id), 'deleted'),
      },
    });
    expect(await autoReplies.onMessage(from('first', message('s1', 'Error code: auth:3')))).toBe('replied');
    expect(await autoReplies.onMessage(from('second', message('s2', 'Error code: auth:1')))).toBe('replied');
    // A moderator turns them off (a member was cycling errors through one message's edits), or denies the channel.
    settings = { ...settings, autoReplies: false };
    expect(await autoReplies.onEdit(from('first', message('s1', 'Error code: accounts:402')))).toBe('unchanged');
    settings = { ...settings, autoReplies: true, denyIds: ['help'] };
    expect(await autoReplies.onEdit(from('first', message('s1', 'Error code: auth:73')))).toBe('unchanged');
    expect(edits).toEqual([]);
    expect(await autoReplies.onEdit(from('second', message('s2', 'never mind, it works now')))).toBe('removed');
    expect(deleted).toEqual(['reply-s2']);
  });
});

describe('a flood of @mentions', () => {
  it('is bounded as automatic replies are: past the replies worked on at once in a server, new mentions are dropped', async () => {
    let sendAll!: () => void;
    const rateLimited = new Promise<void>((resolve) => (sendAll = resolve));
    const { autoReplies, deps, gate } = autoRepliesOver({
      gate: new AutoReplyGate({ maxWorkingPerGuild: 2 }),
      settings: async () => DEFAULT_SETTINGS,
      // Every reply waits behind Discord's rate limit.
      poster: { reply: async () => (await rateLimited, { ok: true, message: { id: `reply-${Math.random()}` } }) },
    });
    const raid = Array.from({ length: 5 }, (_, i) => autoReplies.onMention(mention(`r${i}`, 'Error code: auth:3', `raider-${i}`)));
    await new Promise((resolve) => setImmediate(resolve));
    sendAll();
    expect(await Promise.all(raid)).toEqual(['replied', 'replied', 'overloaded', 'overloaded', 'overloaded']);
    expect(deps.counters.autoRepliesDropped).toBe(3);
    expect(gate.workingCount).toBe(0);
  });
});

describe('an @mention in a help-forum post', () => {
  it('is answered with Mark solved, as an automatic reply there is, and keeps it when the question is edited', async () => {
    const replies: string[] = [];
    const edits: string[] = [];
    const { autoReplies } = autoRepliesOver({
      settings: async () => ({ ...DEFAULT_SETTINGS, forums: [{ forumId: 'forum', idleHours: 24, onboarding: true, lock: false }] }),
      poster: {
        reply: async (_channel: unknown, _id: string, payload: unknown) => (replies.push(JSON.stringify(payload)), { ok: true, message: { id: 'reply-1' } }),
        edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited'),
      },
    });
    const inPost = (content: string) =>
      ({ ...mention('f1', content, 'owner'), channelId: 'post', channel: { id: 'post', parentId: 'forum', parent: { parentId: null } } }) as unknown as Message<true>;
    expect(await autoReplies.onMention(inPost('Error code: auth:3'))).toBe('replied');
    expect(replies[0]).toContain('"custom_id":"se:solved:post"');
    expect(await autoReplies.onEdit(inPost('sorry, it says Error code: accounts:127'))).toBe('updated');
    expect(edits[0]).toContain('accounts:127');
    expect(edits[0]).toContain('"custom_id":"se:solved:post"');
  });
});

describe('an @mention replying to another member\'s message', () => {
  it('asks about that message when its own words find nothing or no one error ("any idea?"), as a bare mention does, and counts no miss', async () => {
    const replies: string[] = [];
    const recorded: unknown[] = [];
    const { autoReplies, deps } = autoRepliesOver({
      settings: async () => DEFAULT_SETTINGS,
      poster: { reply: async (_channel: unknown, _id: string, payload: unknown) => (replies.push(JSON.stringify(payload)), { ok: true, message: { id: `reply-${replies.length}` } }) },
    });
    (deps.stats as { record: (guildId: string, events: unknown[]) => void }).record = (_guildId, events) => void recorded.push(...events);
    const question = { ...mention('q1', '', 'member'), content: 'spotify keeps saying Error code: accounts:127, what do i do' };
    const words = ['any idea?', 'what does this mean', 'check this'];
    for (const [i, said] of words.entries()) {
      const asked = { ...mention(`r${i}`, said, `helper-${i}`), reference: { messageId: 'q1' }, fetchReference: async () => question } as unknown as Message<true>;
      expect(await autoReplies.onMention(asked)).toBe('replied');
      expect(replies[i], said).toContain('accounts:127');
    }
    expect(recorded.filter((e) => (e as { kind: string }).kind === 'miss')).toEqual([]);
  });
});

describe('an @mention answered from the screenshot of the message it replies to', () => {
  it('leaves its answer alone when the mention is updated without a change (pinned)', async () => {
    const { reader } = await fakeReader();
    const edits: string[] = [];
    const { autoReplies } = autoRepliesOver({
      answerer: new Answerer(new ErrorLookup(loadEntries()), reader),
      settings: async () => DEFAULT_SETTINGS,
      poster: { edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited') },
    });
    const shot = new Map([['a0', image('Something went wrong. (Error code: accounts:127)')]]);
    const theirs = { ...mention('p1', '', 'member'), content: '', attachments: shot };
    for (const [i, said] of ['', 'any idea?'].entries()) {
      const asked = { ...mention(`pm${i}`, said, `helper-${i}`), reference: { messageId: 'p1' }, fetchReference: async () => theirs } as unknown as Message<true>;
      expect(await autoReplies.onMention(asked)).toBe('replied');
      // Its screenshot is the other message's: the mention's own update (a pin) does not take it away.
      expect(await autoReplies.onEdit(asked), said).toBe('unchanged');
    }
    expect(edits).toEqual([]);
  });
});

describe('an @mention updated without being edited (pinned, a thread started from it, a link preview added)', () => {
  it('keeps its answer, even when the message it asked about is gone since: its question did not change', async () => {
    const edits: string[] = [];
    const { autoReplies } = autoRepliesOver({
      settings: async () => DEFAULT_SETTINGS,
      poster: { edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited') },
    });
    const question = { ...mention('g1', '', 'member'), content: 'spotify keeps saying Error code: accounts:127' };
    let gone = false;
    const fetchReference = async () => {
      if (gone) throw new Error('Unknown Message');
      return question;
    };
    // Never edited: Discord sends no edited_timestamp for a pin, a thread or a link preview.
    const asked = { ...mention('gm', '', 'helper'), editedTimestamp: null, reference: { messageId: 'g1' }, fetchReference } as unknown as Message<true>;
    expect(await autoReplies.onMention(asked)).toBe('replied');
    gone = true;
    expect(await autoReplies.onEdit({ ...asked, pinned: true } as unknown as Message<true>)).toBe('unchanged');
    expect(edits).toEqual([]);
  });
});

describe('an @mention edited without changing its question, then updated without being edited', () => {
  it('keeps its answer when the message it asked about is gone since: the edit that asked the same was answered', async () => {
    const edits: string[] = [];
    const { autoReplies } = autoRepliesOver({
      settings: async () => DEFAULT_SETTINGS,
      poster: { edit: async (_channel: unknown, _id: string, payload: unknown) => (edits.push(JSON.stringify(payload)), 'edited') },
    });
    const question = { ...mention('g2', '', 'member'), content: 'spotify keeps saying Error code: accounts:127' };
    let gone = false;
    const fetchReference = async () => {
      if (gone) throw new Error('Unknown Message');
      return question;
    };
    const asked = { ...mention('gm2', '', 'helper'), editedTimestamp: null, reference: { messageId: 'g2' }, fetchReference } as unknown as Message<true>;
    expect(await autoReplies.onMention(asked)).toBe('replied');
    // Edited to words that ask nothing more ("thanks"): still a question about the message it replies to.
    const edited = { ...asked, content: '<@bot> thanks', editedTimestamp: 1_000 } as unknown as Message<true>;
    expect(await autoReplies.onEdit(edited)).toBe('unchanged');
    gone = true;
    // Pinned since: Discord sends the message with that same edit's time.
    expect(await autoReplies.onEdit({ ...edited, pinned: true } as unknown as Message<true>)).toBe('unchanged');
    expect(edits).toEqual([]);
  });
});
