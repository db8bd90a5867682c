import type { CodeIndex } from '../../codes.js';
import { alternation } from '../regex.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/**
 * Identifiers Spotify's developer documentation defines, next to the reference entry its meaning
 * points to: the Web Playback SDK's error types and the Web API's player error reasons, complete but
 * for those already read as codes (NO_ACTIVE_DEVICE, PREMIUM_REQUIRED are aliases of their entries)
 * and those whose meaning names no one entry (`authentication_error`: the access token given to the
 * player; `playback_error`: any failure loading or playing a track; NO_SPECIFIC_TRACK: no such
 * track; UNKNOWN: a word, not an identifier). Each is a word any program could print: it counts only
 * where the text is Spotify's (ScanText.isSpotifys).
 */
export const DOCUMENTED_IDENTIFIERS: ReadonlyArray<{ identifier: string; code: string; needsName?: boolean }> = [
  // https://developer.spotify.com/documentation/web-playback-sdk/reference#errors: the player could not start in this browser, most likely for want of EME.
  { identifier: 'initialization_error', code: 'EME_NO_SUPPORTED_KEYSYSTEM' },
  // https://developer.spotify.com/documentation/web-playback-sdk/reference#errors: the signed-in user has no Premium subscription.
  { identifier: 'account_error', code: 'HTTP 403 — PREMIUM_REQUIRED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs a previous track the context does not have.
  { identifier: 'NO_PREV_TRACK', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs a next track the context does not have.
  { identifier: 'NO_NEXT_TRACK', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: playback is already paused.
  { identifier: 'ALREADY_PAUSED', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs playback paused.
  { identifier: 'NOT_PAUSED', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs playback on the local device.
  { identifier: 'NOT_PLAYING_LOCALLY', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs a track playing.
  { identifier: 'NOT_PLAYING_TRACK', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the command needs a context playing.
  { identifier: 'NOT_PLAYING_CONTEXT', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: shuffle cannot apply to an endless context.
  { identifier: 'ENDLESS_CONTEXT', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the context does not allow the command.
  { identifier: 'CONTEXT_DISALLOW', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the same track and context are already playing with a resume point.
  { identifier: 'ALREADY_PLAYING', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the context cannot be controlled remotely.
  { identifier: 'REMOTE_CONTROL_DISALLOW', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the device cannot be controlled remotely.
  { identifier: 'DEVICE_NOT_CONTROLLABLE', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the device's volume cannot be controlled remotely.
  { identifier: 'VOLUME_CONTROL_DISALLOW', code: 'HTTP 403 — RESTRICTION_VIOLATED' },
  // https://developer.spotify.com/documentation/web-api/reference/#object-playererrorobject: the user plays tracks too often; other web APIs print it too (GraphQL's RATE_LIMITED).
  { identifier: 'RATE_LIMITED', code: 'HTTP 429 — Too Many Requests', needsName: true },
];

/** Code that registers a listener for the identifier (`player.addListener('account_error', …)`): the SDK's quick-start wires up every error type. */
const LISTENED_FOR = /(?:listener|\.(?:on|once|off))\(\s*['"`]$/;

/**
 * A documented identifier as a developer's paste or a query writes it (`"reason": "NO_NEXT_TRACK"`,
 * `initialization_error`): whole, not inside a longer identifier or a path.
 */
export class DocumentedIdentifierRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'];
  private readonly pattern: RegExp;
  private readonly byIdentifier = new Map<string, { code: string; needsName?: boolean }>();

  constructor(private readonly codes: CodeIndex) {
    for (const { identifier, ...rest } of DOCUMENTED_IDENTIFIERS) this.byIdentifier.set(identifier.toLowerCase(), rest);
    const words = alternation(this.byIdentifier.keys());
    this.pattern = new RegExp(String.raw`(?<![\w./-])(${words})(?![\w/-])`, 'g');
    this.prefilter = { standalone: [], withContext: [String.raw`(?:${words})\b`] };
  }

  find(text: ScanText, found: Findings): void {
    if (!text.spotifyContext || !text.folded.includes('_')) return;
    for (const m of text.folded.matchAll(this.pattern)) {
      if (LISTENED_FOR.test(text.folded.slice(Math.max(0, m.index - 40), m.index))) continue;
      const { code, needsName } = this.byIdentifier.get(m[1]!)!;
      if (text.isSpotifys(m.index, { needsName })) found.add(this.codes.byCode(code), 0.9);
    }
  }
}
