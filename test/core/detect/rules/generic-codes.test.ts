import { describe, expect, it } from 'vitest';
import { codesOf, detector } from '../helpers.js';

describe('detector rules', () => {
  it('answers generic tokens only next to Spotify, never next to another program', () => {
    expect(codesOf('spotify installer error 18')).toEqual(['Installer error 18']);
    expect(codesOf('installer error 18')).toEqual([]);
    expect(codesOf('steam error 18 and spotify works fine')).toEqual([]);
    expect(codesOf('spotify works but steam gives error code 18')).toEqual([]);
    // "Error 17" is how people name accesspoint:17; a 17 while installing or updating is another error.
    expect(codesOf('Spotify Error 17')).toEqual(['accesspoint:17']);
    expect(codesOf('spotify error 17 when installing')).toEqual([]);
    // A number after "error" that counts something is no error code.
    expect(codesOf('spotify showed this error 30 times today')).toEqual([]);
    expect(codesOf('spotify shows error 30 again')).toEqual(['Error 30']);
    // Spotify's OAuth error INVALID_CLIENT: Invalid redirect URI is a redirect URI to fix, not the client credentials.
    expect(codesOf('spotify web api says INVALID_CLIENT: Invalid redirect URI')).toEqual([]);
    expect(codesOf('spotify web api says invalid_client')).toEqual(['HTTP 401 — invalid_client']);
    expect(codesOf('spotify web api returns status 429')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('spotify wrapped top artist: 429 minutes')).toEqual([]);
    // A status is what a program gets or returns, and a rate limit is the 429's own name.
    for (const said of ['the spotify api keeps returning 429s', 'with spotipy I get a 429 every hour', 'spotify said it reached the rate limit', 'Spotify 429 rate limit wall']) {
      expect(codesOf(said), said).toEqual(['HTTP 429 — Too Many Requests']);
    }
    for (const other of ['spotify is fine, github returned 429s', 'I got 429 songs on spotify', 'discord rate limited my spotify bot']) expect(codesOf(other), other).toEqual([]);
    // spotipy's exception text names Spotify; its reason names the status the server really sent.
    const spotipy = (reason: string) => `Setup failed: http status: 429, code:-1 - /v1/me/: Max Retries, reason: too many ${reason} error responses`;
    expect(codesOf(spotipy('429'))).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf(spotipy('500'))).toEqual([]);
    // spotDL reads Spotify's API for metadata (its 429s are Spotify's) but downloads from YouTube.
    expect(codesOf('spotdl: spotipy says HTTP Error 429: Too Many Requests')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(codesOf('ERROR: HTTP Error 429: Too Many Requests\n  File "/usr/lib/python3/dist-packages/spotdl/downloader.py", line 212')).toEqual([]);
    // In a help channel a pasted error body is Spotify's in Spotify's format, not in another web API's.
    const inHelp = (t: string) => detector.detect(t, { assumeSpotify: true }).matches.map((m) => m.entry.code);
    expect(inHelp('{"error": {"status": 429, "message": "API rate limit exceeded"}}')).toEqual(['HTTP 429 — Too Many Requests']);
    expect(inHelp('{"error": {"status": 429, "message": "API rate limit exceeded"}}\n{"errors": []}')).toEqual(['HTTP 429 — Too Many Requests']);
    for (const other of ['StatusCodeError: 429 - {"errors":[{"message":"Rate limit exceeded","code":88}]}', '{"error": 29, "message": "Rate Limit Exceeded - Too many scrobbles"}', '403 {"message": "API rate limit exceeded", "documentation_url": "https://docs.example.com"}', 'Error\n{\n  "message": "API rate limit exceeded for 203.0.113.9. (But here\'s the good news: Authenticated requests get a higher rate limit.']) {
      expect(inHelp(other), other).toEqual([]);
    }
  });
});
