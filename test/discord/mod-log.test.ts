import { PermissionsBitField, type Client } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLAPPING_OUTAGES, ModLog, OUTAGE_NOTICE_AFTER_MS } from '../../src/discord/mod-log.js';
import type { GuildData } from '../../src/storage/guild-data.js';
import { collectingLogger } from '../helpers.js';

/** A database status that the test turns off and on, as StorageStatus tells its listeners. */
function fakeStatus() {
  const listeners: Array<(available: boolean) => void> = [];
  const status = {
    available: true,
    onChange: (listener: (available: boolean) => void) => void listeners.push(listener),
    set(available: boolean) {
      status.available = available;
      for (const listener of listeners) listener(available);
    },
  };
  return status;
}

function modLogIn(guildIds: string[]) {
  const modLog = new ModLog({} as GuildData, collectingLogger().logger);
  modLog.attach({ guilds: { cache: new Map(guildIds.map((id) => [id, {}])) } } as unknown as Client);
  const posted = vi.spyOn(modLog, 'post').mockResolvedValue(undefined);
  return { modLog, posted };
}

afterEach(() => vi.useRealTimers());

describe("the moderators' log on a database outage", () => {
  it('tells every server only when the outage lasts, never for a blip', async () => {
    vi.useFakeTimers();
    const status = fakeStatus();
    const { modLog, posted } = modLogIn(['1', '2']);
    modLog.noticeOutages(status, 'The database is not answering.');

    // One slow read: an outage that ends within the minute is not announced.
    status.set(false);
    await vi.advanceTimersByTimeAsync(OUTAGE_NOTICE_AFTER_MS - 1);
    status.set(true);
    await vi.advanceTimersByTimeAsync(OUTAGE_NOTICE_AFTER_MS * 2);
    expect(posted).not.toHaveBeenCalled();

    status.set(false);
    await vi.advanceTimersByTimeAsync(OUTAGE_NOTICE_AFTER_MS);
    expect(posted.mock.calls.map(([event]) => event)).toEqual([
      { kind: 'warning', guildId: '1', cause: 'storage', text: 'The database is not answering.' },
      { kind: 'warning', guildId: '2', cause: 'storage', text: 'The database is not answering.' },
    ]);
  });

  it('tells them, too, when the database keeps dropping out, each time briefly', async () => {
    vi.useFakeTimers();
    const status = fakeStatus();
    const { modLog, posted } = modLogIn(['1']);
    modLog.noticeOutages(status, 'The database is not answering.');
    for (let i = 0; i < FLAPPING_OUTAGES; i++) {
      expect(posted).not.toHaveBeenCalled();
      status.set(false);
      await vi.advanceTimersByTimeAsync(5_000);
      status.set(true);
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(posted).toHaveBeenCalledTimes(1);
  });

  it('does not take two blips and a third one 30 minutes later for a flapping database when the wall clock was set back meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const status = fakeStatus();
    const { modLog, posted } = modLogIn(['1']);
    modLog.noticeOutages(status, 'The database is not answering.');
    const blip = async (thenWait: number) => {
      status.set(false);
      await vi.advanceTimersByTimeAsync(5_000);
      status.set(true);
      await vi.advanceTimersByTimeAsync(thenWait);
    };
    await blip(6 * 60_000);
    await blip(60_000);
    // NTP sets the host's clock back an hour.
    vi.setSystemTime(Date.now() - 60 * 60_000);
    await vi.advanceTimersByTimeAsync(23 * 60_000);
    await blip(60_000);
    expect(posted).not.toHaveBeenCalled();
  });

  it('says nothing after the bot stopped', async () => {
    vi.useFakeTimers();
    const status = fakeStatus();
    const { modLog, posted } = modLogIn(['1']);
    modLog.noticeOutages(status, 'The database is not answering.');
    status.set(false);
    modLog.stop();
    await vi.advanceTimersByTimeAsync(OUTAGE_NOTICE_AFTER_MS * 2);
    expect(posted).not.toHaveBeenCalled();
  });
});

describe("the moderators' log's warnings", () => {
  /** A text channel of server `g` the bot may post in; `onSend` hears what it sends there. */
  function logChannel(id: string, onSend: (content: string) => void) {
    return {
      id,
      guildId: 'g',
      client: { user: { id: 'bot' } },
      isTextBased: () => true,
      isDMBased: () => false,
      isThread: () => false,
      permissionsFor: () => new PermissionsBitField(PermissionsBitField.All),
      send: async ({ content }: { content: string }) => void onSend(content),
    };
  }

  /** A mod log whose server logs to a channel it may post in; what it sends there. */
  function postingModLog() {
    const sent: string[] = [];
    const log = logChannel('log', (content) => sent.push(content));
    const guildData = { settings: async () => ({ logChannelId: 'log' }) } as unknown as GuildData;
    const modLog = new ModLog(guildData, collectingLogger().logger);
    modLog.attach({ channels: { cache: new Map([['log', log]]) } } as unknown as Client);
    return { modLog, sent };
  }

  it('records the log turned off, or moved, in the channel it was in as well', async () => {
    const sent: Array<{ channel: string; content: string }> = [];
    const channel = (id: string) => logChannel(id, (content) => sent.push({ channel: id, content }));
    let logChannelId: string | undefined = 'new';
    const modLog = new ModLog({ settings: async () => ({ logChannelId }) } as unknown as GuildData, collectingLogger().logger);
    modLog.attach({ channels: { cache: new Map(['old', 'new'].map((id) => [id, channel(id)])) } } as unknown as Client);
    await modLog.post({ kind: 'settings', guildId: 'g', by: '1', changes: ['log channel: <#old> → <#new>'], formerLogChannelId: 'old' });
    logChannelId = undefined;
    await modLog.post({ kind: 'settings', guildId: 'g', by: '1', changes: ['log channel: <#new> → —'], formerLogChannelId: 'new' });
    expect(sent).toEqual([
      { channel: 'new', content: '⚙️ <@1> changed settings: log channel: <#old> → <#new>' },
      { channel: 'old', content: '⚙️ <@1> changed settings: log channel: <#old> → <#new>' },
      { channel: 'new', content: '⚙️ <@1> changed settings: log channel: <#new> → —' },
    ]);
  });

  it('posts a warning once per cause, and another cause beside it', async () => {
    const { modLog, sent } = postingModLog();
    const warn = (cause: string) => modLog.post({ kind: 'warning', guildId: 'g', cause, text: `about ${cause}` });
    await warn('storage');
    await warn('storage');
    await warn('post:1');
    await warn('storage');
    expect(sent).toEqual(['⚠️ about storage', '⚠️ about post:1']);
  });

  it('holds a warning back only once it was posted: one set while no log channel was set still reaches the log set next', async () => {
    const sent: string[] = [];
    const settings: { logChannelId?: string } = {};
    const modLog = new ModLog({ settings: async () => settings } as unknown as GuildData, collectingLogger().logger);
    modLog.attach({ channels: { cache: new Map([['log', logChannel('log', (content) => sent.push(content))]]) } } as unknown as Client);
    const warn = () => modLog.post({ kind: 'warning', guildId: 'g', cause: 'storage', text: 'about storage' });
    await warn();
    settings.logChannelId = 'log';
    await warn();
    await warn();
    expect(sent).toEqual(['⚠️ about storage']);
  });

  it('holds back no warning Discord failed to take (a 5xx, a lost connection): the next one reaches the log', async () => {
    const sent: string[] = [];
    let failing = true;
    const log = logChannel('log', (content) => {
      if (failing) throw new Error('Service Unavailable');
      sent.push(content);
    });
    const modLog = new ModLog({ settings: async () => ({ logChannelId: 'log' }) } as unknown as GuildData, collectingLogger().logger);
    modLog.attach({ channels: { cache: new Map([['log', log]]) } } as unknown as Client);
    const warn = () => modLog.post({ kind: 'warning', guildId: 'g', cause: 'storage', text: 'about storage' });
    await warn();
    failing = false;
    await warn();
    await warn();
    expect(sent).toEqual(['⚠️ about storage']);
  });
});
