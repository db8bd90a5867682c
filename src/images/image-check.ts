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

/** image-size's names for the formats the bot reads (JPEG is measured here). */
const MEASURED_FORMATS: Record<string, ImageFormat> = { png: 'png', webp: 'webp' };
const NOT_AN_IMAGE = 'not a PNG, JPEG or WebP image';
const DAMAGED = 'the image header is damaged';

/**
 * A JPEG's size from its frame header, reached segment by segment from the start marker as the
 * decoder reads it; undefined when the segments do not chain up to one. Between segments, bytes that
 * are no marker are skipped up to the next one, as libjpeg does (next_marker, with a warning); a
 * segment's contents are never searched. (image-size steps byte by byte inside segments, which takes
 * seconds over 8 MB and can land on a small header hidden in a comment, and it skips lossless and
 * arithmetic-coded frames.)
 */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) {
      // Not a marker: skipped (a byte at a time, as cheap as fill bytes over 8 MB).
      at += 1;
      continue;
    }
    const marker = bytes[at + 1]!;
    // Fill bytes before a marker, a stuffed zero (FF 00: no marker), and markers without a length.
    if (marker === 0xff) at += 1;
    else if (marker === 0x00) at += 2;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2;
    // Image data, or the end, before any frame header.
    else if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) return undefined;
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return undefined;
      return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]! };
    } else {
      const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      if (length < 2) return undefined;
      at += 2 + length;
    }
  }
  return undefined;
}

/** The format and size the file's own header shows, whatever it claims to be; read without decoding it. */
function measure(bytes: Uint8Array): { format: ImageFormat; width: number; height: number } | { reason: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const size = jpegSize(bytes);
    return size && size.width && size.height ? { format: 'jpeg', ...size } : { reason: DAMAGED };
  }
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

/**
 * A progressive JPEG may hold more scans than any encoder writes: each one makes the decoder go over
 * every block again, and one that only skips blocks takes a few dozen bytes, so a small file keeps it
 * busy for minutes. TurboJPEG's own guard against such files refuses more than 500.
 */
const MAX_JPEG_SCANS = 500;

/**
 * A JPEG's scans, and whether it reaches its end-of-image marker (FF D9), found as the decoder finds
 * it: segment by segment, then through the image data (which escapes every FF) to the next marker.
 * Whatever follows the marker (a phone's motion-photo video, a Samsung trailer) the decoder never reads.
 */
function jpegScans(bytes: Buffer): { scans: number; ends: boolean } {
  let scans = 0;
  let at = 2;
  while (at + 1 < bytes.length) {
    // Image data, and bytes that are no marker between segments, are skipped up to the next FF.
    if (bytes[at] !== 0xff) {
      at = bytes.indexOf(0xff, at);
      if (at < 0) break;
      continue;
    }
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) return { scans, ends: true };
    if (marker === 0xff) at += 1;
    // A stuffed zero in image data, a restart marker, and other markers without a length.
    else if (marker === 0x00 || marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) at += 2;
    else {
      if (at + 4 > bytes.length) break;
      const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      if (length < 2) break;
      if (marker === 0xda) scans += 1;
      at += 2 + length;
    }
  }
  return { scans, ends: false };
}

/** Whether the file ends as its format says it must (PNG, WebP): a cut-off download or upload fails here, not in the decoder. */
function isComplete(bytes: Uint8Array, format: Exclude<ImageFormat, 'jpeg'>): boolean {
  const tail = (length: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-length);
  if (format === 'png') return tail(64).includes('IEND');
  const riffSize = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(4);
  return riffSize + 8 <= bytes.length;
}

/** The size in the image's header, as the decoder will read it; 0 × 0 when the header is unreadable. */
export function headerSize(bytes: Uint8Array): { width: number; height: number } {
  const measured = measure(bytes);
  return 'reason' in measured ? { width: 0, height: 0 } : { width: measured.width, height: measured.height };
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
  if (format === 'jpeg') {
    const { scans, ends } = jpegScans(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (scans > MAX_JPEG_SCANS) return { ok: false, reason: 'the image is stored in too many passes to be read' };
    if (!ends) return { ok: false, reason: 'the file is cut off' };
  } else if (!isComplete(bytes, format)) {
    return { ok: false, reason: 'the file is cut off' };
  }
  return { ok: true, format, width, height };
}
