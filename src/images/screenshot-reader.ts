import { DropCounter } from '../core/drop-counter.js';
import type { Logger } from '../logger.js';
import { downloadImage, DownloadError } from './download.js';
import { attachmentRefusal, declaredFormat, inspectImage, readableAttachments, type AttachmentInfo } from './image-check.js';
import type { OcrPool, OcrPoolStats } from './ocr-pool.js';

export interface ScreenshotReading {
  name: string;
  /** `off`: the bot reads no images at all (OCR_WORKERS is 0). */
  status: 'read' | 'refused' | 'dropped' | 'failed' | 'off';
  /** The text read; empty unless status is `read`. */
  text: string;
  /** Why the image was not read, for the person who posted it. */
  reason?: string;
  /** Not read for now on the bot's side (the download failed, too many images waiting): the same image may be read in a minute. */
  tryAgain?: boolean;
  ms?: number;
}

export interface ReaderOptions {
  pool: OcrPool;
  logger: Logger;
  /** Images being downloaded or read at most; more are dropped before they are downloaded. */
  capacity: number;
  download?: (url: string) => Promise<Uint8Array>;
  /** Told of every image handled: read (with seconds), failed or dropped (metrics). */
  onResult?: (result: 'read' | 'failed' | 'dropped', seconds?: number) => void;
}

/**
 * Reads the text in posted images: checks what Discord says of an attachment, downloads it into
 * memory, checks its bytes, and hands it to the OCR pool. Nothing is written to disk.
 */
export class ScreenshotReader {
  private inFlight = 0;
  private readonly download: (url: string) => Promise<Uint8Array>;
  /** Images turned away before the pool: too many already being downloaded or read. */
  private readonly drops: DropCounter;
  /** Images that could not be downloaded (Discord's CDN refusing or failing): failed reads the pool never sees. */
  private downloadFailures = 0;

  constructor(private readonly options: ReaderOptions) {
    this.download = options.download ?? ((url) => downloadImage(url));
    this.drops = new DropCounter((dropped) =>
      options.logger.warn({ dropped, capacity: options.capacity }, 'image reader busy: screenshots dropped (too many being read)'),
    );
  }

  /** The OCR pool's figures, and images being downloaded or read, for the health endpoint; drops and failures counted wherever they happen. */
  stats(): OcrPoolStats & { inFlight: number } {
    const pool = this.options.pool.stats();
    return { ...pool, failed: pool.failed + this.downloadFailures, dropped: pool.dropped + this.drops.total, inFlight: this.inFlight };
  }

  close(): Promise<void> {
    return this.options.pool.close();
  }

  /** Whether a message's attachments include an image the bot would read. */
  static hasReadable(attachments: Iterable<AttachmentInfo>): boolean {
    return readableAttachments(attachments).length > 0;
  }

  /**
   * The first image among these attachments the bot would not read (a GIF, a HEIC, one too large), as
   * refused, so that someone who asked hears why; undefined when there is none (other files are no images).
   */
  static refusedImage(attachments: Iterable<AttachmentInfo>): ScreenshotReading | undefined {
    for (const attachment of attachments) {
      const reason = isImage(attachment) ? attachmentRefusal(attachment) : undefined;
      if (reason) return { name: attachment.name, status: 'refused', text: '', reason };
    }
    return undefined;
  }

  /** The first image among these attachments, as not read, for a bot that reads none; undefined when there is none. */
  static unreadImage(attachments: Iterable<AttachmentInfo>): ScreenshotReading | undefined {
    for (const attachment of attachments) {
      if (isImage(attachment)) return { name: attachment.name, status: 'off', text: '', reason: 'reading screenshots is turned off on this bot' };
    }
    return undefined;
  }

  /** Reads up to four images of a message, side by side; other attachments are skipped. */
  readAll(attachments: Iterable<AttachmentInfo>): Promise<ScreenshotReading[]> {
    return Promise.all(readableAttachments(attachments).map((a) => this.readAttachment(a)));
  }

  async readAttachment(attachment: AttachmentInfo): Promise<ScreenshotReading> {
    const refusal = attachmentRefusal(attachment);
    if (refusal) return { name: attachment.name, status: 'refused', text: '', reason: refusal };
    return this.withCapacity(attachment.name, async () => {
      let bytes: Uint8Array;
      try {
        bytes = await this.download(attachment.url);
      } catch (error) {
        const reason = error instanceof DownloadError ? error.message : 'the download failed';
        const detail = error instanceof DownloadError ? error.detail : String(error);
        this.options.logger.debug({ name: attachment.name, reason, detail }, 'screenshot not downloaded');
        this.downloadFailures += 1;
        this.options.onResult?.('failed');
        return { name: attachment.name, status: 'failed', text: '', reason, tryAgain: true };
      }
      return this.readDownloaded(attachment.name, bytes);
    });
  }

  /** Reads image bytes already in memory (the command line's --image). */
  readBytes(name: string, bytes: Uint8Array): Promise<ScreenshotReading> {
    return this.withCapacity(name, () => this.readDownloaded(name, bytes));
  }

  private async readDownloaded(name: string, bytes: Uint8Array): Promise<ScreenshotReading> {
    const check = inspectImage(bytes);
    if (!check.ok) return { name, status: 'refused', text: '', reason: check.reason };
    const outcome = await this.options.pool.read(bytes);
    this.options.onResult?.(outcome.status, outcome.status === 'read' ? outcome.ms / 1000 : undefined);
    if (outcome.status === 'read') return { name, status: 'read', text: outcome.text, ms: outcome.ms };
    if (outcome.status === 'dropped') return { name, status: 'dropped', text: '', reason: 'too many images are waiting to be read', tryAgain: true };
    if (outcome.notStarted) return { name, status: 'failed', text: '', reason: 'the screenshot reader is not working right now', tryAgain: true };
    return { name, status: 'failed', text: '', reason: 'the image could not be read' };
  }

  private async withCapacity(name: string, work: () => Promise<ScreenshotReading>): Promise<ScreenshotReading> {
    if (this.inFlight >= this.options.capacity) {
      this.drops.drop();
      this.options.onResult?.('dropped');
      return { name, status: 'dropped', text: '', reason: 'too many images are waiting to be read', tryAgain: true };
    }
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** An attachment that is or claims to be an image (other files are no images). */
function isImage(attachment: AttachmentInfo): boolean {
  return declaredFormat(attachment) !== undefined || /^image\//i.test(attachment.contentType ?? '');
}
