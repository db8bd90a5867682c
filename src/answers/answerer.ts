import type { Detection } from '../core/detect/index.js';
import { platformFirst, type ErrorLookup } from '../core/lookup.js';
import type { ErrorEntry } from '../data/index.js';
import type { AttachmentInfo } from '../images/image-check.js';
import { ScreenshotReader, type ScreenshotReading } from '../images/screenshot-reader.js';
import { present, sharedBy } from './present.js';
import type { Answer, Ask, Audience, Reply } from './types.js';

const MAX_CHOICES = 25;

/**
 * The one place that decides what the bot answers. Every way in gives it an `Ask`; it returns a
 * decision (`Answer`), and `present` turns that into a reply and the stats it counts.
 *
 * The ways differ only in their fallbacks:
 * - slash: the screenshot if one is given, then search over the query.
 * - mention: the text as pasted, then its images, then search over the text.
 *   (An image asked about alone that shows no documented error offers the entries closest to its words.)
 * - context (Send Spotify fix): the text, then its images (as for auto); anything but one clear error becomes a choice.
 * - auto: the text as pasted (with symptom mode if the server chose it), then its images (one error they
 *   show beats a message several errors share in the text); nothing else.
 * - forum: a new help-forum post, read like auto (its title counts as text); the forum greets the rest.
 */
export class Answerer {
  constructor(
    readonly lookup: ErrorLookup,
    private readonly reader?: ScreenshotReader,
  ) {}

  /** Whether images can be read at all (OCR_WORKERS is not 0). */
  get readsImages(): boolean {
    return this.reader !== undefined;
  }

  /** Whether some of these attachments are images the bot would read. */
  hasReadableImages(images: Iterable<AttachmentInfo>): boolean {
    return this.reader !== undefined && ScreenshotReader.hasReadable(images);
  }

  async answer(ask: Ask): Promise<Answer> {
    switch (ask.way) {
      case 'slash':
        return this.slash(ask);
      case 'mention':
        return this.mention(ask);
      case 'context':
        return this.context(ask);
      case 'auto':
      case 'forum':
        return this.auto(ask);
    }
  }

  /** The reply for an answer and the stats it counts; undefined when the bot stays silent. */
  present(answer: Answer, ask: Ask, audience: Audience): Reply | undefined {
    return present(answer, ask, audience, (entry) => this.lookup.relatedTo(entry));
  }

  /** What pasted text shows, by the detector's rules. */
  detectText(ask: Pick<Ask, 'way' | 'text' | 'phrases' | 'symptomMode' | 'helpChannel'>): Answer {
    const options = { phrases: ask.phrases, symptomMode: ask.symptomMode ?? false, assumeSpotify: assumesSpotify(ask), platform: 'named' as const };
    return fromDetection(this.lookup.detector.detect(ask.text, options), 'text');
  }

  private async slash(ask: Ask): Promise<Answer> {
    if (ask.images.length && this.reader) {
      const read = await this.readImages(ask);
      if (read.kind !== 'none') return read;
      if (!ask.text) return this.withClosest(read, ask);
    }
    // A pasted code or displayed message is answered as such (a shared one as its group); else search.
    const pasted = this.detectText(ask);
    return pasted.kind === 'none' ? this.search(ask) : pasted;
  }

  private async mention(ask: Ask): Promise<Answer> {
    const detected = this.detectText(ask);
    if (detected.kind === 'entries') return detected;
    if (this.hasReadableImages(ask.images)) {
      const read = await this.readImages(ask);
      if (read.kind !== 'none') return read;
      if (!ask.text) return this.withClosest(read, ask);
    }
    if (!ask.text) return this.refusedImages(ask) ?? detected;
    if (detected.kind === 'group') return detected;
    return this.search(ask);
  }

  private async context(ask: Ask): Promise<Answer> {
    let found = this.detectText(ask);
    let readings: ScreenshotReading[] = [];
    if (found.kind !== 'entries' && this.hasReadableImages(ask.images)) {
      readings = await this.reader!.readAll(ask.images);
      const read = this.answerReadings(readings, ask);
      // A message several errors share, typed above a screenshot of the dialog: its code says which one.
      if (found.kind === 'none' || read.kind === 'entries') found = read;
    } else if (found.kind === 'none') {
      found = this.refusedImages(ask) ?? found;
    }
    if (found.kind === 'entries' && found.entries.length === 1) return found;
    const searchText = [ask.text, ...readings.map((r) => r.text)].join('\n');
    const first = found.kind === 'entries' || found.kind === 'group' ? found.entries : [];
    const why = found.kind === 'entries' ? 'several' : found.kind === 'group' ? (sharedBy(found) === 'number' ? 'number' : 'shared') : 'unclear';
    return {
      kind: 'choices',
      candidates: this.candidates(searchText, first, ask),
      why,
      source: found.source,
      ...(found.reading ? { reading: found.reading } : {}),
    };
  }

  private async auto(ask: Ask): Promise<Answer> {
    const detected = this.detectText(ask);
    if (detected.kind === 'entries' || !this.hasReadableImages(ask.images)) return detected;
    const read = await this.readImages(ask);
    // A message several errors share, typed above a screenshot of the dialog: its code says which one.
    return detected.kind === 'none' || read.kind === 'entries' ? read : detected;
  }

  /**
   * What a forum greeting suggests for a post that shows no error, by the same decision as a slash
   * query: the entry a clear description points to, every entry of a shared message, or up to `max`
   * close candidates at least `minScore` — never one of those alone (a lone weak guess is no suggestion).
   */
  likelyEntries(text: string, phrases: Ask['phrases'], minScore: number, max: number): ErrorEntry[] {
    const decision = this.lookup.answer(text, phrases);
    if (decision.kind === 'confident') return [decision.entry];
    if (decision.kind === 'group') return decision.entries;
    if (decision.kind !== 'ambiguous') return [];
    const close = decision.candidates.filter((c) => c.score >= minScore).slice(0, max);
    return close.length > 1 ? close.map((c) => c.entry) : [];
  }

  /** `/spotify-error query:` and the last resort of a mention: search ranks, `decide` picks. */
  private search(ask: Ask): Answer {
    const decision = this.lookup.answer(ask.text, ask.phrases);
    if (decision.kind === 'confident') return { kind: 'entries', entries: [decision.entry], by: 'search', source: 'text' };
    if (decision.kind === 'group') return { kind: 'group', message: '', entries: decision.entries, source: 'text' };
    if (decision.kind === 'ambiguous') {
      return { kind: 'choices', candidates: decision.candidates.map((c) => c.entry), why: 'close', source: 'text' };
    }
    return { kind: 'none', source: 'text', ...(decision.nearest ? { nearest: decision.nearest.map((r) => r.entry) } : {}) };
  }

  /**
   * A screenshot asked about on purpose that shows no documented error: the entries closest to the
   * words read from it, offered as a miss offers them (the dialog may show a wording from another
   * client version). Never answered: search over OCR text of any image would be too sure of itself.
   */
  private withClosest(read: Answer, ask: Ask): Answer {
    if (read.kind !== 'none' || read.reading?.status !== 'read') return read;
    const nearest = this.lookup.closest(read.reading.text, ask.phrases);
    return nearest.length ? { ...read, nearest } : read;
  }

  /** An image asked about that the bot does not read (a GIF, one too large, any where it reads none), answered with why; undefined when none was. */
  private refusedImages(ask: Ask): Answer | undefined {
    const reading = this.reader ? ScreenshotReader.refusedImage(ask.images) : ScreenshotReader.unreadImage(ask.images);
    return reading ? { kind: 'none', source: 'screenshot', reading } : undefined;
  }

  private async readImages(ask: Ask): Promise<Answer> {
    const images = ask.admitImages ? ask.admitImages(ask.images) : ask.images;
    if (!images.length || !this.reader) return { kind: 'none', source: 'screenshot' };
    return this.answerReadings(await this.reader.readAll(images), ask);
  }

  /**
   * What images already read show: the first that shows an error (one clear match beats a shared
   * message), by the pasted-text rules with OCR's leeway. The command line reads files through it.
   */
  answerReadings(readings: readonly ScreenshotReading[], ask: Pick<Ask, 'way' | 'phrases' | 'symptomMode' | 'helpChannel'>): Answer {
    let shared: Answer | undefined;
    for (const reading of readings) {
      if (reading.status !== 'read' || !reading.text.trim()) continue;
      const detection = this.lookup.detector.detect(reading.text, {
        phrases: ask.phrases,
        symptomMode: ask.symptomMode ?? false,
        ocr: true,
        assumeSpotify: assumesSpotify(ask),
      });
      const found = { ...fromDetection(detection, 'screenshot'), reading };
      if (found.kind === 'entries') return found;
      if (found.kind === 'group') shared ??= found;
    }
    return shared ?? { kind: 'none', source: 'screenshot', ...(readings[0] ? { reading: readings[0] } : {}) };
  }

  /** What to offer when there is no one clear error: those found, then search, then the errors people ask about most. */
  private candidates(text: string, found: readonly ErrorEntry[], ask: Ask): ErrorEntry[] {
    const picked = new Set<ErrorEntry>(found);
    for (const r of platformFirst(this.lookup.search(text, ask.phrases, MAX_CHOICES), text)) picked.add(r.entry);
    for (const entry of this.lookup.popular()) picked.add(entry);
    return [...picked].slice(0, MAX_CHOICES);
  }
}

/**
 * Whether the place is Spotify's: a question asked of this bot always is; an automatic reply only
 * in a channel the server chose for Spotify help.
 */
function assumesSpotify(ask: Pick<Ask, 'way' | 'helpChannel'>): boolean {
  return ask.way === 'auto' ? (ask.helpChannel ?? false) : true;
}

function fromDetection(detection: Detection, source: Answer['source']): Answer {
  if (detection.matches.length) {
    const entries = detection.matches.map((m) => m.entry);
    return { kind: 'entries', entries, by: 'detection', confidences: detection.matches.map((m) => m.confidence), source };
  }
  if (detection.ambiguous) {
    const { message, number, candidates } = detection.ambiguous;
    return { kind: 'group', message, ...(number !== undefined ? { number } : {}), entries: candidates, source };
  }
  return { kind: 'none', source };
}
