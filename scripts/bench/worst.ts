import type { ErrorLookup } from '../../src/core/lookup.js';
import { ms, timeCalls } from './stats.js';

/**
 * Inputs found by attacking the bot: text that once made a regular expression backtrack or a
 * fallback run for milliseconds. Every one must stay under 1 ms for detection (symptom mode, in a
 * help channel: every rule runs), search and autocomplete.
 */
export const WORST_INPUTS: Record<string, string> = {
  'URL-like dashes (3,998 chars)': `${'a-'.repeat(1985)} spotify error code auth:3 /`,
  'URL-like dots (3,998 chars)': `${'a.'.repeat(1985)} spotify error code auth:3 /`,
  'one 3,990-letter word': `${'a'.repeat(3990)} spotify`,
  '32 astral-plane letters': '𝔘'.repeat(32),
  '2,000 astral-plane letters': '𝔘'.repeat(2000),
  '800 "auth:"': 'auth:'.repeat(800),
  '666 "error "': 'error '.repeat(666),
  'a 14-letter non-word (typo fallback)': 'qwzxqwzxqwzxqw',
  'a dotted run after "block" (host pattern)': `block ${'a.'.repeat(1990)}`,
  'one 3,990-letter camelCase identifier': 'aB'.repeat(1995),
  '799 Cyrillic glossary prefixes': 'учетн'.repeat(799),
  '"spotify error" then 3,987 spaces': `spotify error${' '.repeat(3987)}`,
  '"spotify error" then 3,987 newlines': `spotify error${'\n'.repeat(3987)}`,
  '1,991 decorated empty log lines': `too many requests\n${'#\n'.repeat(1991)}`,
  'a player request then 1,980 "a-"': `https://api.spotify.com/v1/me/player 403 ${'a-'.repeat(1980)}`,
  '333 hosts without a space': 'spotify.com/'.repeat(333),
  '363 "a firewall " openings': `${'a firewall '.repeat(363)}`,
  '400 "acconts:4" (namespace typos)': 'acconts:4 '.repeat(400),
  '"error code", 1,900 spaces, a namespace, 1,900 spaces': `spotify error code${' '.repeat(1900)}accounts${' '.repeat(1900)}x`,
  'a licence request then 3,900 spaces and a status': `https://api.spotify.com/v1/widevine-license/v1/audio/license${' '.repeat(3900)}status 500`,
  '996 "got " then a 429 (a status after a verb)': `spotify ${'got '.repeat(996)}429`,
  '166 spotipy exception openings': 'http status: 429, code'.repeat(166),
  '496 "reached " before a rate limit': `spotify ${'reached '.repeat(496)}rate limit`,
  '129 nearly quoted firewall messages (word pairs)': 'a firewall may be blocking and '.repeat(129),
  '142 typed messages with a word off': "spotify can't play this now ".repeat(142).slice(0, 4000),
  '400 "error 103" (a code typed without "code")': 'error 103 '.repeat(400),
  '250 "steam error 103" (another program\'s, each looked at)': `${'steam error 103 '.repeat(250)} spotify`,
  '210 "com.spotify.installer error" without a number': 'com.spotify.installer error '.repeat(210).slice(0, 4000),
  '222 "installer error -" (a name, then no number)': 'installer error - '.repeat(222),
  '800 "auth " then "error" (spaced namespaces)': `${'auth '.repeat(799)}error`,
  '250 "sorry, we can\'t" openings (a message\'s first words)': "sorry, we can't ".repeat(250).slice(0, 4000),
};

export function benchWorst(lookup: ErrorLookup) {
  const rows = Object.entries(WORST_INPUTS).map(([name, text]) => {
    const detect = timeCalls([text], (t) => lookup.detector.detect(t, { symptomMode: true, assumeSpotify: true }), 200, 500);
    const search = timeCalls([text], (t) => lookup.search(t), 200, 500);
    const complete = timeCalls([text.slice(0, 100)], (t) => lookup.autocomplete(t), 200, 500);
    return { name, detect: detect.p99Ms, search: search.p99Ms, autocomplete: complete.p99Ms };
  });
  const worst = Math.max(...rows.flatMap((r) => [r.detect, r.search, r.autocomplete]));
  return {
    rows,
    worst,
    markdown: [
      '| input | detection p99 | search p99 | autocomplete p99 |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.name} | ${ms(r.detect)} | ${ms(r.search)} | ${ms(r.autocomplete)} |`),
    ].join('\n'),
  };
}
