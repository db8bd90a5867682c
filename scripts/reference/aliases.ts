/**
 * Extra lookup keys derived from each entry by rule, for what people type rather than what the
 * heading says. Aliases never repeat the entry's own code, and a key two entries would share
 * (a bare status like "403") goes to neither.
 */
import type { ErrorEntry } from '../../src/data/schema.js';

/** Typographic minus and dashes people type as "-". */
const TYPOGRAPHIC_MINUS = /[\u2212\u2012\u2013]/g;
const HAS_TYPOGRAPHIC_MINUS = /[\u2212\u2012\u2013]/;

function aliasesOf(entry: ErrorEntry): string[] {
  const aliases: string[] = [];
  const add = (alias: string) => {
    const clean = alias.trim();
    if (clean && !aliases.includes(clean)) aliases.push(clean);
  };

  // Ranges: accounts:53–55 → accounts:53, accounts:54, accounts:55.
  const range = /^(\w+):(\d+)[–-](\d+)$/.exec(entry.code);
  if (range) {
    for (let n = Number(range[2]); n <= Number(range[3]); n++) add(`${range[1]}:${n}`);
  }

  // Codes the client shows in its message: "(Error code: 17 / accesspoint:17)".
  for (const message of entry.messages) {
    const shown = /\(Error code: ([^)]+)\)/.exec(message)?.[1];
    for (const code of shown?.split(' / ') ?? []) add(code);
  }

  // Windows installer: "Installer error 18" → "error 18", "installer 18".
  const installer = /^Installer error (\d+)$/.exec(entry.code);
  if (installer) {
    add(`error ${installer[1]}`);
    add(`installer ${installer[1]}`);
  }

  // Web API: "HTTP 403 — PREMIUM_REQUIRED" → "PREMIUM_REQUIRED", "403 PREMIUM_REQUIRED"
  // (and "HTTP 429", "429" where only one entry has the status; see addAliases).
  const web = /^HTTP (\d{3}) — (.+)$/.exec(entry.code);
  if (web) {
    add(web[2]!);
    add(`${web[1]} ${web[2]}`);
    add(`HTTP ${web[1]}`);
    add(web[1]!);
  }

  // Qualifier in parentheses: "ONE_TRACK_UNPLAYABLE (playback dispatcher)" → "ONE_TRACK_UNPLAYABLE".
  const qualified = /^(.+?) \([^()]+\)$/.exec(entry.code);
  const base = qualified ? qualified[1]! : entry.code;
  if (qualified) add(base);

  // Alternatives: "fatal-error / error.generic" → both; "BANNED_BY_USER_ARTIST / _TRACK" →
  // BANNED_BY_USER_ARTIST, BANNED_BY_USER_TRACK (a part starting with "_" replaces the last word).
  const parts = base.split(' / ');
  if (parts.length > 1) {
    const head = parts[0]!;
    add(head);
    for (const part of parts.slice(1)) add(part.startsWith('_') ? head.replace(/_[^_]+$/, part) : part);
  }

  // Typed with a plain hyphen: any code written with a minus sign or dash other than a range's.
  if (!range && HAS_TYPOGRAPHIC_MINUS.test(entry.code)) add(entry.code.replace(TYPOGRAPHIC_MINUS, '-'));

  // macOS installer: "com.spotify.installer −1" → "installer error -1", "installer -1".
  const macInstaller = /^com\.spotify\.installer ([−-]\d+)$/.exec(entry.code);
  if (macInstaller) {
    const n = macInstaller[1]!.replace(TYPOGRAPHIC_MINUS, '-');
    add(`installer error ${n}`);
    add(`installer ${n}`);
  }

  return aliases.filter((a) => a !== entry.code);
}

/** Sets every entry's aliases; keys that would point at more than one entry are left out. */
export function addAliases(entries: ErrorEntry[]): void {
  const derived = entries.map(aliasesOf);
  const owners = new Map<string, Set<string>>();
  const claim = (key: string, code: string) => {
    const k = key.toLowerCase();
    owners.set(k, (owners.get(k) ?? new Set()).add(code));
  };
  entries.forEach((entry, i) => {
    claim(entry.code, entry.code);
    for (const alias of derived[i]!) claim(alias, entry.code);
  });
  entries.forEach((entry, i) => {
    entry.aliases = derived[i]!.filter((alias) => owners.get(alias.toLowerCase())!.size === 1);
  });
}
