import { z } from 'zod';

export const CATEGORIES = ['auth', 'network', 'drm', 'installer', 'webapi'] as const;
export const SEVERITIES = ['fatal', 'error', 'warn', 'info'] as const;

const text = z.string().trim().min(1);

export const chainNodeSchema = z.strictObject({
  label: text,
  detail: text.optional(),
});

export const errorEntrySchema = z.strictObject({
  code: text,
  title: text,
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  messages: z.array(text).min(1),
  chain: z.array(chainNodeSchema).min(1),
  causes: z.array(text).min(1),
  resolution: z.array(text).min(1),
  note: z.strictObject({ title: text, text }).optional(),
  aliases: z.array(text),
});

export const datasetSchema = z.array(errorEntrySchema).min(1);

export type Category = (typeof CATEGORIES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ChainNode = z.infer<typeof chainNodeSchema>;
export type ErrorEntry = z.infer<typeof errorEntrySchema>;

export const CATEGORY_LABELS: Record<Category, string> = {
  auth: 'Authentication & Login',
  network: 'Network & Access',
  drm: 'DRM & Playback',
  installer: 'Installer',
  webapi: 'Web API',
};

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
