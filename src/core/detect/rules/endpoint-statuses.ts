import type { ErrorEntry } from '../../../data/schema.js';
import { phraseKey, withoutErrorCode } from '../../text.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** A link to one of Spotify's hosts, with its path ("api.spotify.com/v1/me/player/next?…"). */
const SPOTIFY_URL = /(?<![a-z0-9-])spotify\.com(\/[^\s"'`)<>\]]*)/g;
/** "status code 403", "Status: 403", "http status: 403", "HTTP 403", "403 Client Error", "403 Forbidden". */
const LABELLED_STATUS = /\b(?:status(?:[ _]?code)?|http(?:[ _]status)?)\W{1,3}([45]\d\d)\b|\b([45]\d\d)[ \t](?:client error|server error|forbidden|not found|too many)/g;
/** How far from the request its status may stand (the same log line, or the next when an image wrapped it). */
const STATUS_DISTANCE = 80;
/** What is left of a Spotify host when OCR garbled it ("ae-spclient.spoti .com"). */
const HOST_FRAGMENT = /sp[o0]t|spc[l1]ient|scdn/;
/** An HTTP status standing alone: not a line number (`index.js:47`), a time, a port or part of an id. */
const STATUS = /(?<![\w.:/-])([45]\d\d)(?![\w.:/-])/g;
/** `"message": "…"` in a JSON response body. */
const BODY_MESSAGE = /"message"\s*:\s*"([^"\n]{1,200})"/g;
/** A path in text read from an image, whose host OCR may have garbled ("spoti .com/widevine-license/vl/…"); not a host ("//api…"). */
const ANY_PATH = /(?<!\/)(\/[a-z0-9_-]+(?:\/[a-z0-9._-]+)+)/g;
/** `v1`, or OCR's `vl` for it. */
const PLAYER_PATH = /^\/v[1l]\/me\/player\b/;
/** The licence server's path (the reference's "POST license challenge", its causes' Widevine). */
const LICENSE_PATH = /\/widevine-licen[cs]e\b/;

interface EndpointStatus {
  path: RegExp;
  /** The statuses this request fails with here: one number, or any client or server error. */
  status: (status: string) => boolean;
  entries: ErrorEntry[];
}

/**
 * What the reference says each of Spotify's requests fails with: Web API errors whose cause chain
 * is a player command ("PUT/POST /v1/me/player", "Player command") by their status, and errors
 * whose chain posts a licence and ends in "HTTP 4xx / 5xx" for any such status of a licence request.
 */
export function endpointStatuses(entries: readonly ErrorEntry[]): EndpointStatus[] {
  const player = new Map<string, ErrorEntry[]>();
  const license: ErrorEntry[] = [];
  for (const entry of entries) {
    const labels = entry.chain.map((node) => node.label);
    const status = /^HTTP (\d{3})\b/.exec(entry.code)?.[1];
    if (status && labels.some((label) => /\bplayer\b/i.test(label))) player.set(status, [...(player.get(status) ?? []), entry]);
    if (labels.some((label) => /\blicen[cs]e\b/i.test(label)) && labels.some((label) => /\b4xx\b.*\b5xx\b/i.test(label))) license.push(entry);
  }
  return [
    ...[...player].map(([status, list]) => ({ path: PLAYER_PATH, status: (s: string) => s === status, entries: list })),
    ...(license.length ? [{ path: LICENSE_PATH, status: () => true, entries: license }] : []),
  ];
}

/**
 * A developer's paste with an HTTP status and the Spotify request that returned it
 * (`POST https://api.spotify.com/v1/me/player/next … 403`): the path says which request failed,
 * the status which of its documented errors it is. Paths are read from the text as pasted.
 */
export class EndpointStatusRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [String.raw`spotify\.com/\S{0,40}?(?:/me/player|widevine-licen[cs]e)`], withContext: [] };
  private readonly endpoints: EndpointStatus[];

  constructor(entries: readonly ErrorEntry[]) {
    this.endpoints = endpointStatuses(entries);
  }

  find(text: ScanText, found: Findings): void {
    // In an image posted in Spotify's context the host may be unreadable; elsewhere it must be Spotify's.
    const garbledHosts = text.options.ocr && text.spotifyContext;
    if (!garbledHosts && !text.lowered.includes('spotify.com/')) return;
    const statuses = [...text.lowered.matchAll(STATUS)].map((m) => ({ status: m[1]!, at: m.index }));
    if (!statuses.length) return;
    // A status said to be one ("status code 403", "Status: 403", "HTTP 403") counts wherever it stands.
    const labelled = [...text.lowered.matchAll(LABELLED_STATUS)].map((m) => (m[1] ?? m[2])!);
    // A response body's own message says which error it is ("status": 404, "message": "Invalid username").
    const bodies = [...text.lowered.matchAll(BODY_MESSAGE)].map((m) => ` ${phraseKey(m[1]!)} `);
    const garbled = garbledHosts
      ? [...text.lowered.matchAll(ANY_PATH)].filter((m) => HOST_FRAGMENT.test(text.lowered.slice(Math.max(0, m.index - 40), m.index)))
      : [];
    for (const request of [...text.lowered.matchAll(SPOTIFY_URL), ...garbled]) {
      const path = request[1]!;
      const [from, to] = [request.index, request.index + request[0].length];
      const near = [...labelled, ...statuses.filter(({ at }) => at >= from - STATUS_DISTANCE && at <= to + STATUS_DISTANCE).map((s) => s.status)];
      for (const endpoint of this.endpoints) {
        if (!endpoint.path.test(path) || !near.some(endpoint.status)) continue;
        if (endpoint.entries.some((e) => found.has(e))) continue;
        const told = bodies.length ? endpoint.entries.filter((e) => reasons(e).some((r) => bodies.some((b) => b.includes(` ${r} `)))) : endpoint.entries;
        for (const entry of told) found.add(entry, 0.9);
      }
    }
  }
}

/** What an entry's response body would say: its displayed messages, and the reason after a label ("Player command failed: …"). */
function reasons(entry: ErrorEntry): string[] {
  return entry.messages.flatMap((m) => {
    const message = withoutErrorCode(m);
    const reason = /: ([^:]+)$/.exec(message)?.[1];
    return [phraseKey(message), ...(reason ? [phraseKey(reason)] : [])].filter(Boolean);
  });
}
