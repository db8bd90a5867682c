import type { ScreenshotReading } from '../images/screenshot-reader.js';
import { safeEcho } from './sanitize.js';

/**
 * The text read from an image, quoted (one line, truncated, made safe); behind a spoiler when the
 * member posted the image as one (Discord names it `SPOILER_…`), as a public answer must not show it.
 */
export function quotedReading(reading: Pick<ScreenshotReading, 'name' | 'text'>): string {
  const quote = `“${safeEcho(reading.text.trim(), 300)}”`;
  return reading.name.startsWith('SPOILER_') ? `||${quote}||` : quote;
}

/** What to say when no error could be read, with the text that was read. */
export function unreadableText(reading: ScreenshotReading): string {
  const tip = 'Type the code Spotify shows (like `auth:3`), or try a sharper screenshot of just the error.';
  // The image was fine and only not read now: a sharper one would not help.
  const later = 'Try again in a minute, or type the code Spotify shows (like `auth:3`).';
  // No image is read here: another screenshot would not be either.
  const typed = 'Type the code Spotify shows (like `auth:3`) or its message instead.';
  if (reading.status !== 'read') {
    return `I could not read this image: ${reading.reason ?? 'it could not be read'}. ${reading.status === 'off' ? typed : reading.tryAgain ? later : tip}`;
  }
  if (!reading.text.trim()) return `I could not find any text in this image. ${tip}`;
  return `I could not read a Spotify error in this image. The text I read: ${quotedReading(reading)}\n${tip}`;
}
