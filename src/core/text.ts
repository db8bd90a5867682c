/** Text folding shared by code resolution, search and detection. */

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;

// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;

/** NFKC (fullwidth → ASCII, `：` → `:`), lower case, typographic dashes and quotes made plain. */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().replace(DASHES, '-').replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"');
}

/** Letters and digits only: `Error code: AUTH-3` → `errorcodeauth3`. */
export function compactKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '');
}

/** Lower-case word tokens (letters and digits); underscores, colons and punctuation split. */
export function tokenize(text: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  // A character loop: several times cheaper than a regular-expression split on long messages.
  const folded = fold(text);
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const c = i < folded.length ? folded.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (tokens.length >= maxTokens) break;
      tokens.push(folded.slice(start, i));
      start = -1;
    }
  }
  return tokens;
}

/** Tokens joined by single spaces: a punctuation- and case-insensitive form for phrase comparison. */
export function phraseKey(text: string): string {
  return tokenize(text).join(' ');
}

const APPENDED_CODE = /\s*\(error code:[^)]*\)/i;

/** A displayed message without the "(Error code: …)" the client appends to some of them. */
export function withoutErrorCode(message: string): string {
  return message.replace(APPENDED_CODE, '').trim();
}
