import type { CodeIndex } from '../../codes.js';
import { OTHER_APPS, type DetectRule, type Findings, type ScanText } from '../scan.js';

/**
 * Tokens any program could print, next to the entries they mean. They answer only with a Spotify
 * context, and only when Spotify is named closer to them than another program.
 */
export const GENERIC_CODES: ReadonlyArray<{ code: string; pattern: RegExp; prefilter: string }> = [
  { code: 'Installer error 18', pattern: /\b(?:installer\s+)?error(?:\s+code)?\s*[:#]?\s*18\b/gi, prefilter: String.raw`error\W*(?:code\W*)?18\b` },
  {
    code: 'Installer error 24',
    pattern: /\b(?:installation\s+|installer\s+)?error(?:\s+code)?\s*[:#]?\s*24\b/gi,
    prefilter: String.raw`error\W*(?:code\W*)?24\b`,
  },
  { code: 'Error 30', pattern: /\berror(?:\s+code)?\s*[:#]?\s*30\b/gi, prefilter: String.raw`error\W*(?:code\W*)?30\b` },
  { code: 'accesspoint:17', pattern: /\berror\s+code\s*[:#]?\s*17\b/gi, prefilter: String.raw`error\W*(?:code\W*)?17\b` },
  {
    code: 'HTTP 429 — Too Many Requests',
    pattern: /\b(?:http|error|status|code)\s*[:#]?\s*429\b|\btoo many requests\b/gi,
    prefilter: String.raw`(?:http|status|code|error)\W*429|too many requests`,
  },
  { code: 'HTTP 401 — invalid_client', pattern: /\binvalid_client\b/gi, prefilter: 'invalid_client' },
];

/** The words of the table that would otherwise count as Spotify's own constants. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(['invalid_client']);

export class GenericCodeRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: GENERIC_CODES.map((g) => g.prefilter) };

  constructor(private readonly codes: CodeIndex) {}

  find(text: ScanText, found: Findings): void {
    if (!text.spotifyContext) return;
    const spotifyAt = positions(text.folded, /\bspotify/gi);
    const othersAt = positions(text.folded, OTHER_APPS);
    for (const { pattern, code } of GENERIC_CODES) {
      for (const m of text.folded.matchAll(pattern)) {
        // The token belongs to whichever program is named closest to it.
        if (distance(spotifyAt, m.index) < distance(othersAt, m.index)) found.add(this.codes.byCode(code), 0.9);
      }
    }
  }
}

function positions(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((m) => m.index);
}

function distance(sortedPositions: readonly number[], at: number): number {
  let best = Infinity;
  for (const p of sortedPositions) {
    best = Math.min(best, Math.abs(p - at));
    if (p > at) break;
  }
  return best;
}
