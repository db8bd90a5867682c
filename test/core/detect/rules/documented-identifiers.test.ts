import { describe, expect, it } from 'vitest';
import { sharedLookup } from '../../../helpers.js';
import { DOCUMENTED_IDENTIFIERS } from '../../../../src/core/detect/rules/documented-identifiers.js';
import { codesOf, inHelp } from '../helpers.js';

describe('identifiers Spotify documents', () => {
  it('name a reference entry each', () => {
    const lookup = sharedLookup();
    for (const { identifier, code } of DOCUMENTED_IDENTIFIERS) expect(lookup.byCode(code), identifier).toBeDefined();
  });

  it('are read where the text is Spotify\'s, never next to another program', () => {
    expect(codesOf('Spotify Web Playback SDK: `initialization_error` is thrown')).toEqual(['EME_NO_SUPPORTED_KEYSYSTEM']);
    expect(inHelp('`initialization_error` is thrown, "Failed to initialize player" is logged')).toEqual(['EME_NO_SUPPORTED_KEYSYSTEM']);
    expect(codesOf('{"error":{"status":403,"message":"Player command failed","reason":"NO_NEXT_TRACK"}} from api.spotify.com')).toEqual(['HTTP 403 — RESTRICTION_VIOLATED']);
    expect(codesOf('initialization_error')).toEqual([]);
    expect(inHelp('my discord bot logs initialization_error on start')).toEqual([]);
    expect(inHelp('spotify_initialization_error_count')).toEqual([]);
    // Other web APIs print RATE_LIMITED too: Spotify must be named, or the paste be a program's in a help channel.
    expect(inHelp('we got rate_limited again lol')).toEqual([]);
    expect(codesOf('spotify api reason RATE_LIMITED')).toEqual(['HTTP 429 — Too Many Requests']);
  });

  it('are not read where code registers a listener for them (the Web Playback SDK\'s quick-start wires up every error type)', () => {
    const quickStart = [
      "const player = new Spotify.Player({ name: 'Web Playback SDK Quick Start Player', getOAuthToken: (cb) => cb(token) });",
      "player.addListener('initialization_error', ({ message }) => { console.error(message); });",
      "player.addListener('authentication_error', ({ message }) => { console.error(message); });",
      "player.addListener('account_error', ({ message }) => { console.error(message); });",
      'player.connect(); why does nothing play?',
    ].join('\n');
    expect(codesOf(quickStart)).toEqual([]);
    expect(inHelp('player.on("account_error", onError) // spotify sdk, nothing plays')).toEqual([]);
    expect(inHelp('player.removeListener(`initialization_error`)')).toEqual([]);
    // The error itself, as the listener logs it, is still read.
    expect(inHelp("player.addListener('ready', ...); console: initialization_error: Failed to initialize player")).toEqual(['EME_NO_SUPPORTED_KEYSYSTEM']);
  });

  it('answer a query that is the identifier', () => {
    expect(sharedLookup().answer('VOLUME_CONTROL_DISALLOW')).toMatchObject({ kind: 'confident', entry: { code: 'HTTP 403 — RESTRICTION_VIOLATED' } });
  });
});
