import { z } from 'zod';

export const CATEGORIES = ['auth', 'network', 'drm', 'installer', 'webapi'] as const;
export const SEVERITIES = ['fatal', 'error', 'warn', 'info'] as const;
/** Desktop platforms the reference covers, in display order. */
export const PLATFORMS = ['windows', 'macos'] as const;

const text = z.string().trim().min(1);

export const chainNodeSchema = z.strictObject({
  label: text,
  detail: text.optional(),
});

/**
 * A code snippet from a note: `code` is kept as written (indentation and blank lines inside it
 * kept, HTML entities decoded), `language` only when the reference names one.
 */
export const snippetSchema = z.strictObject({
  language: text.optional(),
  code: z.string().refine((s) => s.trim().length > 0, 'Expected a non-empty snippet'),
});

/**
 * A note on an entry, read in this order:
 *   title         — its opening label or sentence, without the closing ":" or "." ("Exact flow")
 *   text          — the prose after the title, up to the snippet if there is one
 *   snippet       — optional code that illustrates the note
 *   afterSnippet  — optional prose that follows the snippet (only with a snippet)
 */
export const noteSchema = z
  .strictObject({
    title: text,
    text,
    snippet: snippetSchema.optional(),
    afterSnippet: text.optional(),
  })
  .refine((note) => !note.afterSnippet || note.snippet, {
    message: 'afterSnippet needs a snippet',
    path: ['afterSnippet'],
  });

export const platformsSchema = z
  .array(z.enum(PLATFORMS))
  .min(1)
  .refine((list) => list.every((p, i) => i === 0 || PLATFORMS.indexOf(list[i - 1]!) < PLATFORMS.indexOf(p)), {
    message: `Expected distinct platforms in the order ${PLATFORMS.join(', ')}`,
  });

export const errorEntrySchema = z.strictObject({
  /** At most 100 characters: a code is the value of select options and autocomplete choices, Discord's limit. */
  code: text.max(100),
  title: text,
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  /** Where the error occurs: ["windows"], ["macos"] or ["windows", "macos"]. */
  platforms: platformsSchema,
  /**
   * What the client displays, one alternative per item. An item wholly in parentheses describes
   * what happens instead of a displayed text ("(Opens an audio format negotiation dialog.)").
   */
  messages: z.array(text).min(1),
  chain: z.array(chainNodeSchema).min(1),
  causes: z.array(text).min(1),
  resolution: z.array(text).min(1),
  note: noteSchema.optional(),
  aliases: z.array(text),
});

export const datasetSchema = z.array(errorEntrySchema).min(1);

/** src/data/reference.json: which edition of the reference the dataset was imported from. */
export const referenceInfoSchema = z.strictObject({
  edition: z.number().int().positive(),
  errors: z.number().int().positive(),
  platforms: platformsSchema,
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'Expected a 40-character git commit hash')
    .nullable(),
  source: z.url(),
  repository: z.url(),
});

/** A labelled real message from a public post (src/data/examples.json; scripts/build-examples.ts writes it). */
export const EXAMPLE_SETS = ['people-wording', 'issue-titles', 'descriptions', 'pasted-errors'] as const;
export const exampleSchema = z.strictObject({
  set: z.enum(EXAMPLE_SETS),
  text: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1),
});
export const examplesSchema = z.array(exampleSchema);

export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Platform = (typeof PLATFORMS)[number];
export type ChainNode = z.infer<typeof chainNodeSchema>;
export type Snippet = z.infer<typeof snippetSchema>;
export type Note = z.infer<typeof noteSchema>;
export type ErrorEntry = z.infer<typeof errorEntrySchema>;
export type ReferenceInfo = z.infer<typeof referenceInfoSchema>;
export type Example = z.infer<typeof exampleSchema>;
export type ExampleSet = Example['set'];

export const CATEGORY_LABELS: Record<Category, string> = {
  auth: 'Authentication & Login',
  network: 'Network & Access',
  drm: 'DRM & Playback',
  installer: 'Installer',
  webapi: 'Web API',
};

export const PLATFORM_LABELS: Record<Platform, string> = {
  windows: 'Windows',
  macos: 'macOS',
};

/** "Windows", "macOS" or "Windows & macOS", as the reference writes it. */
export function platformLabel(platforms: readonly Platform[]): string {
  return PLATFORMS.filter((p) => platforms.includes(p))
    .map((p) => PLATFORM_LABELS[p])
    .join(' & ');
}

export class DatasetError extends Error {}

/**
 * Validates raw dataset JSON. Throws a DatasetError whose message names the entry
 * (by code, or by index when the code itself is bad) and the field.
 */
export function parseDataset(raw: unknown): ErrorEntry[] {
  const result = datasetSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [index, ...fieldPath] = issue.path;
    let where = 'the dataset';
    if (typeof index === 'number') {
      const code = (raw as Array<{ code?: unknown }>)[index]?.code;
      where = typeof code === 'string' && code.trim() ? `entry "${code}"` : `entry #${index + 1}`;
    }
    const field = fieldPath.length ? ` field "${fieldPath.join('.')}"` : '';
    throw new DatasetError(`Invalid dataset: ${where}${field}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const entry of result.data) {
    if (seen.has(entry.code)) throw new DatasetError(`Invalid dataset: entry "${entry.code}" is duplicated`);
    seen.add(entry.code);
  }
  return result.data;
}

/** Validates src/data/reference.json; throws a DatasetError naming the field. */
export function parseReferenceInfo(raw: unknown): ReferenceInfo {
  const result = referenceInfoSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length ? ` field "${issue.path.join('.')}"` : '';
    throw new DatasetError(`Invalid reference metadata:${field} ${issue.message}`);
  }
  return result.data;
}

/**
 * Validates raw examples JSON against the entries it labels. Throws a DatasetError naming the
 * example (by position) and the field, or the code no entry has.
 */
export function parseExamples(raw: unknown, entries: readonly ErrorEntry[]): Example[] {
  const parsed = examplesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatasetError(`Invalid examples.json: example ${String(issue.path[0] ?? '?')}, ${issue.path.slice(1).join('.') || 'value'}: ${issue.message}`);
  }
  const codes = new Set(entries.map((e) => e.code));
  parsed.data.forEach((example, i) => {
    const unknown = example.codes.find((code) => !codes.has(code));
    if (unknown) throw new DatasetError(`Invalid examples.json: example ${i} is labelled ${unknown}, which no entry has`);
  });
  return parsed.data;
}
