import { describe, expect, it } from 'vitest';
import { negativeScreenshots, smallTextScreenshots } from '../../scripts/fixtures/screenshots.js';
import { ocrPlan, recognizeOptions, UPSCALE_RULE } from '../../src/images/ocr-plan.js';

describe('which images are upscaled before OCR', () => {
  it('doubles images under 1000 px, takes 1.5× under 2000 px, and reads larger ones as they are', () => {
    expect(UPSCALE_RULE).toEqual([
      { below: 1000, factor: 2 },
      { below: 2000, factor: 1.5 },
    ]);
    // A dialog cropped from the screen, at 11–16 px.
    expect(ocrPlan(494, 245)).toEqual({ upscale: 2 });
    expect(ocrPlan(999, 400)).toEqual({ upscale: 2 });
    // Portrait images count by their longest side.
    expect(ocrPlan(300, 999)).toEqual({ upscale: 2 });
    expect(ocrPlan(1000, 400)).toEqual({ upscale: 1.5 });
    // A full window scaled to 60 % or 75 % before posting; a full-HD screenshot.
    expect(ocrPlan(1152, 648)).toEqual({ upscale: 1.5 });
    expect(ocrPlan(1440, 810)).toEqual({ upscale: 1.5 });
    expect(ocrPlan(1920, 1080)).toEqual({ upscale: 1.5 });
    expect(ocrPlan(1080, 1920)).toEqual({ upscale: 1.5 });
    // Larger screenshots already have text tall enough; 4096 × 4096 is the largest image the bot accepts.
    for (const [w, h] of [[2000, 1125], [2560, 1440], [3840, 2160], [4096, 4096]] as const) expect(ocrPlan(w, h)).toEqual({ upscale: 1 });
    // A header that could not be read (the worker's decoder reports the damage).
    expect(ocrPlan(0, 0)).toEqual({ upscale: 1 });
  });

  it('never makes an image larger than the bot accepts', () => {
    for (let side = 1; side <= 4096; side += 37) {
      const { upscale } = ocrPlan(side, side);
      expect(side * upscale).toBeLessThanOrEqual(4096);
    }
  });

  it('upscales every small-text fixture: dialogs alone by 2, scaled and full-HD windows by 1.5', async () => {
    const fixtures = [...(await smallTextScreenshots()), ...(await negativeScreenshots())];
    const small = fixtures.filter((f) => f.small);
    expect(small.length).toBeGreaterThan(40);
    for (const f of small) expect(ocrPlan(f.width, f.height).upscale, f.name).toBe(f.name.includes('full-screen') || f.name.startsWith('spotify window') ? 1.5 : 2);
  }, 30_000);

  it('hands the worker its factor under a name tesseract.js keeps to itself, and tesseract its settings as strings', () => {
    expect(recognizeOptions({ upscale: 1 })).toEqual({});
    expect(recognizeOptions({ upscale: 2 })).toEqual({ tessjs_upscale: 2 });
    expect(recognizeOptions({ upscale: 1.5, dpi: 300, psm: 11 })).toEqual({ tessjs_upscale: 1.5, user_defined_dpi: '300', tessedit_pageseg_mode: '11' });
  });
});
