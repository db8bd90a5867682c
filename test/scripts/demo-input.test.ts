import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { messagesFrom, PASTE_GAP_MS, spotifyErrorOptions } from '../../scripts/demo-input.js';

describe('the interactive demo\'s input', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends the lines of a paste as one message, and lines typed one by one as one each', async () => {
    const lines = new EventEmitter();
    const messages = messagesFrom(lines, { pastes: true });
    const next = () => messages.next().then((r) => r.value);
    // A pasted dialog: its message, then its code on the next line, in one go.
    lines.emit('line', 'A firewall may be blocking Spotify.');
    lines.emit('line', 'Error code: auth:3');
    const pasted = next();
    await vi.advanceTimersByTimeAsync(PASTE_GAP_MS);
    expect(await pasted).toBe('A firewall may be blocking Spotify.\nError code: auth:3');
    lines.emit('line', 'thanks!');
    const typed = next();
    await vi.advanceTimersByTimeAsync(PASTE_GAP_MS * 10);
    lines.emit('line', 'that fixed it');
    await vi.advanceTimersByTimeAsync(PASTE_GAP_MS);
    expect(await typed).toBe('thanks!');
    expect(await next()).toBe('that fixed it');
    lines.emit('close');
    expect((await messages.next()).done).toBe(true);
  });

  it('reads piped input line by line, and sends what was left when the input ends', async () => {
    const piped = new EventEmitter();
    const messages = messagesFrom(piped, { pastes: false });
    piped.emit('line', 'one');
    piped.emit('line', 'two');
    piped.emit('close');
    const all: string[] = [];
    for await (const message of messages) all.push(message);
    expect(all).toEqual(['one', 'two']);

    const pasted = new EventEmitter();
    const fromTerminal = messagesFrom(pasted, { pastes: true });
    pasted.emit('line', 'Error code:');
    pasted.emit('line', 'auth:73');
    pasted.emit('close');
    const last: string[] = [];
    for await (const message of fromTerminal) last.push(message);
    expect(last).toEqual(['Error code:\nauth:73']);
  });
});

describe('a typed /spotify-error line', () => {
  it('is read as Discord sends it: the query with or without its name, private:true as the option', () => {
    expect(spotifyErrorOptions('auth:3')).toEqual({ query: 'auth:3' });
    expect(spotifyErrorOptions('query:Error code: auth:73')).toEqual({ query: 'Error code: auth:73' });
    expect(spotifyErrorOptions('query:auth:3 private:true')).toEqual({ query: 'auth:3', private: true });
    expect(spotifyErrorOptions('private:TRUE query:a firewall\n may be blocking')).toEqual({ query: 'a firewall may be blocking', private: true });
    expect(spotifyErrorOptions('private:false')).toEqual({ private: false });
    expect(spotifyErrorOptions('  ')).toEqual({});
  });
});
