import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  descriptionsAsMessages,
  issueTitlesAsMessages,
  loadDescriptions,
  loadIssueTitles,
  loadNearMisses,
  loadPastedErrors,
  loadPeopleWording,
  loadRealMessages,
  pastedErrorsAsMessages,
  threadOf,
  trainingExamples,
  type LabelledText,
} from '../../scripts/real-messages/corpus.js';
import { evaluateText, formatTextFigures, lookupWithoutSet, type TextFigures } from '../../scripts/real-messages/evaluate.js';
import { Answerer } from '../../src/answers/answerer.js';
import { loadExamples, type ExampleSet } from '../../src/data/index.js';
import { phraseKey } from '../../src/core/text.js';
import { evaluateRealScreenshots, formatRealScreenshots, realMessageScreenshots } from '../../scripts/real-messages/screenshots.js';
import { OcrPool } from '../../src/images/ocr-pool.js';
import { ScreenshotReader } from '../../src/images/screenshot-reader.js';
import { sharedAnswerer, sharedLookup } from '../helpers.js';

/**
 * Real messages quoted from public posts (test/fixtures/real-messages.jsonl), split once by source
 * into a development half (tuned on) and a held-out half (only counted). The issue's goals are
 * search top-1 ≥ 92 % / top-3 ≥ 98 %, ≥ 85 % of slash queries answered publicly and right with
 * single answers ≥ 97 % right, automatic-reply recall ≥ 95 % with ≤ 0.5 % false positives. Where a
 * goal is not met yet, the floor below is the figure measured when this test was written, so the
 * figures can only go up; docs/benchmarks.md reports both halves beside the goals. `offered` (no goal of
 * the issue's): slash queries whose right entry is answered, listed in a "did you mean" menu, or shown
 * among a miss's closest entries.
 */
type Floors = { top1: number; top3: number; slashRight: number; singleRight: number; offered: number; recall: number; falsePositives: number };
const FLOORS: Record<'dev' | 'heldout', Floors> = {
  dev: { top1: 0.87, top3: 0.93, slashRight: 0.76, singleRight: 0.97, offered: 0.95, recall: 0.83, falsePositives: 0.005 },
  heldout: { top1: 0.87, top3: 0.96, slashRight: 0.6, singleRight: 0.97, offered: 0.89, recall: 0.75, falsePositives: 0.019 },
};

/** A training set is measured by a bot whose search learnt nothing from it (its rows are among search's examples). */
const answererWithout = (set: ExampleSet) => new Answerer(lookupWithoutSet(set));

const rate = (a: number, b: number) => (b ? a / b : 1);

/** A training set's labels name entries the reference has, and it shares no thread with these sets. */
function expectLabelledApart(rows: readonly LabelledText[], others: ReadonlyArray<{ source: string }>): void {
  const codes = new Set(sharedAnswerer().lookup.entries.map((e) => e.code));
  for (const row of rows) for (const code of row.expected) expect(codes.has(code), code).toBe(true);
  const used = new Set(others.map((m) => threadOf(m.source)));
  expect(rows.filter((r) => used.has(threadOf(r.source)))).toEqual([]);
}

describe('real messages nobody tuned the fixtures to', () => {
  const messages = loadRealMessages();

  it('has a fixed split by source, with every kind in both halves', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    const bySource = new Map<string, Set<string>>();
    for (const m of messages) {
      bySource.set(threadOf(m.source), (bySource.get(threadOf(m.source)) ?? new Set()).add(m.split));
    }
    expect([...bySource.values()].every((splits) => splits.size === 1)).toBe(true);
    for (const split of ['dev', 'heldout'] as const) {
      const kinds = new Set(messages.filter((m) => m.split === split).map((m) => m.kind));
      expect([...kinds].sort()).toEqual(['chat', 'description', 'paste', 'query', 'screenshot']);
    }
  });

  // The same rows drawn as a Spotify dialog and read with the real OCR (about a minute): floors measured at stop 34,
  // where a change to how displayed messages are read in images cost one held-out screenshot and no other figure showed it.
  it('reads its rows drawn as screenshots at or above their figures on both halves, and answers no other program\'s window', async () => {
    const logger = pino({ level: 'silent' });
    const pool = new OcrPool({ workers: 2, queueLimit: 1000, idleMs: 60_000, jobTimeoutMs: 120_000, logger });
    try {
      const reader = new ScreenshotReader({ pool, logger, capacity: 1000 });
      const report = await evaluateRealScreenshots(await realMessageScreenshots(messages), reader, new Answerer(sharedLookup(), reader));
      console.log(formatRealScreenshots(report));
      const { dev, heldout } = report.figures;
      expect(dev.right).toBeGreaterThanOrEqual(39);
      expect(heldout.right).toBeGreaterThanOrEqual(22);
      expect(dev.falsePositives + heldout.falsePositives).toBe(0);
    } finally {
      await pool.close();
    }
  }, 600_000);

  for (const split of ['dev', 'heldout'] as const) {
    it(`stays at or above its figures on the ${split === 'dev' ? 'development' : 'held-out'} half`, async () => {
      const figures: TextFigures = await evaluateText(sharedAnswerer(), messages.filter((m) => m.split === split));
      console.log(formatTextFigures(split === 'dev' ? 'real messages, development half' : 'real messages, held-out half', figures));
      const floor = FLOORS[split];
      expect(rate(figures.search.top1, figures.search.total)).toBeGreaterThanOrEqual(floor.top1);
      expect(rate(figures.search.top3, figures.search.total)).toBeGreaterThanOrEqual(floor.top3);
      expect(rate(figures.slash.publicRight, figures.slash.total)).toBeGreaterThanOrEqual(floor.slashRight);
      expect(rate(figures.slash.singleRight, figures.slash.single)).toBeGreaterThanOrEqual(floor.singleRight);
      const offered = figures.slash.publicRight + figures.slash.menusRight + figures.slash.missesNearestRight;
      expect(rate(offered, figures.slash.total)).toBeGreaterThanOrEqual(floor.offered);
      expect(rate(figures.auto.recalled, figures.auto.positives)).toBeGreaterThanOrEqual(floor.recall);
      expect(rate(figures.auto.falsePositives, figures.auto.negatives)).toBeLessThanOrEqual(floor.falsePositives);
    });
  }
});

describe('pasted errors the detector’s kinds were found on (a training set)', () => {
  it('keeps answering them, and not their near-misses', async () => {
    const rows = loadPastedErrors();
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expectLabelledApart(rows, loadRealMessages());
    const { auto } = await evaluateText(answererWithout('pasted-errors'), pastedErrorsAsMessages(rows));
    console.log(`pasted errors (training set): recall ${auto.recalled} of ${auto.positives}, near-misses answered ${auto.falsePositives} of ${auto.negatives}`);
    // Measured when the kinds were written: 63 of 97 (55 before them), 2 of 85 (3 before); 69 and 1 later; 71 once messages
    // typed with one word off and "error 103" were read; the third collection's 4 pastes and 4 near-misses, untouched: 4 of 4, 0 of 4.
    expect(rate(auto.recalled, auto.positives)).toBeGreaterThanOrEqual(0.74);
    expect(rate(auto.falsePositives, auto.negatives)).toBeLessThanOrEqual(0.012);
  });
});

describe('issue titles people wrote about documented errors (a training set)', () => {
  it('keeps finding their entries', async () => {
    const rows = loadIssueTitles();
    expect(rows.length).toBeGreaterThanOrEqual(140);
    expect(rows.filter((r) => r.expected.length === 0)).toEqual([]);
    expectLabelledApart(rows, [...loadRealMessages(), ...loadPastedErrors()]);
    const figures = await evaluateText(answererWithout('issue-titles'), issueTitlesAsMessages(rows));
    console.log(formatTextFigures('issue titles (training set)', figures).split('\n').slice(0, 2).join('\n'));
    // Measured when the set was added: 68 first, 92 in the top three of 149 (64 and 90 before this work); 43 answered publicly and right, 39 of 46 single answers right.
    // 76 and 101 before search learnt from people's examples (the other sets'), 87 and 107 after; 51 answered publicly and right either way
    // (examples order menus, they do not decide). With the third collection's 12 (rows 150–161): 99, 120 and 60 of 161.
    expect(rate(figures.search.top1, figures.search.total)).toBeGreaterThanOrEqual(0.61);
    expect(rate(figures.search.top3, figures.search.total)).toBeGreaterThanOrEqual(0.74);
    expect(rate(figures.slash.publicRight, figures.slash.total)).toBeGreaterThanOrEqual(0.37);
  });
});

describe('near-misses: other programs’ errors, Spotify talk that is no error, chat (a training set)', () => {
  it('stays silent on them', async () => {
    const rows = loadNearMisses();
    expect(rows.length).toBeGreaterThanOrEqual(800);
    expect(rows.filter((r) => r.expected.length > 0)).toEqual([]);
    expectLabelledApart(rows, [...loadRealMessages(), ...loadPastedErrors(), ...loadIssueTitles(), ...loadDescriptions()]);
    const { auto, failures } = await evaluateText(sharedAnswerer(), pastedErrorsAsMessages(rows));
    console.log(`near-misses (training set): answered ${auto.falsePositives} of ${auto.negatives}`);
    // Measured when the set was added: 4 of 244 (429s in other APIs' error bodies), 1 after the kind found on it;
    // the second collection's 323 (rows 245–567), before anything was changed for them: 0; the third's 237 (rows 570–806),
    // chosen to be harder: 2, other programs' wording that names no program (see near-misses.md).
    expect(rate(auto.falsePositives, auto.negatives), failures.autoFalse.map((f) => f.message.text.slice(0, 80)).join('\n')).toBeLessThanOrEqual(0.005);
    // Where a server turned symptom mode on (descriptions answered too): 15 of 244 before symptoms were answered
    // only from word matches in texts that name Spotify, 2 after (the paste above, "Spotify does not publish its rate limits…");
    // the second collection's 323: 0; the third's 237: the same 2.
    const ask = (text: string) => ({ way: 'auto' as const, text, images: [], guildId: '1', phrases: [], helpChannel: true, symptomMode: true });
    const answered = [];
    for (const row of rows) if (['entries', 'group'].includes((await sharedAnswerer().answer(ask(row.text))).kind)) answered.push(row.text.slice(0, 80));
    expect(rate(answered.length, rows.length), answered.join('\n')).toBeLessThanOrEqual(0.009);
  });
});

describe('descriptions in people’s own words, and posts that are no error (a training set)', () => {
  it('keeps finding their entries, and never answers the others by itself', async () => {
    const rows = loadDescriptions();
    expect(rows.length).toBeGreaterThanOrEqual(140);
    expectLabelledApart(rows, [...loadRealMessages(), ...loadPastedErrors(), ...loadIssueTitles()]);
    const figures = await evaluateText(answererWithout('descriptions'), descriptionsAsMessages(rows));
    console.log(formatTextFigures('descriptions (training set)', figures));
    // Measured when the set was added: 53 first and 64 in the top three of 104, 39 answered publicly and right; 59, 71 and 40 after the wording
    // found on it; 62, 73 and 39 once a description's unknown words count as one (misses became menus; one public answer became a menu too);
    // 74 in the top three with the message words of other languages; 69 and 87 once search learnt from people's examples (the other sets').
    // With the third collection's 25 (rows 141–175, mostly Spotify Connect receivers and DNS blocklists): 90, 108 and 48 of 129.
    expect(rate(figures.search.top1, figures.search.total)).toBeGreaterThanOrEqual(0.69);
    expect(rate(figures.search.top3, figures.search.total)).toBeGreaterThanOrEqual(0.83);
    expect(rate(figures.slash.publicRight, figures.slash.total)).toBeGreaterThanOrEqual(0.37);
    expect(figures.auto.falsePositives).toBe(0);
  });
});

describe('people’s examples search learns from (src/data/examples.json)', () => {
  it('are the training sets’ labelled rows as they stand, apart from the real-message corpus and from each other', () => {
    // scripts/build-examples.ts writes the file from the fixtures: run it after changing one.
    expect(loadExamples()).toEqual(trainingExamples());
    const corpus = loadRealMessages();
    const inCorpus = new Set(corpus.map((m) => phraseKey(m.text)));
    expect(loadExamples().filter((e) => inCorpus.has(phraseKey(e.text)))).toEqual([]);
    // Each set is measured by a bot built without it: no thread may be in two sets.
    const sets: Array<ReadonlyArray<{ source: string }>> = [loadPeopleWording(), loadIssueTitles(), loadDescriptions(), loadPastedErrors(), corpus];
    const seen = new Map<string, number>();
    sets.forEach((rows, i) => {
      for (const thread of new Set(rows.map((r) => threadOf(r.source)))) {
        expect(seen.get(thread) ?? i, thread).toBe(i);
        seen.set(thread, i);
      }
    });
  });
});
