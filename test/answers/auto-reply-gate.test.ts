import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoReplyGate, IMAGES_PER_MEMBER_PER_MINUTE, type Post } from '../../src/answers/auto-reply-gate.js';
import type { Answer } from '../../src/answers/types.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/schema.js';
import { sharedLookup } from '../helpers.js';
import { image } from './fakes.js';

const settings: GuildSettings = { ...DEFAULT_SETTINGS, autoReplies: true };
const entry = (code: string) => sharedLookup().byCode(code)!;
const entries = (...list: string[]): Answer => ({ kind: 'entries', entries: list.map(entry), by: 'detection', source: 'text' });
const post = (authorId: string, channelId = 'help'): Post => ({ guildId: 'g', channelId, authorId, scopeIds: [channelId, 'category'] });

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('automatic-reply gate', () => {
  it('runs only where the server turned replies on: allowed places, never denied ones', () => {
    const gate = new AutoReplyGate();
    expect(gate.inScope(DEFAULT_SETTINGS, post('a'))).toBe(false);
    expect(gate.inScope(settings, post('a'))).toBe(true);
    expect(gate.inScope({ ...settings, allowIds: ['category'] }, post('a'))).toBe(true);
    expect(gate.inScope({ ...settings, allowIds: ['elsewhere'] }, post('a'))).toBe(false);
    expect(gate.inScope({ ...settings, allowIds: ['help'], denyIds: ['category'] }, post('a'))).toBe(false);
  });

  it('counts a place as chosen for Spotify help only where the server allowed it or made it a help forum, not merely where replies run', () => {
    const gate = new AutoReplyGate();
    // Replies run everywhere (an empty allow list): no channel was chosen for Spotify.
    expect(gate.chosenForHelp(settings, post('a'))).toBe(false);
    expect(gate.chosenForHelp({ ...settings, allowIds: ['category'] }, post('a'))).toBe(true);
    expect(gate.chosenForHelp({ ...settings, allowIds: ['help'] }, post('a'))).toBe(true);
    expect(gate.chosenForHelp({ ...settings, allowIds: ['elsewhere'] }, post('a'))).toBe(false);
    const forum = { forumId: 'category', idleHours: 24, onboarding: true, lock: false };
    expect(gate.chosenForHelp({ ...settings, forums: [forum] }, post('a'))).toBe(true);
  });

  it("names the channel's cooldown only when it holds back everything the answer shows, the member's otherwise", () => {
    const gate = new AutoReplyGate({ now: clock().now });
    expect(gate.admit(entries('auth:3'), post('a'), settings)).toBeDefined();
    // auth:1 is new in the channel: it is the member's cooldown that keeps it back.
    expect(gate.admit(entries('auth:3', 'auth:1'), post('a'), settings)).toBeUndefined();
    expect(gate.cooldownOf(entries('auth:3', 'auth:1'), post('a'), settings)).toBe('member');
    expect(gate.cooldownOf(entries('auth:3'), post('a'), settings)).toBe('channel');
  });

  it('does not repeat an entry in a channel within its cooldown, but says the new ones', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    expect(gate.admit(entries('auth:3'), post('a'), settings)).toBeDefined();
    expect(gate.admit(entries('auth:3'), post('b'), settings)).toBeUndefined();
    const mixed = gate.admit(entries('auth:3', 'auth:1'), post('c'), settings)!;
    expect(mixed.answer).toMatchObject({ entries: [{ code: 'auth:1' }] });
    expect(gate.admit(entries('auth:3'), post('d', 'other-channel'), settings)).toBeDefined();
    time.advance(settings.channelCooldownSeconds * 1000 + 1);
    expect(gate.admit(entries('auth:3'), post('e'), settings)).toBeDefined();
  });

  it('starts the channel cooldown only of the errors a reply shows (three at most), not of those it leaves out', () => {
    const gate = new AutoReplyGate();
    const five = gate.admit(entries('auth:1', 'auth:2', 'auth:3', 'auth:73', 'session:3'), post('a'), settings)!;
    expect(five.answer).toMatchObject({ entries: [{ code: 'auth:1' }, { code: 'auth:2' }, { code: 'auth:3' }, { code: 'auth:73' }, { code: 'session:3' }] });
    expect(gate.admit(entries('auth:73'), post('b'), settings)).toBeDefined();
    expect(gate.admit(entries('auth:3'), post('c'), settings)).toBeUndefined();
  });

  it('ends the channel cooldowns a reply started when an edit takes their errors out, and keeps those it still shows', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    const first = gate.admit(entries('auth:3', 'auth:1'), post('editor'), settings)!;
    time.advance(1000);
    const now = gate.shownByEdit(entries('auth:1', 'auth:73'), post('editor'), settings, first.cooldowns);
    expect(Object.keys(now).sort()).toEqual(['channel:help:auth:1', 'channel:help:auth:73']);
    expect(gate.admit(entries('auth:3'), post('b'), settings)).toBeDefined();
    expect(gate.admit(entries('auth:1'), post('c'), settings)).toBeUndefined();
    expect(gate.admit(entries('auth:73'), post('d'), settings)).toBeUndefined();
  });

  it('keeps the cooldown of an error another reply still shows when a reply edited to it goes', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    // A reply shows auth:3; another member's reply, first auth:1, is edited to auth:3 too.
    gate.admit(entries('auth:3'), post('first'), settings);
    time.advance(1000);
    const second = gate.admit(entries('auth:1'), post('second'), settings)!;
    time.advance(1000);
    const held = gate.shownByEdit(entries('auth:3'), post('second'), settings, second.cooldowns);
    // The edited reply goes with its source: the first reply still shows auth:3 in the channel.
    gate.state.endCooldownsStarted(held);
    expect(gate.admit(entries('auth:3'), post('third'), settings)).toBeUndefined();
    expect(gate.admit(entries('auth:1'), post('fourth'), settings)).toBeDefined();
  });

  it('ends the cooldown of an error once neither the reply that started it nor one edited to it shows it', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    // A reply shows auth:3; another member's reply, first auth:1, is edited to auth:3 too.
    const first = gate.admit(entries('auth:3'), post('first'), settings)!;
    time.advance(1000);
    const second = gate.admit(entries('auth:1'), post('second'), settings)!;
    time.advance(1000);
    const held = gate.shownByEdit(entries('auth:3'), post('second'), settings, second.cooldowns);
    // The first reply goes with its source: the edited reply still shows auth:3 in the channel.
    gate.state.endCooldownsStarted(first.cooldowns);
    expect(gate.admit(entries('auth:3'), post('third'), settings)).toBeUndefined();
    // Edited once more (the same error and another), then gone with its source too: nothing shows auth:3 any more.
    time.advance(1000);
    const again = gate.shownByEdit(entries('auth:3', 'auth:73'), post('second'), settings, held);
    gate.state.endCooldownsStarted(again);
    expect(gate.admit(entries('auth:3'), post('fourth'), settings)).toBeDefined();
  });

  it('leaves a cooldown another reply started since alone: only the reply that started it may end it', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    const first = gate.admit(entries('auth:3'), post('editor'), settings)!;
    time.advance(settings.channelCooldownSeconds * 1000 + 1);
    expect(gate.admit(entries('auth:3'), post('later'), settings)).toBeDefined();
    gate.state.endCooldownsStarted(first.cooldowns);
    expect(gate.admit(entries('auth:3'), post('third'), settings)).toBeUndefined();
  });

  it('answers a member once per member cooldown, and gives the cooldowns back when sending fails', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    const first = gate.admit(entries('accounts:406'), post('busy'), settings)!;
    expect(gate.admit(entries('accounts:407'), post('busy'), settings)).toBeUndefined();
    first.release();
    expect(gate.admit(entries('accounts:407'), post('busy'), settings)).toBeDefined();
    time.advance(settings.userCooldownSeconds * 1000 + 1);
    expect(gate.admit(entries('accounts:408'), post('busy'), settings)).toBeDefined();
  });

  it('holds cooldowns already running to the cooldowns a moderator sets now, however long they were', () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    const long = { ...settings, channelCooldownSeconds: 1440 * 60, userCooldownSeconds: 3600 };
    expect(gate.admit(entries('auth:3'), post('a'), long)).toBeDefined();
    expect(gate.admit(entries('auth:1'), post('b'), long)).toBeDefined();
    time.advance(61_000);
    // Lowered to the defaults: ten minutes in a channel, a minute per member.
    expect(gate.admit(entries('auth:2'), post('a'), settings)).toBeDefined();
    expect(gate.cooldownOf(entries('auth:3'), post('c'), settings)).toBe('channel');
    time.advance(10 * 60_000);
    expect(gate.cooldownOf(entries('auth:3'), post('c'), settings)).toBeUndefined();
    expect(gate.admit(entries('auth:3'), post('c'), settings)).toBeDefined();
    // Turned off: the same error again at once, and the member's next message read and answered.
    const none = { ...settings, channelCooldownSeconds: 0, userCooldownSeconds: 0 };
    expect(gate.admitImages(post('c'), [image('Error code: auth:3')], none)).toHaveLength(1);
    expect(gate.admit(entries('auth:3'), post('c'), none)).toBeDefined();
  });

  it('lists a shared message once per cooldown, and never admits nothing', () => {
    const gate = new AutoReplyGate();
    const group: Answer = { kind: 'group', message: 'a firewall may be blocking spotify', entries: [entry('auth:3'), entry('Error 30')], source: 'text' };
    expect(gate.admit(group, post('a'), settings)).toBeDefined();
    expect(gate.admit(group, post('b'), settings)).toBeUndefined();
    expect(gate.admit({ kind: 'none', source: 'text' }, post('c'), settings)).toBeUndefined();
  });

  it('bounds the replies being worked on, in all and per server, and frees a place when one is done', () => {
    const gate = new AutoReplyGate({ maxWorking: 3, maxWorkingPerGuild: 2 });
    const inGuild = (guildId: string) => ({ ...post('a'), guildId });
    expect(gate.startWork(inGuild('g1'))).toBe(true);
    expect(gate.startWork(inGuild('g1'))).toBe(true);
    expect(gate.startWork(inGuild('g1'))).toBe(false);
    expect(gate.startWork(inGuild('g2'))).toBe(true);
    expect(gate.startWork(inGuild('g3'))).toBe(false);
    expect(gate.workingCount).toBe(3);
    gate.endWork(inGuild('g1'));
    expect(gate.startWork(inGuild('g3'))).toBe(true);
    expect(gate.startWork(inGuild('g1'))).toBe(false);
  });

  it(`reads at most ${IMAGES_PER_MEMBER_PER_MINUTE} images a minute per member, none while they wait out a cooldown`, () => {
    const time = clock();
    const gate = new AutoReplyGate({ now: time.now });
    const five = Array.from({ length: 5 }, (_, i) => image(`meme ${i}`));
    // Four a message at most (the reader's limit): a fifth is not read, so not counted.
    expect(gate.admitImages(post('memer'), five, settings)).toHaveLength(4);
    expect(gate.admitImages(post('memer'), five, settings)).toHaveLength(4);
    expect(gate.admitImages(post('memer'), five, settings)).toHaveLength(0);
    expect(gate.admitImages(post('someone-else'), five, settings)).toHaveLength(4);
    time.advance(60_001);
    expect(gate.admitImages(post('memer'), five, settings)).toHaveLength(4);
    gate.admit(entries('auth:1'), post('answered'), settings);
    expect(gate.admitImages(post('answered'), five, settings)).toEqual([]);
  });

  it('counts only the images it would read: other files, and a message\'s images past four, leave the budget alone', () => {
    const gate = new AutoReplyGate();
    const photos = Array.from({ length: 8 }, (_, i) => image(`holiday ${i}`, `photo${i}.jpg`));
    expect(gate.admitImages(post('member'), photos, settings)).toHaveLength(4);
    // Then their logs and the screenshot of the error, in the same minute: the screenshot is read.
    const logs = ['spotify.log', 'crash.txt', 'setup.log'].map((name) => ({ ...image('', name), contentType: 'text/plain' }));
    const shot = image('Error code: auth:73');
    expect(gate.admitImages(post('member'), [...logs, shot], settings)).toEqual([shot]);
  });

  describe('with the system clock set back (an NTP step, a host resumed)', () => {
    afterEach(() => vi.useRealTimers());

    it('keeps cooldowns and the images a minute to their length, not the length plus the step', () => {
      vi.useFakeTimers({ now: Date.UTC(2026, 10, 27, 12) });
      vi.advanceTimersByTime(1000);
      const gate = new AutoReplyGate();
      const five = Array.from({ length: 5 }, (_, i) => image(`meme ${i}`));
      expect(gate.admit(entries('auth:3'), post('a'), settings)).toBeDefined();
      gate.admitImages(post('memer'), five, settings);
      gate.admitImages(post('memer'), five, settings);
      // The wall clock goes back an hour; time itself goes on.
      vi.setSystemTime(Date.now() - 3_600_000);
      vi.advanceTimersByTime(settings.channelCooldownSeconds * 1000 + 1);
      // The member's minute and the channel's ten minutes are over: auth:3 is answered again, the images read.
      expect(gate.admit(entries('auth:3'), post('a'), settings)).toBeDefined();
      expect(gate.admitImages(post('memer'), five, settings)).toHaveLength(4);
    });
  });
});
