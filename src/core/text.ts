/** Text folding shared by code resolution, search and detection. */

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;

/** NFKC (fullwidth → ASCII, `：` → `:`), lower case, typographic dashes and quotes made plain. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(DASHES, '-').replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"');
}

/** Letters and digits only: `Error code: AUTH-3` → `errorcodeauth3`. */
export function compactKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '');
}

/** Lower-case word tokens (letters and digits); underscores, colons and punctuation split. */
export function tokenize(text: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  const tokens: string[] = [];
  const re = /[a-z0-9]+/g;
  const folded = fold(text);
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null && tokens.length < maxTokens) tokens.push(m[0]);
  return tokens;
}

/** Tokens joined by single spaces: a punctuation- and case-insensitive form for phrase comparison. */
export function phraseKey(text: string): string {
  return tokenize(text).join(' ');
}
