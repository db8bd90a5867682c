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

/** The format the first bytes show, whatever the file claims. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const at = (offset: number, signature: number[]) => signature.every((b, i) => bytes[offset + i] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'webp';
  return undefined;
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
  const format = sniffFormat(bytes);
  if (!format) return { ok: false, reason: 'not a PNG, JPEG or WebP image' };
  let width: number;
  let height: number;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    return { ok: false, reason: 'the image header is damaged' };
  }
  if (!width || !height) return { ok: false, reason: 'the image header is damaged' };
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide) {
    return { ok: false, reason: 'larger than 4096 × 4096 pixels' };
  }
  if (!isComplete(bytes, format)) return { ok: false, reason: 'the file is cut off' };
  return { ok: true, format, width, height };
}
