import type { EventEmitter } from 'node:events';

/** A terminal delivers a paste's lines this close together; a person typing is far slower. */
export const PASTE_GAP_MS = 30;

/**
 * What a person sends in the interactive demo, from a readline interface's lines. In a terminal,
 * lines that arrive together (a pasted dialog: its message on one line, its code on the next) are
 * one message, as Discord would get them; lines typed one by one, and piped input, are one each.
 */
export function messagesFrom(lines: EventEmitter, options: { pastes: boolean; gapMs?: number }): AsyncGenerator<string> {
  const gap = options.gapMs ?? PASTE_GAP_MS;
  const ready: string[] = [];
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.length) ready.push(pending.join('\n'));
    pending = [];
    wake?.();
  };
  lines.on('line', (line: string) => {
    if (!options.pastes) {
      ready.push(line);
      wake?.();
      return;
    }
    pending.push(line);
    clearTimeout(timer);
    timer = setTimeout(flush, gap);
  });
  lines.once('close', () => {
    clearTimeout(timer);
    flush();
    closed = true;
    wake?.();
  });
  // Listening from now, not from the first read: lines that come before it are not lost.
  return (async function* () {
    for (;;) {
      if (ready.length) {
        yield ready.shift()!;
        continue;
      }
      if (closed) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  })();
}

/**
 * The options of a typed "/spotify-error …" line, as one line (Discord's text box makes each option
 * one line). The query may be written bare or with its name, as Discord shows it and the scripted
 * demo prints it (`query:auth:3`); `private:true` is the option, not words of the query.
 */
export function spotifyErrorOptions(line: string): { query?: string; private?: boolean } {
  const options: { query?: string; private?: boolean } = {};
  for (const part of line.replace(/\s+/g, ' ').trim().split(/ (?=(?:query|private):)/i)) {
    const flag = /^private:(true|false)$/i.exec(part);
    if (flag) options.private = flag[1]!.toLowerCase() === 'true';
    else options.query = part.replace(/^query:\s*/i, '');
  }
  if (!options.query) delete options.query;
  return options;
}
