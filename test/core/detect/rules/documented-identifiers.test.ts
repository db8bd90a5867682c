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

  it('answer a query that is the identifier', () => {
    expect(sharedLookup().answer('VOLUME_CONTROL_DISALLOW')).toMatchObject({ kind: 'confident', entry: { code: 'HTTP 403 — RESTRICTION_VIOLATED' } });
  });
});
