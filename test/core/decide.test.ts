import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { ErrorEntry } from '../../src/data/schema.js';
import { sharedLookup } from '../helpers.js';

const lookup = sharedLookup();

describe('decide', () => {
  it('answers a clear winner directly: a code, a piece of one entry\'s message, a clear description', () => {
    expect(lookup.answer('auth:3')).toMatchObject({ kind: 'confident', entry: { code: 'auth:3' } });
    expect(lookup.answer('Your Country does not match')).toMatchObject({ kind: 'confident', entry: { code: 'accounts:408' } });
    expect(lookup.answer('installer says files are in use by another process')).toMatchObject({
      kind: 'confident',
      entry: { code: 'Installer error 18' },
    });
  });

  it("does not answer an HTTP status among the query's words alone where another entry's own words name it too", () => {
    // The desktop client's proxy errors say "HTTP 401 / 403 / 407" as well: not the Web API's invalid_client alone.
    for (const query of ['spotify behind a corporate proxy: HTTP 401', 'proxy 401', 'Proxy blocking Spotify (HTTP 401 / 403 / 407)']) {
      const decision = lookup.answer(query);
      expect(decision.kind, query).toBe('ambiguous');
      if (decision.kind === 'ambiguous') expect(decision.candidates.map((c) => c.entry.code), query).toContain('accounts:53–55');
    }
    // Where nothing else fits, the code answers.
    for (const [query, code] of [
      ['HTTP 401', 'HTTP 401 — invalid_client'],
      ['401 unauthorized from spotify web api', 'HTTP 401 — invalid_client'],
      ['com.spotify.installer -3 on mac', 'com.spotify.installer −3'],
      ['installer error 24 on windows 10', 'Installer error 24'],
    ]) {
      expect(lookup.answer(query!), query).toMatchObject({ kind: 'confident', entry: { code } });
    }
  });

  it('answers entries that share a displayed message together', () => {
    const firewall = lookup.answer('A firewall may be blocking Spotify');
    expect(firewall.kind).toBe('group');
    if (firewall.kind === 'group') expect(firewall.entries).toHaveLength(7);
    const playback = lookup.answer('spotify cant play this right now');
    expect(playback.kind).toBe('group');
    if (playback.kind === 'group') {
      expect(playback.entries.map((e) => e.code).sort()).toEqual(
        ['FRAGMENT_REQUEST_FAILED_WITH_STATUS', 'NOT_AVAILABLE_IN_NON_PREMIUM', 'ONE_TRACK_UNPLAYABLE (playback dispatcher)'].sort(),
      );
    }
  });

  it('answers a shared message with the entries that show it, not the other messages of one of them', () => {
    // auth:2 shows two messages; auth:1 shares only "Service is temporarily unavailable" with it.
    const password = lookup.answer('The username or password is incorrect.');
    expect(password.kind === 'group' && password.entries.map((e) => e.code).sort()).toEqual(['accounts:3', 'auth:2', 'session:3']);
    const service = lookup.answer('Service is temporarily unavailable');
    expect(service.kind === 'group' && service.entries.map((e) => e.code).sort()).toEqual(['auth:1', 'auth:2']);
  });

  it('offers a list when several unrelated entries fit equally, and never a list of one', () => {
    expect(lookup.answer('spotify login problem').kind).toBe('ambiguous');
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.24, match: 'text', words: 2 }])).toEqual({ kind: 'none' });
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.35, match: 'text', words: 2 }])).toMatchObject({ kind: 'confident' });
    // One word of the query is not evidence enough for a direct answer, however rare it is.
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.35, match: 'text', words: 1 }])).toEqual({ kind: 'none' });
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.8, match: 'text', words: 1 }])).toEqual({ kind: 'none' });
    // Fuse.js's guess at a short query that matched nothing is never an answer; a code with a typo fixed is.
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.6, match: 'guess' }])).toEqual({ kind: 'none' });
    expect(decide([{ entry: lookup.byCode('auth:1')!, score: 0.95, match: 'fuzzy' }])).toMatchObject({ kind: 'confident' });
    for (const word of ['banana', 'ping', 'promo', 'queue']) expect(lookup.answer(word).kind, word).not.toBe('confident');
    expect(lookup.answer('acesspoint 22')).toMatchObject({ kind: 'confident', entry: { code: 'accesspoint:22' } });
  });

  it('holds its calibrated limits inclusive: the noise line, the lead a direct answer needs', () => {
    const auth1 = lookup.byCode('auth:1')!;
    const accounts3 = lookup.byCode('accounts:3')!;
    // A score at the noise line is a candidate still: two of them are offered, not a miss.
    expect(decide([{ entry: auth1, score: 0.25, match: 'text', words: 2 }, { entry: accounts3, score: 0.25, match: 'text', words: 2 }])).toMatchObject({ kind: 'ambiguous' });
    // Exactly half again the runner-up's score is a clear lead.
    expect(decide([{ entry: auth1, score: 0.75, match: 'text', words: 2 }, { entry: accounts3, score: 0.5, match: 'text', words: 2 }])).toMatchObject({
      kind: 'confident',
      entry: { code: 'auth:1' },
    });
    // So it is where floating point puts 0.4 × 1.5 a hair above 0.6 (scores are rounded to thousandths).
    expect(decide([{ entry: auth1, score: 0.6, match: 'text', words: 2 }, { entry: accounts3, score: 0.4, match: 'text', words: 2 }])).toMatchObject({
      kind: 'confident',
      entry: { code: 'auth:1' },
    });
  });

  it('answers a piece of a shared message as its group, however far apart the word scores of the entries that show it', () => {
    // auth:1 and auth:2 share "Service is temporarily unavailable"; the runner-up matched it by words only.
    const related = (entry: ErrorEntry) => lookup.relatedTo(entry);
    const decision = decide([{ entry: lookup.byCode('auth:2')!, score: 0.94, match: 'phrase' }, { entry: lookup.byCode('auth:1')!, score: 0.75, match: 'text', words: 3 }], related);
    expect(decision.kind === 'group' && decision.entries.map((e) => e.code).sort()).toEqual(['auth:1', 'auth:2']);
  });

  it('misses politely on unrelated text', () => {
    expect(lookup.answer('what a lovely day for a picnic')).toEqual({ kind: 'none' });
    expect(decide([])).toEqual({ kind: 'none' });
    // "Spotify" alone (other words in a script search does not read) is in most entries: nothing to offer.
    for (const vague of ['spotify', 'Spotify error', '[Проблема] Spotify думает что я в США']) expect(lookup.answer(vague), vague).toEqual({ kind: 'none' });
    // A code's number is telling: "spotify error 3" offers the codes ending in 3.
    const number = lookup.answer('spotify error 3');
    expect(number.kind === 'ambiguous' && number.candidates.slice(0, 3).map((c) => c.entry.code).sort()).toEqual(['accounts:3', 'auth:3', 'session:3']);
  });
});
