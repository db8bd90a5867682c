import { IMAGE_LIMITS } from './image-check.js';

export interface DownloadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** `message` is said to the member who asked; `detail` (an HTTP status, the network's error) is for the logs only. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Downloads into memory, giving up past the time limit or the size limit (checked as bytes arrive). */
export async function downloadImage(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? IMAGE_LIMITS.maxBytes;
  if (!/^https?:\/\//i.test(url)) throw new DownloadError('not an http(s) URL');
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new DownloadError(signal.aborted ? 'the download timed out' : 'the download failed', networkError(error));
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError('the download failed', `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new DownloadError('larger than 8 MB');
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new DownloadError('larger than 8 MB');
      chunks.push(chunk);
    }
  } catch (error) {
    await response.body.cancel().catch(() => undefined);
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(signal.aborted ? 'the download timed out' : 'the download was cut off', networkError(error));
  }
  return Buffer.concat(chunks, total);
}

/** fetch says only "fetch failed" or "terminated": what the network said (refused, reset, a name not found) is its cause. */
function networkError(error: unknown): string {
  const text = (e: unknown) => (e instanceof Error ? e.message || ((e as { code?: string }).code ?? e.name) : String(e));
  const cause = error instanceof Error ? error.cause : undefined;
  return cause === undefined ? text(error) : `${text(error)}: ${text(cause)}`;
}
