import type { CodeIndex } from '../../codes.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

/** What follows a number that counts something ("17 times", "17 songs could not be found", "17%"). */
const NOT_A_COUNT = String.raw`(?![ \t]{0,3}(?:%|percent|(?:time|second|sec|minute|min|hour|hr|day|week|month|year|song|track|file|device|account|album|playlist|artist|people|user|friend|request|call|retrie|attempt|tr(?:y|ie))s?\b))`;

/**
 * "error 18", "Error code: 18", "installer error 18": the number as a code, not a count ("error 17
 * times", "error: 17 songs could not be found"; after "code" it is always a code). Spaces are bounded: linear time on any input.
 */
function numbered(before: string, number: number): RegExp {
  return new RegExp(String.raw`\b${before}error(?:\s{1,3}code\s{0,3}[:#]?\s{0,3}${number}\b|\s{0,3}[:#]?\s{0,3}${number}\b${NOT_A_COUNT})`, 'gi');
}

/** What a program does with an HTTP status it got ("I get a 429", "it keeps returning 429s"). */
const RESPONSE_VERBS = String.raw`\b(?:get|gets|got|getting|return|returns|returned|returning|receiv(?:e|es|ed|ing)|throw(?:s|n|ing)?|hit(?:s|ting)?|respond(?:s|ed|ing)?(?:[ \t]{1,3}with)?)`;
/** After such a verb, the number is a status only where the sentence goes on as about a status ("I got 429 followers" is a count). */
const AS_A_STATUS = String.raw`(?=[ \t]{0,3}(?:[\r\n.,;:!?)\]'"]|$|(?:errors?|responses?|status|codes?|from|when|on|for|with|every|again|back|too|after|because)\b))`;
/** Being rate limited, or a rate limit reached; not a bit or sample rate, nor a question about the limit. */
const RATE_LIMITED = String.raw`(?<!(?:bit|sample|heart|frame|refresh|first)[- ]?)\brate[- ]?limited\b|\b(?:hit|hitting|reached|reaching|exceeded|exceeding|over)[ \t]{1,3}(?:(?:the|a|its|my|their|our|your|api)[ \t]{1,3}){0,2}rate[- ]?limits?\b|(?<!(?:bit|sample|heart|frame|refresh|first)[- ]?)\brate[- ]?limits?[ \t]{1,3}(?:exceeded|reached|hit|errors?|issues?|wall|problems?)\b`;

/**
 * Tokens any program could print, next to the entries they mean. They answer only with a Spotify
 * context, and only when Spotify is named closer to them than another program.
 */
export const GENERIC_CODES: ReadonlyArray<{
  code: string;
  pattern: RegExp;
  prefilter: string;
  /** Where the entry's own description says it does not show (another moment, another error of the same token). */
  notWith?: RegExp;
  /** Every web API prints it: the channel alone is not enough context (see ScanText.isSpotifys). */
  needsName?: boolean;
}> = [
  { code: 'Installer error 18', pattern: numbered(String.raw`(?:installer\s+)?`, 18), prefilter: String.raw`error\W*(?:code\W*)?18\b` },
  { code: 'Installer error 24', pattern: numbered(String.raw`(?:installation\s+|installer\s+)?`, 24), prefilter: String.raw`error\W*(?:code\W*)?24\b` },
  { code: 'Error 30', pattern: numbered('', 30), prefilter: String.raw`error\W*(?:code\W*)?30\b` },
  {
    code: 'accesspoint:17',
    pattern: numbered('', 17),
    prefilter: String.raw`error\W*(?:code\W*)?17\b`,
    // The access point refuses a login; a 17 while installing or updating is another error.
    notWith: /\b(?:install\w*|updat\w*|setup)\b/,
  },
  {
    code: 'HTTP 429 — Too Many Requests',
    pattern: new RegExp(
      [
        String.raw`\b(?:http|error|status|statuscode|code)\W{0,3}429\b`,
        String.raw`${RESPONSE_VERBS}[ \t]{1,3}(?:(?:an?|the)[ \t]{1,3})?(?:\w+[ \t]{1,3})?429s?\b${AS_A_STATUS}`,
        String.raw`\b429\W{1,3}(?:too many|rate[- ]?limit)`,
        String.raw`\btoo\s+many\s+requests\b`,
        String.raw`\brate\/request\s+limit\b`,
        RATE_LIMITED,
        String.raw`\bretry-after\b`,
      ].join('|'),
      'gi',
    ),
    prefilter: String.raw`(?:http|status|statuscode|code|error)\W{0,3}429|${RESPONSE_VERBS}[ \t]{1,3}(?:an?[ \t]{1,3}|the[ \t]{1,3})?(?:\w+[ \t]{1,3})?429|429\W{1,3}(?:too\s+many|rate)|too\s+many\s+requests|rate\/request\s+limit|rate[- ]?limit|retry-after`,
    // spotipy gives up on retries as "http status: 429 … Max Retries, reason: too many 500 error responses": its reason names the status the server sent.
    notWith: /\btoo many (?!429\b)\d{3} error responses\b/,
    needsName: true,
  },
  {
    code: 'HTTP 401 — invalid_client',
    pattern: /\binvalid[_ ]client\b/gi,
    prefilter: 'invalid[_ ]client',
    // Wrong app credentials; Spotify's "INVALID_CLIENT: Invalid redirect URI" is a different mistake.
    notWith: /\binvalid redirect uri\b/,
    needsName: true,
  },
];

/** The words of the table that would otherwise count as Spotify's own constants. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(['invalid_client']);

export class GenericCodeRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: GENERIC_CODES.map((g) => g.prefilter) };

  constructor(private readonly codes: CodeIndex) {}

  find(text: ScanText, found: Findings): void {
    if (!text.spotifyContext) return;
    for (const { pattern, code, notWith, needsName } of GENERIC_CODES) {
      if (notWith?.test(text.folded)) continue;
      for (const m of text.folded.matchAll(pattern)) {
        // The token belongs to whichever program is named closest to it.
        if (text.isSpotifys(m.index, { needsName })) found.add(this.codes.byCode(code), 0.9);
      }
    }
  }
}
