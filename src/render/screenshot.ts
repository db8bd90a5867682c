import type { ScreenshotReading } from '../images/screenshot-reader.js';
import { safeEcho } from './sanitize.js';

/** What to say when no error could be read, with the text that was read (one line, truncated, made safe). */
export function unreadableText(reading: ScreenshotReading): string {
  const tip = 'Type the code Spotify shows (like `auth:3`), or try a sharper screenshot of just the error.';
  if (reading.status !== 'read') return `I could not read this image: ${reading.reason ?? 'it could not be read'}. ${tip}`;
  const text = reading.text.trim();
  if (!text) return `I could not find any text in this image. ${tip}`;
  return `I could not read a Spotify error in this image. The text I read: “${safeEcho(text, 300)}”\n${tip}`;
}
