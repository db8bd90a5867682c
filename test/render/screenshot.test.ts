import { describe, expect, it } from 'vitest';
import { quotedReading, unreadableText } from '../../src/render/screenshot.js';

describe('what the bot says of an image it read no error in', () => {
  it('asks for a sharper screenshot when the image itself could not be read', () => {
    const text = unreadableText({ name: 'x.png', status: 'failed', text: '', reason: 'the image could not be read' });
    expect(text).toBe('I could not read this image: the image could not be read. Type the code Spotify shows (like `auth:3`), or try a sharper screenshot of just the error.');
  });

  it('asks to try again in a minute, not for a sharper screenshot, when the image was fine but not read now (download failed, too many waiting)', () => {
    const dropped = unreadableText({ name: 'x.png', status: 'dropped', text: '', reason: 'too many images are waiting to be read', tryAgain: true });
    expect(dropped).toBe('I could not read this image: too many images are waiting to be read. Try again in a minute, or type the code Spotify shows (like `auth:3`).');
    expect(dropped).not.toContain('sharper');
  });

  it('quotes a spoilered image\'s text behind a spoiler', () => {
    expect(quotedReading({ name: 'SPOILER_shot.png', text: 'secret' })).toBe('||“secret”||');
    expect(quotedReading({ name: 'shot.png', text: 'plain' })).toBe('“plain”');
  });
});
