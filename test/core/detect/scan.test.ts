import { describe, expect, it } from 'vitest';
import { detectedCodes, sharedLookup } from '../../helpers.js';
import { Findings, hasLink } from '../../../src/core/detect/scan.js';

const codesOf = (text: string, assumeSpotify = false) => detectedCodes(text, { assumeSpotify }).sort();

describe('developer pastes: whose error it is', () => {
  it('read a Retry-After header as the rate limit, only where Spotify is named or the paste is a log', () => {
    expect(codesOf("WebapiError at spotify-web-api-node/src/http-manager.js:47:10 { headers: { 'retry-after': '13749' } }")).toEqual([
      'HTTP 429 — Too Many Requests',
    ]);
    expect(codesOf('the docs say to honour retry-after', true)).toEqual([]);
  });

  it('read a log line under decoration (### WARNING:) as a log', () => {
    expect(codesOf('###   WARNING:  API ERROR - RETRYING   ###\n###   429: API rate limit exceeded   ###', true)).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('429: API rate limit exceeded, says the bot', true)).toEqual([]);
  });

  it('reads timestamped and namespaced log lines as logs', () => {
    expect(
      codesOf('[25-12-25 09:53:57.8912] Plugins::Player::API::__ANON__ (1313) error: 429 Too Many Requests', true),
    ).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('2024-01-05 10:00:01 WARN got 429 too many requests', true)).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('we got 429 too many requests yesterday, lol', true)).toEqual([]);
  });

  it('takes any Spotify…Exception class as naming Spotify', () => {
    expect(codesOf("Get the SpotifyAuthException 'invalid_client'")).toEqual(['HTTP 401 — invalid_client']);
    expect(codesOf('PHP Fatal error:  Uncaught SpotifyWebAPI\\SpotifyWebAPIAuthException: Invalid client in /vendor/Request.php:65')).toEqual([
      'HTTP 401 — invalid_client',
    ]);
    expect(codesOf('the gitea login says invalid client')).toEqual([]);
  });

  it('does not take an HTTP header for a program (Origin is not the EA launcher)', () => {
    const headers = "{ body: {}, headers: { 'retry-after': '12118', 'access-control-allow-headers': 'Accept, Authorization, Origin, Spotify-App-Version' } }";
    expect(codesOf(headers)).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('spotify is fine but the origin launcher says 429 too many requests')).toEqual([]);
  });

  it('reads other languages’ words for the domain’s terms, as search does', () => {
    expect(codesOf('Спотифай пишет: код ошибки 17')).toEqual(['accesspoint:17']);
    expect(codesOf('spotify zeigt Fehlercode 17 beim Anmelden')).toEqual(['accesspoint:17']);
    expect(codesOf('Steam пишет: код ошибки 17')).toEqual([]);
  });
});

describe('links', () => {
  it('are told apart from words with dots: a path or a scheme makes one', () => {
    for (const text of ['accounts.spotify.com/login keeps looping', 'see https://example.com', 'www.spotify.com down']) expect(hasLink(text), text).toBe(true);
    for (const text of ['spotify.com is down', 'version 1.2.3 crashes', 'stuck on the login spinner']) expect(hasLink(text), text).toBe(false);
  });
});

describe('findings', () => {
  const entry = (code: string) => sharedLookup().byCode(code)!;

  it('keep the best confidence an entry was found with, and rank by it', () => {
    const found = new Findings();
    found.add(entry('auth:3'), 0.8);
    found.add(entry('auth:1'), 0.85);
    found.add(entry('auth:3'), 1);
    found.add(entry('auth:3'), 0.7);
    expect(found.matches().map((m) => [m.entry.code, m.confidence])).toEqual([
      ['auth:3', 1],
      ['auth:1', 0.85],
    ]);
  });

  it('keep an entry found by its own code when generic wording names it too, beside other errors', () => {
    const found = new Findings();
    found.add(entry('auth:3'), 1);
    found.add(entry('auth:3'), 0.8, { generic: true });
    found.add(entry('auth:1'), 1);
    expect(found.matches().map((m) => m.entry.code).sort()).toEqual(['auth:1', 'auth:3']);
  });

  it('narrow a shared message to the one entry of the named platform only when nothing else was found', () => {
    const shared = (...codes: string[]) => ({ message: 'shared', candidates: codes.map(entry) });
    const windowsOnly = sharedLookup().entries.find((e) => e.platforms.length === 1 && e.platforms[0] === 'windows')!;
    const macOnly = sharedLookup().entries.find((e) => e.platforms.length === 1 && e.platforms[0] === 'macos')!;
    const alone = new Findings();
    alone.ambiguous = shared(windowsOnly.code, macOnly.code);
    alone.keepOn('windows');
    expect(alone.matches().map((m) => m.entry)).toEqual([windowsOnly]);
    const beside = new Findings();
    beside.add(entry('auth:3'), 1);
    beside.ambiguous = shared(windowsOnly.code, macOnly.code);
    beside.keepOn('windows');
    expect(beside.matches().map((m) => m.entry.code)).toEqual(['auth:3']);
  });
});
