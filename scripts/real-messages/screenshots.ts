/**
 * Real messages as screenshots: what people paste or describe from a Spotify dialog, drawn as that
 * dialog (the message as its body) in the generator's looks, regular and small-text in turn; and
 * messages that are not Spotify errors (chat, other programs' errors) drawn as another program's
 * window, a terminal, a chat or a note, which must not be answered. Read through the bot's own
 * reader and answering module, per half of the corpus.
 *
 * The held-out half is only ever counted: nothing here prints or returns its texts or failures.
 */
import type { Answerer } from '../../src/answers/answerer.js';
import type { Answer } from '../../src/answers/types.js';
import type { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { drawShot, drawText, lookLabel, REGULAR_LOOKS, SMALL_LOOKS, type FontName, type Format, type Look, type ScreenshotFixture } from '../fixtures/screenshots.js';
import type { RealMessage, Split } from './corpus.js';

export interface RealScreenshot {
  fixture: ScreenshotFixture;
  message: RealMessage;
}

/** Every look the generator has, regular and small-text alternately, so that both kinds get their share. */
export const REAL_MESSAGE_LOOKS: Look[] = (() => {
  const looks: Look[] = [];
  for (let i = 0; i < Math.max(REGULAR_LOOKS.length, SMALL_LOOKS.length); i++) {
    if (REGULAR_LOOKS[i]) looks.push(REGULAR_LOOKS[i]!);
    if (SMALL_LOOKS[i]) looks.push(SMALL_LOOKS[i]!);
  }
  return looks;
})();

/** What a Spotify dialog shows: the rows whose text is what the client displayed (pasted or described from a screenshot). */
export const drawnAsDialog = (m: RealMessage) => (m.kind === 'screenshot' || m.kind === 'paste') && m.expected.length > 0;
/** Rows that must not be answered: no documented error applies. */
const notAnError = (m: RealMessage) => m.expected.length === 0;

/** The other programs' windows the negatives are drawn in: none names a program, so only the text can tell. */
const OTHER_WINDOWS: Array<{ label: string; background: string; color: string; font: FontName; px: number; format: Format }> = [
  { label: 'chat', background: '#313338', color: '#dbdee1', font: 'sans', px: 15, format: 'png' },
  { label: 'terminal', background: '#0c0c0c', color: '#cccccc', font: 'mono', px: 14, format: 'png' },
  { label: 'error window', background: '#f0f0f0', color: '#1f1f1f', font: 'notoSans', px: 13, format: 'jpeg' },
  { label: 'note', background: '#fffbe6', color: '#222222', font: 'roboto', px: 14, format: 'webp' },
  { label: 'small chat', background: '#36393f', color: '#dcddde', font: 'openSans', px: 12, format: 'jpeg' },
];

export interface RealScreenshotOptions {
  /** Rows without an expected entry drawn per half (chat and other programs' errors); 10 unless given. */
  negativesPerSplit?: number;
}

/**
 * The screenshots of the corpus: every screenshot or paste row with an expected entry as a Spotify
 * dialog, and per half a few rows with none (seven in ten other programs' errors, pasted or shown,
 * then chat), chosen by kind and order only.
 */
export async function realMessageScreenshots(messages: readonly RealMessage[], options: RealScreenshotOptions = {}): Promise<RealScreenshot[]> {
  const shots: RealScreenshot[] = [];
  let n = 0;
  for (const message of messages.filter(drawnAsDialog)) {
    const look = REAL_MESSAGE_LOOKS[n % REAL_MESSAGE_LOOKS.length]!;
    const title = n % 2 === 0 ? 'Spotify' : 'Something went wrong';
    const fixture = await drawShot(
      { code: message.expected[0]!, surface: 'dialog', dialog: { title, body: message.text } },
      look,
      `real ${message.split} ${n} ${lookLabel(look)}`,
      message.expected[0]!,
    );
    shots.push({ fixture: SMALL_LOOKS.includes(look) ? { ...fixture, small: true } : fixture, message });
    n++;
  }
  const perSplit = options.negativesPerSplit ?? 10;
  for (const split of ['dev', 'heldout'] as const) {
    const rows = messages.filter((m) => m.split === split && notAnError(m));
    // Mostly other programs' errors (pasted or shown), the rest chat, each in the corpus's order.
    const others = rows.filter((m) => m.kind === 'screenshot' || m.kind === 'paste').slice(0, Math.ceil(perSplit * 0.7));
    const picked = [...others, ...rows.filter((m) => m.kind === 'chat')].slice(0, perSplit);
    for (const [i, message] of picked.entries()) {
      const window = OTHER_WINDOWS[i % OTHER_WINDOWS.length]!;
      const lines = message.text.split('\n').flatMap((line) => line.match(/.{1,90}(\s|$)|\S+/g) ?? ['']);
      const fixture = await drawText(`real ${split} other ${i} ${window.label}.${window.format}`, { ...window, lines }, { format: window.format }, null, 1000);
      shots.push({ fixture, message });
    }
  }
  return shots;
}

export interface SplitFigures {
  positives: number;
  /** One entry answered and it is expected, or a shared-message group with an expected entry in it. */
  right: number;
  negatives: number;
  /** Negatives answered publicly (an entry or a group). */
  falsePositives: number;
  secondsPerImage: number;
}

export interface RealScreenshotFailure {
  name: string;
  expected: string[];
  got: string;
  text: string;
}

export interface RealScreenshotReport {
  figures: Record<Split, SplitFigures>;
  /** The development half's failures only: the held-out half is never looked at. */
  devFailures: RealScreenshotFailure[];
}

const codesOf = (answer: Answer) => (answer.kind === 'entries' || answer.kind === 'group' ? answer.entries.map((e) => e.code) : []);

/** Reads every screenshot as a posted one is read (automatic replies in a Spotify help channel) and counts per half. */
export async function evaluateRealScreenshots(
  shots: readonly RealScreenshot[],
  reader: ScreenshotReader,
  answerer: Answerer,
): Promise<RealScreenshotReport> {
  const empty = (): SplitFigures & { ms: number; images: number } => ({ positives: 0, right: 0, negatives: 0, falsePositives: 0, secondsPerImage: 0, ms: 0, images: 0 });
  const tally = { dev: empty(), heldout: empty() };
  const devFailures: RealScreenshotFailure[] = [];
  const results = await Promise.all(
    shots.map(async (shot) => {
      const reading = await reader.readBytes(shot.fixture.name, shot.fixture.bytes);
      return { shot, reading, answer: answerer.answerReadings([reading], { way: 'auto', helpChannel: true, phrases: [] }) };
    }),
  );
  for (const { shot, reading, answer } of results) {
    const { message } = shot;
    const figures = tally[message.split];
    figures.images++;
    figures.ms += reading.ms ?? 0;
    const expected = (code: string) => message.expected.includes(code);
    let failed: string | undefined;
    if (message.expected.length) {
      figures.positives++;
      const right = answer.kind === 'entries' ? expected(answer.entries[0]!.code) : answer.kind === 'group' && answer.entries.some((e) => expected(e.code));
      if (right) figures.right++;
      else failed = `${answer.kind} ${codesOf(answer).slice(0, 3).join(', ')}`.trim();
    } else {
      figures.negatives++;
      if (answer.kind === 'entries' || answer.kind === 'group') {
        figures.falsePositives++;
        failed = `${answer.kind} ${codesOf(answer).slice(0, 3).join(', ')}`;
      }
    }
    if (failed && message.split === 'dev') devFailures.push({ name: shot.fixture.name, expected: message.expected, got: failed, text: reading.text });
  }
  const done = ({ ms, images, ...figures }: ReturnType<typeof empty>): SplitFigures => ({ ...figures, secondsPerImage: images ? ms / images / 1000 : 0 });
  return { figures: { dev: done(tally.dev), heldout: done(tally.heldout) }, devFailures };
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

/** One line per half; the development half's failures when asked. */
export function formatRealScreenshots(report: RealScreenshotReport, withDevFailures = false): string {
  const lines = (['dev', 'heldout'] as const).map((split) => {
    const f = report.figures[split];
    return `real-message screenshots, ${split}: right ${f.right}/${f.positives} (${pct(f.right, f.positives)}); false positives ${f.falsePositives}/${f.negatives}; ${f.secondsPerImage.toFixed(2)} s per image`;
  });
  if (withDevFailures) {
    for (const f of report.devFailures) lines.push(`  dev ${f.name}: expected ${f.expected.join(' | ')}, got ${f.got}: ${JSON.stringify(f.text.slice(0, 200))}`);
  }
  return lines.join('\n');
}
