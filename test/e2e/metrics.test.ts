import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/discord-standin/index.js';
import { positiveScreenshots } from '../../scripts/fixtures/screenshots.js';
import { expectNoViolations, handled, replyTo, startWorld, stopWorld, type World } from './harness.js';

let world: World | undefined;
let port = 0;
beforeAll(async () => {
  port = await freePort();
  world = await startWorld({
    env: (guild) => ({ AUTO_REPLY_CHANNEL_IDS: guild.help.id, HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' }),
  });
});
afterAll(() => stopWorld(world));
expectNoViolations(() => world);

const scrape = async () => {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
};
const value = (families: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string> = {}) =>
  families
    .find((f) => f.name === name)
    ?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0) ?? 0;

describe('GET /metrics', () => {
  it('counts a scripted conversation, in Prometheus\' text format, with bounded labels only', async () => {
    const { standin, guild, member, helper } = world!;
    const before = await scrape();
    expect(value(before, 'spotify_bot_answers_total')).toBe(0);

    await standin.slash(guild.help, member, 'spotify-error', { query: 'Error code: auth:73' }).reply();
    await standin.slash(guild.help, member, 'spotify-error', { query: 'auth:3' }).reply();
    await standin.slash(guild.help, member, 'spotify-error', { query: 'A firewall may be blocking Spotify' }).reply();
    await standin.slash(guild.help, member, 'spotify-error', { query: 'spotify login problem' }).reply();
    await standin.slash(guild.help, member, 'spotify-error', { query: 'what a lovely day for a picnic' }).reply();
    const pasted = standin.say(guild.help, standin.addMember(guild, 'paster'), 'Error code: accounts:408');
    await replyTo(world!, pasted);
    const again = standin.say(guild.help, standin.addMember(guild, 'paster2'), 'me too, Error code: accounts:408');
    expect(await handled(world!, [again])).toEqual(['channel-cooldown']);
    const elsewhere = standin.say(guild.general, member, 'Error code: auth:1');
    expect(await handled(world!, [elsewhere])).toEqual(['not-enabled']);
    const asker = standin.addMember(guild, 'asker');
    await replyTo(world!, standin.say(guild.general, asker, `<@${standin.bot.id}> Error code: session:3`));
    // A mention's own cooldown is no suppressed automatic reply.
    expect(await handled(world!, [standin.say(guild.general, asker, `<@${standin.bot.id}> Error code: auth:3`)])).toEqual(['cooldown']);
    const question = standin.say(guild.general, member, 'it says Error code: accounts:406');
    await standin.messageCommand(guild.general, helper, 'Send Spotify fix', question).reply();
    await replyTo(world!, question);
    const shot = (await positiveScreenshots(1, { small: false })).find((f) => f.expected === 'auth:1')!;
    const image = standin.attach('s.png', shot.bytes, shot.contentType, { width: shot.width, height: shot.height });
    await replyTo(world!, standin.say(guild.help, standin.addMember(guild, 'pictured'), '', { attachments: [image] }), 30_000);
    standin.inject({ path: /\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 0.2 });
    await standin.slash(guild.help, member, 'spotify-error', { query: 'session:103' }).reply();
    const resumed = new Promise((resolve) => standin.once('resume', resolve));
    standin.dropGateway(4000);
    await resumed;
    await world!.bot.waitForLog((l) => l.msg === 'gateway resumed');

    const after = await scrape();
    const answers = (labels: Record<string, string>) => value(after, 'spotify_bot_answers_total', labels);
    // A query that is exactly a code is what picking an autocomplete choice sends.
    expect(answers({ way: 'slash', outcome: 'entry' })).toBe(1);
    expect(answers({ way: 'autocomplete', outcome: 'entry' })).toBe(2);
    expect(answers({ way: 'slash', outcome: 'group' })).toBe(1);
    expect(answers({ way: 'slash', outcome: 'menu' })).toBe(1);
    expect(answers({ way: 'slash', outcome: 'miss' })).toBe(1);
    expect(answers({ way: 'auto', outcome: 'entry' })).toBe(1);
    expect(answers({ way: 'mention', outcome: 'entry' })).toBe(1);
    expect(answers({ way: 'context', outcome: 'entry' })).toBe(1);
    expect(answers({ way: 'screenshot', outcome: 'entry' })).toBe(1);
    expect(value(after, 'spotify_bot_auto_replies_suppressed_total', { reason: 'cooldown' })).toBe(1);
    expect(value(after, 'spotify_bot_auto_replies_suppressed_total', { reason: 'scope' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'spotify_bot_screenshots_total', { result: 'read' })).toBe(1);
    expect(value(after, 'spotify_bot_screenshot_read_seconds')).toBe(1);
    expect(value(after, 'spotify_bot_interaction_response_seconds')).toBeGreaterThanOrEqual(7);
    expect(value(after, 'spotify_bot_rest_rate_limited_total')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'spotify_bot_gateway_resumes_total')).toBe(1);
    expect(value(after, 'spotify_bot_gateway_reconnects_total')).toBeGreaterThanOrEqual(1);
    // prom-client's default Node metrics ride along.
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_resident_memory_bytes', 'nodejs_gc_duration_seconds']) {
      expect(after.some((f) => f.name === name), name).toBe(true);
    }
    // Names follow Prometheus' conventions, and labels only ever carry fixed values.
    const ours = after.filter((f) => f.name.startsWith('spotify_bot_'));
    for (const family of ours) {
      if (family.type === 'COUNTER') expect(family.name).toMatch(/_total$/);
      if (family.type === 'HISTOGRAM') expect(family.name).toMatch(/_seconds$/);
    }
    const allowed: Record<string, string[]> = {
      way: ['slash', 'autocomplete', 'screenshot', 'auto', 'mention', 'context', 'forum'],
      outcome: ['entry', 'group', 'menu', 'miss'],
      reason: ['cooldown', 'scope', 'permissions', 'discord', 'overloaded'],
      result: ['read', 'failed', 'dropped'],
    };
    for (const sample of ours.flatMap((f) => f.metrics)) {
      for (const [key, label] of Object.entries(sample.labels ?? {})) expect(allowed[key], `${key}=${label}`).toContain(label);
    }
  }, 60_000);

  it('counts an automatic reply Discord failed to take as Discord failing, not as a missing permission', async () => {
    const { standin, guild } = world!;
    const before = await scrape();
    const suppressed = (families: typeof before, reason: string) => value(families, 'spotify_bot_auto_replies_suppressed_total', { reason });
    standin.inject({ method: 'POST', path: new RegExp(`/channels/${guild.help.id}/messages$`), status: 503, message: 'Service Unavailable', times: 4 });
    const pasted = standin.say(guild.help, standin.addMember(guild, 'unlucky'), 'Error code: accesspoint:39');
    expect(await handled(world!, [pasted])).toEqual(['discord-failed']);
    const after = await scrape();
    expect(suppressed(after, 'discord') - suppressed(before, 'discord')).toBe(1);
    expect(suppressed(after, 'permissions')).toBe(suppressed(before, 'permissions'));
  });
});
