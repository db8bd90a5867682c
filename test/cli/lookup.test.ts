import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { Answerer } from '../../src/answers/answerer.js';
import { runLookup } from '../../src/cli/lookup.js';
import { sharedAnswerer, sharedLookup } from '../helpers.js';

async function run(argv: string[], input = '', answerer = sharedAnswerer()) {
  let out = '';
  let err = '';
  const code = await runLookup(argv, answerer, {
    stdin: Readable.from([input]),
    write: (t) => (out += t),
    error: (t) => (err += t),
    readImage: async (name) => ({ name, status: 'read', text: '' }),
  });
  return { code, out, err };
}

describe('npm run lookup', () => {
  it('prints the best entry readably', async () => {
    const { code, out } = await run(['Error', 'code:', 'auth:3']);
    expect(code).toBe(0);
    expect(out).toMatch(/^auth:3 — Firewall or proxy blocking auth\n/);
    expect(out).toContain('4. Check `C:\\Windows\\System32\\drivers\\etc\\hosts` for spotify.com entries');
    expect(out).not.toContain('**');
  });

  it('answers a pasted message or code number as /spotify-error does, with each error\'s platform', async () => {
    const playback = (await run(["Spotify can't play this right now. If you have the file on your computer you can import it."])).out;
    expect(playback).toBe(
      'Several errors show this message:\n  FRAGMENT_REQUEST_FAILED_WITH_STATUS — Audio segment download failed · Windows & macOS\n' +
        '  ONE_TRACK_UNPLAYABLE (playback dispatcher) — How playback errors become on-screen messages · Windows & macOS\n',
    );
    const number = (await run(['Error code: 103'])).out;
    expect(number).toBe(
      'Several errors have this code number:\n  accounts:103 — Firewall blocking account validation · Windows\n' +
        '  session:103 — Session handshake failed after browser login · Windows\n',
    );
  });

  it('prints what the answering module answers /spotify-error with, not a decision of its own', async () => {
    const lookup = sharedLookup();
    const answerer = new Answerer(lookup);
    const asked = vi.spyOn(answerer, 'answer').mockResolvedValue({ kind: 'entries', entries: [lookup.byCode('auth:73')!], by: 'search', source: 'text' });
    const { out } = await run(['Error code: auth:3'], '', answerer);
    expect(asked).toHaveBeenCalledWith(expect.objectContaining({ way: 'slash', text: 'Error code: auth:3', images: [] }));
    expect(out).toMatch(/^auth:73 — /);
  });

  it('shows beside each close entry the score the decision ranked it by', async () => {
    // A "did you mean" list of the reference's words alone (people's examples leave one close entry): scored by them, not by search with examples.
    const { out } = await run(['Your application has reached a rate/request limit.']);
    expect(out).toMatch(/^HTTP 429 — Too Many Requests — Rate limit exceeded\n/);
    expect(out).toContain(
      '\n\nAlso close:\n  offline device-limit-reached — Offline device limit reached (0.426)\n' +
        '  CAPPING_USER_IS_CAPPED — Free tier monthly listening limit reached (0.393)\n' +
        '  max_subscriptions_reached — Too many Spotify instances open (tab limit) (0.37)\n',
    );
  });

  it('says when nothing matches, with the closest entries when there are some', async () => {
    expect((await run(['lol'])).out).toBe('No documented Spotify error matches "lol".\n');
    const { code, out } = await run(['help me pls my music wont play']);
    expect(code).toBe(0);
    expect(out).toMatch(/^No documented Spotify error matches "help me pls my music wont play"\.\n\nClosest, if one fits:\n {2}ONE_TRACK_UNPLAYABLE \(playback dispatcher\) — [^\n]+ \(0\.\d+\)\n/);
  });

  it('prints JSON results, best first, up to 5', async () => {
    const { out } = await run(['--json', 'firewall', 'blocking', 'spotify']);
    const parsed = JSON.parse(out) as { query: string; results: Array<{ code: string; title: string; score: number }> };
    expect(parsed.query).toBe('firewall blocking spotify');
    expect(parsed.results).toHaveLength(5);
    expect(Object.keys(parsed.results[0]!)).toEqual(['code', 'title', 'score']);
  });

  it('reads one query per line from standard input', async () => {
    const { out } = await run(['--json', '-'], 'auth 3\n\n429\nnothing like this at all\n');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { query: string; results: Array<{ code: string }> });
    expect(lines.map((l) => l.query)).toEqual(['auth 3', '429', 'nothing like this at all']);
    expect(lines[0]!.results[0]!.code).toBe('auth:3');
    expect(lines[1]!.results[0]!.code).toBe('HTTP 429 — Too Many Requests');
    expect(lines[2]!.results).toEqual([]);
  });

  it('explains its usage', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toContain('Usage:');
    expect((await run(['--help'])).out).toContain('Usage:');
  });

  it('writes usage and errors to standard error, so standard output holds only answers', async () => {
    const bad = await run(['--detect', '--json', '--bogus', '-'], 'Error code: auth:73\n');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain("Unknown option '--bogus'");
    expect(bad.err).toContain('Usage:');
    const missing = await run(['--image', '--json', '/nonexistent/shot.png']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe('Cannot read /nonexistent/shot.png: ENOENT\n');
  });

  it('refuses --strict without --detect rather than ignoring it', async () => {
    for (const argv of [['--strict', 'No internet connection detected.'], ['--image', '--strict', 'shot.png']]) {
      const { code, out, err } = await run(argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain('--strict goes with --detect');
    }
  });
});

describe('npm run lookup -- --detect', () => {
  it('heads each readable answer to a line of standard input with that line, so answers of several lines are told apart', async () => {
    const { out } = await run(['--detect', '-'], 'Error code: auth:73\n\nmeet at 3:30\n');
    expect(out).toMatch(/^» Error code: auth:73\nauth:73 — Region mismatch or auth blocked\n[^»]+\n\n» meet at 3:30\nWould stay silent\.\n$/);
    expect((await run(['-'], 'lol\n')).out).toBe('» lol\nNo documented Spotify error matches "lol".\n');
  });

  it('prints exactly what an automatic reply would answer', async () => {
    const { out } = await run(['--detect', '--json', '-'], 'Error code: auth:73\nmeet at 3:30\nA firewall may be blocking Spotify.\n');
    const [coded, chat, shared] = out.trim().split('\n').map((l) => JSON.parse(l) as { text: string; matches: Array<{ code: string; confidence: number }>; ambiguous?: boolean });
    expect(coded).toEqual({ text: 'Error code: auth:73', matches: [{ code: 'auth:73', confidence: 1 }] });
    expect(chat).toEqual({ text: 'meet at 3:30', matches: [] });
    expect(shared!.ambiguous).toBe(true);
    expect(shared!.matches).toHaveLength(7);
  });

  it('says, as an automatic reply does, that a message shows more errors than it answers', async () => {
    const { out } = await run(['--detect', 'Error code: auth:3, then auth:73, then accounts:103, and now Error code: accounts:127']);
    expect(out.match(/^\S+ — /gm)).toEqual(['auth:3 — ', 'auth:73 — ', 'accounts:103 — ']);
    expect(out).toContain('1 more error(s) in your message: look them up with `/spotify-error`.');
  });

  it('says a code number several errors end in is a number they share, as a lookup and the reply itself do', async () => {
    const { out } = await run(['--detect', 'Error code: 103']);
    expect(out).toBe(
      'Would answer with a short list (several errors have this code number):\n  accounts:103 — Firewall blocking account validation · Windows\n' +
        '  session:103 — Session handshake failed after browser login · Windows\n',
    );
    expect((await run(['--detect', 'A firewall may be blocking Spotify.'])).out).toMatch(/^Would answer with a short list \(several errors show this message\):\n/);
  });

  it('says when it would stay silent', async () => {
    expect((await run(['--detect', 'we', 'won', '3:1'])).out).toBe('Would stay silent.\n');
  });
});

describe('npm run lookup, as a program', () => {
  it('stops quietly when the command it is piped into stops reading', async () => {
    const { spawn } = await import('node:child_process');
    const root = new URL('../../', import.meta.url);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lookup.ts', '--json', '-'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `| head -c 100`: the first bytes read, then the pipe closed.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => undefined);
    child.stdin.end('auth:3 firewall blocking spotify\n'.repeat(20_000));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  }, 60_000);
});
