import { describe, expect, it } from 'vitest';
import { endpointStatuses } from '../../../../src/core/detect/rules/endpoint-statuses.js';
import { detectedCodes, sharedLookup } from '../../../helpers.js';

const lookup = sharedLookup();
const codesOf = (text: string, assumeSpotify = false) => detectedCodes(text, { assumeSpotify }).sort();

describe('endpoint statuses (a status from a Spotify request, in a developer paste)', () => {
  it('are read from the reference: player commands by status, licence requests by any failure', () => {
    const rules = endpointStatuses(lookup.entries).map((r) => r.entries.map((e) => e.code).sort());
    expect(rules).toContainEqual(['HTTP 403 — PREMIUM_REQUIRED', 'HTTP 403 — RESTRICTION_VIOLATED']);
    expect(rules).toContainEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
    expect(rules).toContainEqual(['EME_LICENSE_REQUEST_FAILED_WITH_STATUS']);
    // 429 is any endpoint's: the generic rule answers it, not a path.
    expect(rules.flat()).not.toContain('HTTP 429 — Too Many Requests');
  });

  it('answer the errors the failed request and its status document', () => {
    expect(codesOf('SpotifyException: http status: 403, code:-1 - https://api.spotify.com/v1/me/player/next:\n Not available for the current user')).toEqual([
      'HTTP 403 — PREMIUM_REQUIRED',
      'HTTP 403 — RESTRICTION_VIOLATED',
    ]);
    expect(codesOf('POST https://api.spotify.com/v1/me/player/queue?uri=spotify:track:x 404')).toEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
    expect(codesOf('index.js:9 POST https://api.spotify.com/v1/widevine-license/v1/audio/license?exp=1589693839 500')).toEqual([
      'EME_LICENSE_REQUEST_FAILED_WITH_STATUS',
    ]);
  });

  it('let the message say which of a status’s errors it is', () => {
    expect(codesOf('http status: 403 - https://api.spotify.com/v1/me/player/play: Player command failed: Premium required')).toEqual([
      'HTTP 403 — PREMIUM_REQUIRED',
    ]);
  });

  it('take a status said to be one wherever it stands (an axios dump, a log with headers between)', () => {
    const axios = `Request failed with status code 404\n${'    at settle (node_modules/axios/lib/core/settle.js:19:12)\n'.repeat(3)}  config: {\n    url: 'https://api.spotify.com/v1/me/player/play'`;
    expect(codesOf(axios)).toEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
  });

  it('let a response body’s own message say which error it is, or that it is another', () => {
    const body = (message: string) => `curl https://api.spotify.com/v1/me/player\n{ "error": { "status": 404, "message": "${message}" } }`;
    expect(codesOf(body('Invalid username'))).toEqual([]);
    expect(codesOf(body('Player command failed: No active device found'))).toEqual(['HTTP 404 — NO_ACTIVE_DEVICE']);
  });

  it('read the path when OCR garbled the host of an image posted in Spotify’s context', () => {
    const read = 'and HTTP 403 Error on\nE S://¢ ae-spclient.spoti .com/widevine-license/vl/audio/license';
    const inImage = (assumeSpotify: boolean) => lookup.detector.detect(read, { ocr: true, assumeSpotify }).matches.map((m) => m.entry.code);
    expect(inImage(true)).toEqual(['EME_LICENSE_REQUEST_FAILED_WITH_STATUS']);
    expect(inImage(false)).toEqual([]);
    // Any path in a screenshot is not a Spotify request: a fragment of Spotify's host must be left.
    const settings = lookup.detector.detect('Open source licenses /about/widevine-licenses\n500 MB used', { ocr: true, assumeSpotify: true });
    expect(settings.matches).toEqual([]);
    expect(codesOf(read, true)).toEqual([]);
  });

  it('need a Spotify request, a documented path and a status standing alone', () => {
    expect(codesOf('GET https://api.spotify.com/v1/playlists/37i9dQ 403')).toEqual([]);
    expect(codesOf('GET https://api.github.com/v1/me/player 403')).toEqual([]);
    expect(codesOf('at https://api.spotify.com/v1/me/player (index.js:403:12)')).toEqual([]);
    expect(codesOf('https://api.spotify.com/v1/me/player returned 200, then 500 on retry')).toEqual([]);
    // The status must stand by the request; a licence is the licence server's path, not any page about licences.
    expect(codesOf(`https://api.spotify.com/v1/me/player 200 OK${' fine'.repeat(30)}, and 404 is the room number`)).toEqual([]);
    expect(codesOf('https://www.spotify.com/us/legal/license/ section 403')).toEqual([]);
  });
});
