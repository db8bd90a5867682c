/**
 * Notes of the reference: a title, prose, and in the second edition sometimes a code snippet
 * glued straight onto the last sentence ("…the token never arrives.browser → https://…"), its
 * HTML entities left in, and sometimes more prose glued onto the snippet's last line
 * ("…code:-2];   // "extraction failed"So a code -2 almost always means…").
 */
import type { Note } from '../../src/data/schema.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes named (&gt; &lt; &amp; &quot; &apos;) and numeric (&#39; &#x27;) entities in one pass. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ENTITIES[name!.toLowerCase()] ?? whole;
  });
}

/** A language name glued on as the snippet's whole first line ("….bash" then the code below). */
const LANGUAGE_HINT = new RegExp(
  `^(?:${'bash sh shell zsh powershell ps1 cmd bat console json js javascript ts typescript http objc swift c cpp text diff xml html ini yaml toml'.split(' ').join('|')})$`,
  'i',
);

/**
 * Where code starts right after a sentence's full stop, with no space: a comment (`//`), an HTTP
 * request line (`POST https://…`), or a (dotted) name followed by `=`, `(`, `{`, `[` or `→`
 * (`resp = …`, `if (…`, `audioEl.onerror = …`, `browser → …`). Domain names in the prose
 * (`apresolve.spotify.com to …`, `com.spotify.installer error`) are followed by none of those.
 */
const GLUE =
  /(?<=\S)\.(?=\/\/|(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+(?:\/|https?:\/\/)|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*(?:=|\(|\{|\[|→))/;

/** The last line of a snippet may carry prose glued onto its end; see afterSnippetStart. */
const PROSE_START = /[A-Z][a-z]* /y;

/**
 * Where prose glued onto a code line begins: a capitalised word and a space, right after the code
 * (`}During the…`, `-4Cancelling is…`, `"extraction failed"So a…`, `// successSo check…`), running
 * to a sentence end. Not after an opening quote (`// → "Find installers…`) and not inside a
 * camel-case name (`LSMinimumSystemVersion 10.11`). A whole line counts when it starts unindented.
 * The last such place wins. Returns -1 when the line is all code.
 */
export function afterSnippetStart(line: string): number {
  if (!/[.!?]["')]?$/.test(line)) return -1;
  let found = -1;
  for (let p = 0; p < line.length; p++) {
    PROSE_START.lastIndex = p;
    if (!PROSE_START.test(line)) continue;
    if (p > 0) {
      const before = line[p - 1]!;
      if (/\s/.test(before)) continue;
      if (/[A-Za-z]/.test(before)) {
        const run = /[A-Za-z]+$/.exec(line.slice(0, p))![0];
        if (run !== run.toLowerCase()) continue;
      }
      if (/["']/.test(before) && (p < 2 || /\s/.test(line[p - 2]!))) continue;
    }
    found = p;
  }
  return found;
}

/** "Title: text" (first edition, some second-edition notes) or "Title sentence. Text" (second edition). */
export function splitTitle(prose: string, where: string): { title: string; text: string } {
  const match = /^(.+?)(?:: |\. )(.+)$/s.exec(prose.trim());
  if (!match) throw new Error(`Note without a title in ${where}: ${prose.slice(0, 60)}`);
  return { title: match[1]!.trim(), text: match[2]!.trim() };
}

/**
 * Builds a note from its first line (after "Note: ") and any lines that follow it in the entry,
 * which only a snippet has. Entities are decoded everywhere in the note.
 */
export function parseNote(firstLine: string, moreLines: readonly string[], where: string): Note {
  const first = decodeEntities(firstLine.trim());
  const more = moreLines.map((l) => decodeEntities(l.replace(/\s+$/, '')));
  while (more.length && !more[more.length - 1]!.trim()) more.pop();
  if (!more.length) return splitTitle(first, where);

  const glue = GLUE.exec(first);
  let prose: string;
  let codeLines: string[];
  let language: string | undefined;
  const hint = /(?<=\S\.)([\w-]+)$/.exec(first);
  if (hint && LANGUAGE_HINT.test(hint[1]!)) {
    prose = first.slice(0, hint.index);
    language = hint[1]!.toLowerCase();
    codeLines = [...more];
  } else if (glue) {
    prose = first.slice(0, glue.index + 1);
    codeLines = [first.slice(glue.index + 1), ...more];
  } else {
    throw new Error(`Note in ${where} continues over several lines but no snippet start was found`);
  }

  let afterSnippet: string | undefined;
  const last = codeLines[codeLines.length - 1]!;
  const cut = afterSnippetStart(last);
  if (cut >= 0) {
    afterSnippet = last.slice(cut).trim();
    const rest = last.slice(0, cut).replace(/\s+$/, '');
    if (rest.trim()) codeLines[codeLines.length - 1] = rest;
    else codeLines.pop();
    while (codeLines.length && !codeLines[codeLines.length - 1]!.trim()) codeLines.pop();
  }
  if (!codeLines.length) throw new Error(`Empty snippet in the note of ${where}`);

  const note: Note = { ...splitTitle(prose, where), snippet: { ...(language ? { language } : {}), code: codeLines.join('\n') } };
  if (afterSnippet) note.afterSnippet = afterSnippet;
  return note;
}
