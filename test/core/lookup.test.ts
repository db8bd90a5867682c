import { describe, expect, it } from 'vitest';
import { MIN_CANDIDATE_SCORE } from '../../src/core/decide.js';
import { ErrorLookup, MAX_NEAREST, POPULAR_CODES } from '../../src/core/lookup.js';
import { namedPlatform } from '../../src/core/search.js';
import { loadEntries, type ErrorEntry } from '../../src/data/index.js';
import { sharedLookup } from '../helpers.js';

/** An entry as the importer would add it from a new edition of the reference. */
function newEntry(code: string, message: string, aliases: string[] = []): ErrorEntry {
  return {
    code,
    title: 'Queue sync rejected by the device',
    category: 'network',
    severity: 'error',
    platforms: ['windows', 'macos'],
    messages: [message],
    chain: [{ label: 'Queue' }, { label: 'Device sync', detail: 'dealer' }, { label: 'Rejected' }],
    causes: ['The other device runs an old client'],
    resolution: ['Update Spotify on both devices'],
    aliases,
  };
}

/** The bot's lookup over today's data and these new entries (no people's examples), and what its detector finds in a text. */
function withEntries(...added: ErrorEntry[]) {
  const lookup = new ErrorLookup([...loadEntries(), ...added], { examples: [] });
  const detected = (text: string, assumeSpotify = false) => lookup.detector.detect(text, { assumeSpotify }).matches.map((m) => m.entry.code);
  return { lookup, detected };
}

describe('a new entry in errors.json', () => {
  const added = [
    newEntry('playback:12', 'Spotify could not sync your queue with this device.', ['playback:12a']),
    newEntry('QUEUE_SYNC_REJECTED', 'Your listening queue was rejected by the speaker.'),
  ];
  const before = new ErrorLookup(loadEntries());
  const lookup = new ErrorLookup([...loadEntries(), ...added]);

  it('is found by its code and aliases, written loosely', () => {
    expect(lookup.byCode('playback:12')?.code).toBe('playback:12');
    expect(lookup.codes.resolve('PLAYBACK 12')?.code).toBe('playback:12');
    expect(lookup.codes.resolve('Error code: playback-12a')?.code).toBe('playback:12');
    expect(lookup.codes.resolve('queue_sync_rejected')?.code).toBe('QUEUE_SYNC_REJECTED');
  });

  it('is found by search and autocomplete', () => {
    expect(lookup.search('playback:12')[0]?.entry.code).toBe('playback:12');
    expect(lookup.search('could not sync your queue')[0]?.entry.code).toBe('playback:12');
    expect(lookup.autocomplete('playb').map((c) => c.value)).toContain('playback:12');
    expect(lookup.autocomplete('QUEUE_SYNC').map((c) => c.value)[0]).toBe('QUEUE_SYNC_REJECTED');
  });

  it('is detected in pasted text: its namespace, its constant and its displayed message', () => {
    const detected = (text: string) => lookup.detector.detect(text).matches.map((m) => m.entry.code);
    expect(detected('Error code: playback:12')).toEqual(['playback:12']);
    expect(detected('the app shows QUEUE_SYNC_REJECTED every time')).toEqual(['QUEUE_SYNC_REJECTED']);
    expect(detected('Spotify could not sync your queue with this device.')).toEqual(['playback:12']);
    expect(detected('spotify: Your listening queue was rejected by the speaker.')).toEqual(['QUEUE_SYNC_REJECTED']);
    // Undocumented numbers in the new namespace are still nothing.
    expect(detected('Error code: playback:13')).toEqual([]);
    // The dataset without it knows none of this: the rules came from the data.
    expect(before.detector.detect('Error code: playback:12').matches).toEqual([]);
    expect(before.detector.detect('the app shows QUEUE_SYNC_REJECTED every time').matches).toEqual([]);
  });

  it('is detected in pasted text with as many digits as its code has (`playback:1203`)', () => {
    const { detected } = withEntries(newEntry('playback:1203', 'Spotify could not sync your queue with this device.'));
    expect(detected('Error code: playback:1203')).toEqual(['playback:1203']);
    expect(detected('it keeps saying error code playback 1203', true)).toEqual(['playback:1203']);
    expect(detected('spotify shows playback:1204')).toEqual([]);
  });

  it('is detected by its number alone in Spotify\'s context however many digits it has (`Error code: 1203`, as `Error code: 402`)', () => {
    const { detected } = withEntries(newEntry('playback:1203', 'Spotify could not sync your queue with this device.'));
    expect(detected('Spotify says Error code: 402')).toEqual(['accounts:402']);
    expect(detected('Spotify says Error code: 1203')).toEqual(['playback:1203']);
    expect(detected('Spotify says Error code: 12034')).toEqual([]);
  });

  it('builds with a code whose hyphen comes before a number (`sync-12`), and finds it where Spotify is named', () => {
    const build = () => withEntries(newEntry('sync-12', 'Spotify could not sync your queue with this device.', ['E-12']));
    expect(build).not.toThrow();
    const { detected } = build();
    expect(detected('Spotify shows sync-12 when I open it')).toEqual(['sync-12']);
    expect(detected('spotify: e-12')).toEqual(['sync-12']);
    expect(detected('the build failed with sync-12')).toEqual([]);
  });

  it('is detected in pasted text when its namespace has a hyphen or a digit (`audio-out:3`, `http2:5`)', () => {
    const { detected } = withEntries(newEntry('audio-out:3', 'Spotify could not open the audio output.'), newEntry('http2:5', 'Spotify could not keep its stream open.'));
    expect(detected('Error code: audio-out:3')).toEqual(['audio-out:3']);
    expect(detected('spotify keeps showing http2:5 since the update')).toEqual(['http2:5']);
    expect(detected('Error code: audio-out:4')).toEqual([]);
  });

  it('is detected written loosely when its namespace has a hyphen or a digit (`error audio-out 22`, `audio-out: 22`), as `error auth 73` is', () => {
    const { detected } = withEntries(newEntry('audio-out:22', 'Spotify could not open the audio output.'), newEntry('http2:15', 'Spotify could not keep its stream open.'));
    expect(detected('spotify error auth 73')).toEqual(['auth:73']);
    expect(detected('spotify error audio-out 22')).toEqual(['audio-out:22']);
    expect(detected('spotify says audio-out: 22')).toEqual(['audio-out:22']);
    expect(detected('spotify says http2: 15')).toEqual(['http2:15']);
    expect(detected('spotify shows audio-out22 error')).toEqual(['audio-out:22']);
    expect(detected('spotify error audio-out 23')).toEqual([]);
    expect(detected('spotify error audio-outs 22')).toEqual([]);
  });

  it('reads the number of a code its hyphenated namespace lacks as that code\'s, not as an HTTP status (`audio-out:404` is no HTTP 404)', () => {
    const { lookup: withIt } = withEntries(newEntry('audio-out:3', 'Spotify could not open the audio output.'));
    for (const query of ['audio-out:404', 'Error code: audio-out:404']) {
      const decision = withIt.answer(query);
      expect(decision.kind === 'confident' ? decision.entry.code : decision.kind, query).not.toMatch(/^HTTP /);
    }
    expect(withIt.answer('audio-out:3')).toMatchObject({ kind: 'confident', entry: { code: 'audio-out:3' } });
  });

  it('does not answer a code its namespace of several words lacks with that namespace\'s one code (`audio-out:12` is no audio-out:3), as `mixer:12` is not mixer:5', () => {
    const { lookup: withThem } = withEntries(newEntry('audio-out:3', 'Spotify could not open the audio output.'), newEntry('mixer:5', 'Spotify could not open the mixer.'));
    for (const query of ['mixer:12', 'audio-out:12', 'Error code: audio-out:404', 'audio-out 12']) {
      const decision = withThem.answer(query);
      expect(decision.kind, query).not.toBe('confident');
      // Nor is the namespace's one entry offered alone: a miss shows two or more closest entries, or none.
      expect(decision.kind === 'none' && decision.nearest?.length === 1, query).toBe(false);
    }
    expect(withThem.answer('audio-out:3')).toMatchObject({ kind: 'confident', entry: { code: 'audio-out:3' } });
    expect(withThem.answer('spotify could not open the audio output')).toMatchObject({ kind: 'confident', entry: { code: 'audio-out:3' } });
  });
});

describe('search through the lookup', () => {
  const lookup = new ErrorLookup(loadEntries());

  it('ranks what the text shows first: a code, then the entries of a number or message several share, then words', () => {
    expect(lookup.search('it refuses to log in: Error code: accounts:3')[0]).toMatchObject({ entry: { code: 'accounts:3' }, match: 'code' });
    // "latest version" alone would rank the update entries above the entries ending in 3.
    const shared = lookup.search('after I installed the latest version it refuses, red message with error code 3');
    expect(shared.slice(0, 3).map((r) => r.entry.code).sort()).toEqual(['accounts:3', 'auth:3', 'session:3']);
    expect(new Set(shared.slice(0, 3).map((r) => r.score)).size).toBe(1);
    expect(lookup.answer('after I installed the latest version it refuses, red message with error code 3').kind).not.toBe('confident');
  });

  it('reads the number of a code the reference lacks as that code\'s, not as an HTTP status ("accounts:404" is no HTTP 404)', () => {
    for (const query of ['accounts:404', 'Error code: auth:429', 'spotify shows accesspoint:401 at login']) {
      const decision = lookup.answer(query);
      expect(decision.kind === 'confident' ? decision.entry.code : decision.kind, query).not.toMatch(/^HTTP /);
      expect(lookup.search(query)[0]?.match, query).not.toBe('code');
    }
    // Documented codes of those numbers, and the statuses alone, are still found.
    expect(lookup.search('accounts:403')[0]).toMatchObject({ entry: { code: 'accounts:403' }, match: 'code' });
    expect(lookup.search('I get a 404 from the player endpoint')[0]?.entry.code).toBe('HTTP 404 — NO_ACTIVE_DEVICE');
  });

  it('answers a code the reference lacks with none of its namespace\'s entries, alone or as the group of a message they share ("auth:9" is neither auth:1 nor auth:2)', () => {
    for (const query of ['auth:9', 'Error code: auth:9', 'session:999', 'accesspoint:404']) expect(lookup.answer(query).kind, query).toBe('none');
    // The closest a miss shows are that namespace's entries, never answered.
    const closest = (query: string) => {
      const decision = lookup.answer(query);
      return decision.kind === 'none' ? (decision.nearest ?? []).map((r) => r.entry.code) : [];
    };
    expect(closest('auth:9').sort()).toEqual(['auth:1', 'auth:2', 'auth:3', 'auth:73']);
    expect(closest('session:999').sort()).toEqual(['session:103', 'session:3']);
    expect(closest('accesspoint:404').every((code) => code.startsWith('accesspoint:'))).toBe(true);
    expect(closest('accesspoint:404').length).toBeGreaterThan(1);
    // What else the query says still counts.
    expect(lookup.answer('error auth:12, a firewall may be blocking spotify')).toMatchObject({ kind: 'confident', entry: { code: 'auth:3' } });
    expect(lookup.answer('auth:3')).toMatchObject({ kind: 'confident', entry: { code: 'auth:3' } });
  });
});

describe('a miss', () => {
  const lookup = new ErrorLookup(loadEntries());
  const withoutExamples = new ErrorLookup(loadEntries(), { examples: [] });
  const vague = 'help me pls my music wont play';

  it('still shows the closest entries people described that way, without answering', () => {
    const miss = lookup.answer(vague);
    expect(miss.kind).toBe('none');
    // In search's order: can't-play errors first.
    expect(miss.kind === 'none' && miss.nearest?.map((r) => r.entry.code)).toEqual(lookup.search(vague, [], 5).map((r) => r.entry.code));
    expect(miss.kind === 'none' && miss.nearest?.[0]?.entry.code).toBe('ONE_TRACK_UNPLAYABLE (playback dispatcher)');
    // The reference's words alone rank nothing close enough: the closest entries come from people's examples.
    expect(withoutExamples.answer(vague)).toEqual({ kind: 'none' });
  });

  it('shows two or more close entries, or none; never one, and nothing for noise, typo guesses or words every entry has', () => {
    const queries = [vague, 'songs stop after ten seconds in the browser', 'the app wont let me skip songs anymore', 'lol', 'hello there'];
    let shown = 0;
    for (const query of queries) {
      const miss = lookup.answer(query);
      if (miss.kind !== 'none' || !miss.nearest) continue;
      shown++;
      const scores = miss.nearest.map((r) => r.score);
      expect(miss.nearest.length, query).toBeGreaterThanOrEqual(2);
      expect(miss.nearest.length, query).toBeLessThanOrEqual(MAX_NEAREST);
      expect(Math.min(...scores), query).toBeGreaterThanOrEqual(Math.max(MIN_CANDIDATE_SCORE, scores[0]! / 2));
      expect(miss.nearest.some((r) => r.match === 'guess'), query).toBe(false);
    }
    expect(shown).toBe(2);
    // Seven entries lie within half the best one's score here: a miss still shows five at most.
    const many = lookup.answer('issue in playing the song');
    expect(many.kind === 'none' && many.nearest?.length).toBe(MAX_NEAREST);
    // "blend" and "voter" are only Fuse.js guesses; "add 30 ml of water" matches nothing above the noise line.
    for (const vague of ['spotify', 'Spotify error', 'lol', 'hello there', 'blend', 'voter', 'add 30 ml of water']) {
      expect(lookup.answer(vague), vague).toEqual({ kind: 'none' });
    }
  });
});

describe('the scores a decision ranked its entries by', () => {
  const lookup = sharedLookup();

  it("are its candidates' or a miss's closest entries' scores, even where the list falls back to the reference's words alone", () => {
    // The last: a "did you mean" list of the reference's words (people's examples leave one close entry), scored by them.
    for (const query of ['help me pls my music wont play', 'login problem', 'installer windows', 'Your application has reached a rate/request limit.']) {
      const decision = lookup.answer(query);
      const ranked = decision.kind === 'ambiguous' ? decision.candidates : decision.kind === 'none' ? (decision.nearest ?? []) : [];
      expect(ranked.length, query).toBeGreaterThan(1);
      expect(lookup.rankedScores(query), query).toEqual(new Map(ranked.map((r) => [r.entry, r.score])));
    }
    const fallback = lookup.rankedScores('Your application has reached a rate/request limit.');
    const http429 = lookup.byCode('HTTP 429 — Too Many Requests')!;
    expect(fallback.get(http429)).toBeLessThan(lookup.search('Your application has reached a rate/request limit.').find((r) => r.entry === http429)!.score);
  });

  it('are none for an answer or a miss with nothing close', () => {
    expect(lookup.rankedScores('Error code: auth:3').size).toBe(0);
    expect(lookup.rankedScores('lol').size).toBe(0);
  });
});

describe('autocomplete', () => {
  const lookup = sharedLookup();

  it('names only documented errors among the popular ones (a code the data renamed would drop out unseen)', () => {
    const documented = new Set(loadEntries().map((e) => e.code));
    expect(POPULAR_CODES.filter((code) => !documented.has(code))).toEqual([]);
    expect(lookup.popular().slice(0, POPULAR_CODES.length).map((e) => e.code)).toEqual(POPULAR_CODES);
  });

  it('shows popular errors for an empty query, 25 at most', () => {
    const choices = lookup.autocomplete('');
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'auth:3 — Firewall or proxy blocking auth', value: 'auth:3' });
  });

  it('ranks the exact code, then codes starting with the text, then content', () => {
    expect(lookup.autocomplete('auth:3')[0]!.value).toBe('auth:3');
    expect(lookup.autocomplete('auth').slice(0, 4).map((c) => c.value)).toEqual(['auth:1', 'auth:2', 'auth:3', 'auth:73']);
    expect(lookup.autocomplete('accounts:4').slice(0, 3).map((c) => c.value)).toEqual([
      'accounts:4',
      'accounts:402',
      'accounts:403',
    ]);
    expect(lookup.autocomplete('firewall').map((c) => c.value)).toContain('accesspoint:39');
  });

  it('matches a one-character query against the start of codes only, not anywhere inside them', () => {
    // "x" starts no code; max_subscriptions_reached and "Exclusive mode playback failure" only have an x inside.
    expect(lookup.autocomplete('x')).toEqual([]);
  });

  it('keeps names and values within 100 characters and never throws', () => {
    // "ac": codes starting with it, codes containing it and search together fill more than 25 places.
    for (const query of ['', 'a', 'ac', 'x'.repeat(6000), '💥', 'HTTP 4', 'premium']) {
      const choices = lookup.autocomplete(query);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('a platform the query names', () => {
  const lookup = sharedLookup();
  const on = (platform: string, codes: readonly string[]) => codes.map((code) => lookup.byCode(code)!.platforms.includes(platform as 'windows'));

  it('ranks its errors first in autocomplete and in "did you mean" menus', () => {
    const cases = [
      ['spotify installer fails on windows', 'windows'],
      ['installer pc', 'windows'],
      ['no internet macbook', 'macos'],
    ] as const;
    for (const [query, platform] of cases) {
      expect(on(platform, [lookup.autocomplete(query)[0]!.value]), query).toEqual([true]);
    }
    for (const [query, platform] of cases.slice(0, 2)) {
      const menu = lookup.answer(query);
      expect(menu.kind, query).toBe('ambiguous');
      const placed = on(platform, menu.kind === 'ambiguous' ? menu.candidates.map((c) => c.entry.code) : []);
      // Every one of the platform's before any other.
      expect(placed, query).toEqual([...placed].sort((a, b) => Number(b) - Number(a)));
      expect(placed[0], query).toBe(true);
    }
  });

  it('answers a description as if no platform were named (the reference lists many errors for Windows alone)', () => {
    // A Mac user who describes them still gets them; the menus rank the named platform's errors first.
    const decision = lookup.answer('firewall blocking spotify on my macbook air');
    expect(decision.kind).toBe('group');
    expect(decision.kind === 'group' && decision.entries.map((e) => e.code)).toEqual((lookup.answer('firewall blocking spotify') as { entries: ErrorEntry[] }).entries.map((e) => e.code));
    expect(lookup.answer('Account disabled. on my macbook')).toMatchObject({ kind: 'confident', entry: { code: 'accounts:403' } });
    expect(lookup.answer("exclusive mode is on and spotify won't play on my windows pc")).toMatchObject({ kind: 'confident', entry: { code: 'Exclusive mode playback failure' } });
    expect(lookup.detector.detect('Account disabled. (on my macbook)', { platform: 'named', assumeSpotify: true }).matches.map((m) => m.entry.code)).toEqual(['accounts:403']);
  });

  it('still answers a code the query names, whatever its platform', () => {
    expect(lookup.answer('got auth:73 on my macbook')).toMatchObject({ kind: 'confident', entry: { code: 'auth:73' } });
  });

  it('reads no platform in a MAC address (a network card has one on any computer) or an artist named Mac', () => {
    const named = ['do they ban by mac address?', 'I changed the MAC-address of my router', 'spotify blocked my mac addresses', 'Fleetwood Mac will not play', 'Mac Miller and Mac DeMarco skip'];
    for (const query of named) {
      expect(namedPlatform(query), query).toBeUndefined();
    }
    expect(namedPlatform('it happens on my mac, not on windows')).toBeUndefined();
    expect(namedPlatform('only on my mac')).toBe('macos');
    // Named Mac, "banned" would answer the one error of a Mac that has the word: a song the member hid.
    const banned = 'spotify banned my account, do they ban by mac address?';
    expect(lookup.answer(banned).kind, banned).toBe(lookup.answer(banned.replace('mac address', 'ip address')).kind);
    expect(lookup.answer(banned)).not.toMatchObject({ kind: 'confident', entry: { code: 'BANNED_BY_USER_ARTIST / _TRACK' } });
    const band = 'spotify says no internet connection when I play Fleetwood Mac';
    expect(lookup.answer(band).kind, band).toBe(lookup.answer(band.replace('Fleetwood Mac', 'Fleetwood Band')).kind);
  });

  it('answers a message the query quotes as its whole group, though the reference lists its errors for another platform', () => {
    const group = (query: string) => {
      const decision = lookup.answer(query);
      return decision.kind === 'group' ? decision.entries.map((e) => e.code).sort() : decision.kind;
    };
    for (const message of ['it says a firewall may be blocking', 'says username or password is incorrect']) {
      expect(lookup.answer(message).kind, message).toBe('group');
      expect(group(`${message} on my mac`), message).toEqual(group(message));
    }
  });

  it('answers the one entry of the named platform that shows a message several share', () => {
    const shared = 'Spotify could not reach the queue service.';
    const onWindows = { ...newEntry('queue:1', shared), platforms: ['windows' as const] };
    const onMac = { ...newEntry('queue:2', shared), platforms: ['macos' as const] };
    const withBoth = new ErrorLookup([...loadEntries(), onWindows, onMac], { examples: [] });
    expect(withBoth.answer(shared)).toMatchObject({ kind: 'group' });
    expect(withBoth.answer(`${shared} on my macbook`)).toMatchObject({ kind: 'confident', entry: { code: 'queue:2' } });
    expect(withBoth.detector.detect(`${shared} (windows 11)`, { platform: 'named' }).matches.map((m) => m.entry.code)).toEqual(['queue:1']);
  });
});
