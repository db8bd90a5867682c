import { MIN_WORDS_TO_ANSWER } from '../../decide.js';
import type { SearchIndex } from '../../search.js';
import type { DetectRule, Findings, ScanText } from '../scan.js';

const SYMPTOM_MIN_SCORE = 0.6;
const SYMPTOM_MIN_MARGIN = 0.15;

/**
 * Descriptions without a code or message ("spotify says I'm offline but chrome works"), answered
 * only where a server turned symptom mode on, only where the text names Spotify (a help channel is
 * not enough: "my token expired", "the firewall at school blocks everything"), and only when search
 * is sure.
 */
export class SymptomRule implements DetectRule {
  readonly prefilter: DetectRule['prefilter'] = { standalone: [], withContext: [] };

  constructor(private readonly search: SearchIndex) {}

  find(text: ScanText, found: Findings): void {
    if (!text.options.symptomMode || found.size > 0 || found.ambiguous || !text.named) return;
    // The reference's words alone: people's examples rank menus, they never make an answer.
    const [top, second] = this.search.search(text.folded, { limit: 2, phrases: text.options.phrases, wordsOnly: true });
    // A word match only: codes and displayed messages are the other rules', which know when a token
    // any program prints is Spotify's ("the bus number is 17", "429 people showed up"). And as sure
    // as a direct answer to the slash command must be: never on one word of the text.
    if (!top || top.match !== 'text' || (top.words ?? 0) < MIN_WORDS_TO_ANSWER) return;
    if (top.score >= SYMPTOM_MIN_SCORE && (!second || top.score - second.score >= SYMPTOM_MIN_MARGIN)) {
      found.add(top.entry, top.score);
    }
  }
}
