import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateScreenshots, formatReport, type ScreenshotReport } from '../../scripts/fixtures/evaluate-screenshots.js';
import { negativeScreenshots, positiveScreenshots, type ScreenshotFixture } from '../../scripts/fixtures/screenshots.js';
import { runLookup } from '../../src/cli/lookup.js';
import { unreadableText } from '../../src/render/screenshot.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { sharedAnswerer, upscalerProcesses as upscalers } from '../helpers.js';

const OCR_TIMEOUT = 180_000;

let pool: OcrPool;
let reader: ScreenshotReader;
let positives: ScreenshotFixture[];
let negatives: ScreenshotFixture[];
let report: ScreenshotReport;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  pool = new OcrPool({ workers: 2, queueLimit: 500, idleMs: 60_000, jobTimeoutMs: 60_000, logger });
  reader = new ScreenshotReader({ pool, logger, capacity: 500 });
  positives = await positiveScreenshots();
  negatives = await negativeScreenshots();
  report = await evaluateScreenshots([...positives, ...negatives], reader, sharedAnswerer());
  console.log(formatReport(report));
}, OCR_TIMEOUT);

afterAll(() => pool?.close());

describe('reading screenshots (tesseract.js on generated images)', () => {
  it('has the fixtures the issues ask for: 30+ dialogs in both looks, fonts, sizes and formats; 20+ other images', () => {
    expect(positives.length).toBeGreaterThanOrEqual(30);
    expect(negatives.length).toBeGreaterThanOrEqual(20);
    const names = positives.map((f) => f.name).join('\n');
    for (const look of ['dark', 'light', 'full-screen', 'dimmed', 'half-size', '.jpeg', '.webp', '.png', 'serif', 'mono', 'condensed']) {
      expect(names).toContain(look);
    }
    // The second edition's surfaces, and small text in other fonts (#13, #14).
    for (const code of ['com.spotify.installer \u22123', 'com.spotify.installer \u22121', 'max_subscriptions_reached', 'NOT_AVAILABLE_IN_CURRENT_REGION']) {
      expect(positives.filter((f) => f.expected === code).length).toBeGreaterThanOrEqual(5);
    }
    for (const look of [' 11px', 'scaled 60%', 'q80', 'roboto', 'openSans', 'notoSans', 'inter', 'code line cut off']) expect(names).toContain(look);
    expect(positives.filter((f) => f.small).length).toBeGreaterThanOrEqual(40);
  });

  it('answers every Spotify error screenshot with the right entry', () => {
    expect(report.wrong.map((r) => `${r.fixture.name} → ${r.answered}`)).toEqual([]);
    expect(report.missed.map((r) => `${r.fixture.name}: ${r.text.slice(0, 120)}`)).toEqual([]);
    expect(report.recalled).toBe(report.positives);
  });

  it('answers small text: dialogs at 11–14 px, windows scaled to 60–75 %, JPEG at quality 60–80, other fonts (upscaled in the worker)', () => {
    const small = report.results.filter((r) => r.fixture.small && r.fixture.expected);
    expect(small.length).toBeGreaterThanOrEqual(40);
    expect(small.filter((r) => r.answered !== r.fixture.expected).map((r) => `${r.fixture.name} → ${r.answered}`)).toEqual([]);
  });

  it('answers the macOS installer’s alerts, in macOS’s look too, and stays silent on other apps’ macOS alerts in the same words', () => {
    const mac = report.results.filter((r) => r.fixture.expected?.startsWith('com.spotify.installer') || r.fixture.expected === 'Unsupported Platform (macOS)');
    expect(mac.length).toBeGreaterThanOrEqual(30);
    expect(mac.filter((r) => r.answered !== r.fixture.expected).map((r) => `${r.fixture.name} → ${r.answered}: ${r.text.slice(-120)}`)).toEqual([]);
    const others = report.results.filter((r) => r.fixture.name.startsWith('macos '));
    expect(others.length).toBeGreaterThanOrEqual(16);
    expect(others.filter((r) => r.answered !== null).map((r) => `${r.fixture.name} → ${r.answered}`)).toEqual([]);
  });

  it('answers a dialog whose code line is cut off from its displayed message', () => {
    const cut = report.results.filter((r) => r.fixture.damagedCode);
    expect(cut).toHaveLength(4);
    const codeShown: Record<string, RegExp> = { 'auth:3': /auth\W{0,3}3\b/i, 'Installer error 18': /code\W{0,3}18\b/i };
    for (const r of cut) {
      expect(r.answered, r.fixture.name).toBe(r.fixture.expected);
      // The code itself was not read: the message said which entry it is.
      expect(r.text, r.fixture.name).not.toMatch(codeShown[r.fixture.expected!]!);
    }
  });

  it('stays silent on other apps’ errors, code, memes, photos and a Spotify window without an error', () => {
    expect(report.answeredNegatives.map((r) => `${r.fixture.name} → ${r.answered}`)).toEqual([]);
    // The negatives were really read: OCR found their text, the detector refused it.
    const steam = report.results.find((r) => r.fixture.name.startsWith('steam'))!;
    expect(steam.text).toMatch(/Steam network/);
  });

  it('reports cut-off and damaged images as unreadable, and the worker reads the next one', async () => {
    const good = positives.find((f) => f.name.endsWith('.png'))!;
    const truncated = await reader.readBytes('cut.png', good.bytes.subarray(0, Math.floor(good.bytes.length / 3)));
    expect(truncated).toMatchObject({ status: 'refused', reason: 'the file is cut off' });
    // Whole on the outside, garbage inside: only the decoder in the worker can tell.
    const garbled = Buffer.from(good.bytes);
    garbled.fill(0x5a, 60, garbled.length - 40);
    const damaged = await reader.readBytes('damaged.png', garbled);
    expect(damaged.status).toBe('failed');
    expect(unreadableText(damaged)).toContain('I could not read this image');
    const again = await reader.readBytes(good.name, good.bytes);
    expect(sharedAnswerer().answerReadings([again], { way: 'auto', helpChannel: true, phrases: [] })).toMatchObject({ kind: 'entries', entries: [{ code: good.expected }] });
  }, OCR_TIMEOUT);

  it('runs its workers at a lower priority than the bot (Linux nice +10)', async () => {
    const niceOf = async (task: string) => Number((await readFile(`/proc/${process.pid}/task/${task}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
    const nice = await Promise.all((await readdir(`/proc/${process.pid}/task`)).map(niceOf));
    expect(pool.stats().workers).toBe(2);
    const main = await niceOf(String(process.pid));
    expect(nice.filter((n) => n === Math.min(19, main + 10))).toHaveLength(2);
  });

  it('upscales in a child process that ends with its worker, so the bot gets that memory back', async () => {
    const small = pino({ level: 'silent' });
    const idlePool = new OcrPool({ workers: 1, queueLimit: 10, idleMs: 300, jobTimeoutMs: 60_000, logger: small });
    const dialog = positives.find((f) => f.width < 1000 && f.expected === 'accounts:408')!;
    try {
      const before = await upscalers();
      const reading = await new ScreenshotReader({ pool: idlePool, logger: small, capacity: 10 }).readBytes(dialog.name, dialog.bytes);
      expect(reading.text).toMatch(/country/i);
      const during = (await upscalers()).filter((pid) => !before.includes(pid));
      expect(during).toHaveLength(1);
      const niceOfChild = Number((await readFile(`/proc/${during[0]}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
      expect(niceOfChild).toBeGreaterThanOrEqual(10);
      await vi.waitFor(() => expect(idlePool.stats().workers).toBe(0), { timeout: 10_000, interval: 50 });
      await vi.waitFor(async () => expect(await upscalers()).not.toContain(during[0]), { timeout: 10_000, interval: 50 });
    } finally {
      await idlePool.close();
    }
  }, OCR_TIMEOUT);

  it('picks the image that shows the error among several', async () => {
    const photo = negatives.find((f) => f.name.startsWith('photo'))!;
    const dialog = positives.find((f) => f.expected === 'accounts:408')!;
    const readings = await Promise.all([photo, dialog].map((f) => reader.readBytes(f.name, f.bytes)));
    const found = sharedAnswerer().answerReadings(readings, { way: 'auto', helpChannel: true, phrases: [] });
    expect(found).toMatchObject({ kind: 'entries', entries: [{ code: 'accounts:408' }], source: 'screenshot' });
    expect(found.reading?.name).toBe(dialog.name);
  }, OCR_TIMEOUT);

  it('says what it read when an image shows no Spotify error, made safe to echo', () => {
    const text = unreadableText({ name: 'x.png', status: 'read', text: '@everyone **WHEN THE** <@123> playlist\nhits' });
    expect(text).toContain('The text I read:');
    expect(text).not.toContain('@everyone');
    expect(text).not.toContain('<@123>');
    expect(text).toContain('\\*\\*WHEN THE\\*\\*');
    expect(unreadableText({ name: 'x.png', status: 'read', text: '   ' })).toContain('could not find any text');
    expect(unreadableText({ name: 'x.png', status: 'read', text: 'a'.repeat(5000) }).length).toBeLessThan(600);
  });
});

describe('npm run lookup -- --image', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookup-image-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await runLookup(argv, sharedAnswerer(), {
      stdin: Readable.from([]),
      write: (t) => (out += t),
      error: (t) => (err += t),
      readImage: (name, bytes) => reader.readBytes(name, bytes),
    });
    return { code, out, err };
  };

  it('prints the text read and the answer, or JSON', async () => {
    const fixture = positives.find((f) => f.expected === 'auth:73')!;
    const file = path.join(dir, 'auth73.png');
    await writeFile(file, fixture.bytes);
    const text = await run(['--image', file]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Text read \(\d+\.\d\d s\):/);
    expect(text.out).toContain('auth:73');
    expect(text.out).toContain('Region mismatch or auth blocked');

    const json = await run(['--image', '--json', file]);
    const parsed = JSON.parse(json.out) as { status: string; text: string; matches: Array<{ code: string }>; seconds: number };
    expect(parsed.status).toBe('read');
    expect(parsed.text).toContain('auth:73');
    expect(parsed.matches[0]?.code).toBe('auth:73');
    expect(parsed.seconds).toBeGreaterThan(0);
  }, OCR_TIMEOUT);

  it('says so for a missing file or one that is not an image', async () => {
    const missing = await run(['--image', path.join(dir, 'nope.png')]);
    expect(missing).toEqual({ code: 1, out: '', err: expect.stringContaining('ENOENT') });
    const notImage = path.join(dir, 'notes.png');
    await writeFile(notImage, 'just text');
    expect(await run(['--image', notImage])).toEqual({ code: 1, out: expect.stringContaining('not a PNG, JPEG or WebP image'), err: '' });
    expect((await run(['--image'])).code).toBe(2);
  });
});
