/**
 * How an image is read: whether the OCR worker upscales it first, and the tesseract settings for
 * it. Decided on the main thread from the size in the image's header (read without decoding it);
 * the decoding and resizing happen in the worker thread (ocr-thread.cjs).
 */
export interface OcrPlan {
  /** The worker resizes the image by this before reading it; 1 reads it as it is. */
  upscale: number;
  /** tesseract's `user_defined_dpi`; unset lets tesseract estimate it. */
  dpi?: number;
  /** tesseract's `tessedit_pageseg_mode`; unset keeps tesseract.js's single block (6). */
  psm?: number;
}

/**
 * The rule, measured on the generated fixtures (scripts/bench/screenshots.ts; the table is in
 * docs/benchmarks.md): tesseract misreads text under about 12 px high. A dialog cropped from the
 * screen is under 1000 px wide, and at 11–14 px its text reads best doubled (3× reads worse: the
 * letters' edges blur). A whole window scaled to 60–75 % before posting (1150–1440 px wide, 9–12 px
 * text), or a full-HD screenshot with small text, reads best at 1.5× (doubling those lost more
 * lines than it gained, and costs a second more). Larger screenshots already have text tall enough.
 */
export const UPSCALE_RULE: ReadonlyArray<{ below: number; factor: number }> = [
  { below: 1000, factor: 2 },
  { below: 2000, factor: 1.5 },
];
/** The upscaled image stays within the limit the bot accepts for any image. */
const MAX_SIDE = 4096;

/** The plan for an image of this size (from its header): upscale small ones. */
export function ocrPlan(width: number, height: number): OcrPlan {
  const longest = Math.max(width, height);
  if (longest <= 0) return { upscale: 1 };
  const step = UPSCALE_RULE.find((s) => longest < s.below);
  return step && longest * step.factor <= MAX_SIDE ? { upscale: step.factor } : { upscale: 1 };
}

/** The per-image options tesseract.js is given: the upscale travels to the worker thread under a `tessjs_` name it passes over. */
export function recognizeOptions(plan: OcrPlan): Record<string, string | number> {
  const options: Record<string, string | number> = {};
  if (plan.upscale !== 1) options.tessjs_upscale = plan.upscale;
  if (plan.dpi) options.user_defined_dpi = String(plan.dpi);
  if (plan.psm !== undefined) options.tessedit_pageseg_mode = String(plan.psm);
  return options;
}
