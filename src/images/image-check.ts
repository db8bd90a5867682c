import { imageSize } from 'image-size';

/** What the bot accepts as a screenshot. */
export const IMAGE_LIMITS = {
  maxBytes: 8 * 1024 * 1024,
  /** Longest side in pixels, read from the header before anything decodes the image. */
  maxSide: 4096,
  perMessage: 4,
} as const;

export type ImageFormat = 'png' | 'jpeg' | 'webp';

const CONTENT_TYPES: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
};
const EXTENSIONS: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };

/** An attachment as Discord describes it, before anything is downloaded. */
export interface AttachmentInfo {
  url: string;
  name: string;
  size: number;
  contentType?: string | null;
  width?: number | null;
  height?: number | null;
}

export type ImageCheck =
  | { ok: true; format: ImageFormat; width: number; height: number }
  | { ok: false; reason: string };

/** The format an attachment claims by content type, or by file name when Discord sent no type. */
export function declaredFormat(attachment: Pick<AttachmentInfo, 'name' | 'contentType'>): ImageFormat | undefined {
  const type = attachment.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type) return CONTENT_TYPES[type];
  const extension = attachment.name.toLowerCase().split('.').pop() ?? '';
  return EXTENSIONS[extension];
}

/** Why an attachment is not worth downloading, or undefined when it may be a screenshot we read. */
export function attachmentRefusal(attachment: AttachmentInfo): string | undefined {
  if (!declaredFormat(attachment)) return 'not a PNG, JPEG or WebP image';
  if (attachment.size > IMAGE_LIMITS.maxBytes) return 'larger than 8 MB';
  if ((attachment.width ?? 0) > IMAGE_LIMITS.maxSide || (attachment.height ?? 0) > IMAGE_LIMITS.maxSide) {
    return 'larger than 4096 × 4096 pixels';
  }
  return undefined;
}

/** The attachments of a message the bot will read: images within the limits, at most four. */
export function readableAttachments(attachments: Iterable<AttachmentInfo>): AttachmentInfo[] {
  const readable: AttachmentInfo[] = [];
  for (const attachment of attachments) {
    if (readable.length === IMAGE_LIMITS.perMessage) break;
    if (!attachmentRefusal(attachment)) readable.push(attachment);
  }
  return readable;
}

/** image-size's names for the formats the bot reads. */
const MEASURED_FORMATS: Record<string, ImageFormat> = { png: 'png', jpg: 'jpeg', webp: 'webp' };
const NOT_AN_IMAGE = 'not a PNG, JPEG or WebP image';
const DAMAGED = 'the image header is damaged';

/** The format and size the file's own header shows, whatever it claims to be; read without decoding it. */
function measure(bytes: Uint8Array): { format: ImageFormat; width: number; height: number } | { reason: string } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch (error) {
    // Unknown signatures (and files too short to hold one) are not images; a known one that fails to parse is damaged.
    return { reason: error instanceof RangeError || /unsupported/i.test((error as Error).message) ? NOT_AN_IMAGE : DAMAGED };
  }
  const format = size.type ? MEASURED_FORMATS[size.type] : undefined;
  if (!format) return { reason: NOT_AN_IMAGE };
  if (!size.width || !size.height) return { reason: DAMAGED };
  return { format, width: size.width, height: size.height };
}

/** Whether the file ends as its format says it must: a cut-off download or upload fails here, not in the decoder. */
function isComplete(bytes: Uint8Array, format: ImageFormat): boolean {
  const tail = (length: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-length);
  if (format === 'png') return tail(64).includes('IEND');
  // FF D9 only appears as the end-of-image marker near the end: image data escapes every FF.
  if (format === 'jpeg') return tail(1024).includes(Buffer.from([0xff, 0xd9]));
  const riffSize = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(4);
  return riffSize + 8 <= bytes.length;
}

/** Checks downloaded bytes: a whole PNG, JPEG or WebP within the size limits, judged without decoding it. */
export function inspectImage(bytes: Uint8Array): ImageCheck {
  if (bytes.length > IMAGE_LIMITS.maxBytes) return { ok: false, reason: 'larger than 8 MB' };
  const measured = measure(bytes);
  if ('reason' in measured) return { ok: false, reason: measured.reason };
  const { format, width, height } = measured;
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide) {
    return { ok: false, reason: 'larger than 4096 × 4096 pixels' };
  }
  if (!isComplete(bytes, format)) return { ok: false, reason: 'the file is cut off' };
  return { ok: true, format, width, height };
}
