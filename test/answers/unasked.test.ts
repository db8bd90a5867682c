import { describe, expect, it } from 'vitest';
import { unaskedAsk, type UnaskedMessage } from '../../src/answers/unasked.js';
import type { AttachmentInfo } from '../../src/images/image-check.js';
import { sharedAnswerer } from '../helpers.js';
import { codes, image } from './fakes.js';

const shot = image('Error code: auth:3');
const message = (over: Partial<UnaskedMessage> = {}): UnaskedMessage => ({
  settings: { symptomMode: false, screenshots: true },
  guildId: 'g1',
  phrases: [],
  text: 'help please',
  attachments: [shot],
  where: { way: 'auto', helpChannel: false },
  ...over,
});

describe('the Ask for a message answered unasked (automatic replies, help forums, and their edits)', () => {
  it('reads an automatic reply as the message and the server say', () => {
    const phrases = [{ phrase: 'the green thing', code: 'auth:3' }];
    const admitImages = (images: readonly AttachmentInfo[]) => images.slice(0, 1);
    expect(unaskedAsk(message({ phrases, admitImages, where: { way: 'auto', helpChannel: true } }))).toEqual({
      way: 'auto',
      text: 'help please',
      images: [shot],
      guildId: 'g1',
      phrases,
      symptomMode: false,
      helpChannel: true,
      admitImages,
    });
    expect(unaskedAsk(message({ settings: { symptomMode: true, screenshots: true } }))).toMatchObject({ symptomMode: true, helpChannel: false });
  });

  it('reads no images where the server turned screenshot reading off', () => {
    expect(unaskedAsk(message({ settings: { symptomMode: false, screenshots: false } })).images).toEqual([]);
    expect(unaskedAsk(message({ settings: { symptomMode: false, screenshots: false }, where: { way: 'forum', title: 'Help' } })).images).toEqual([]);
  });

  it("counts a help-forum post's title as text, in a place chosen for Spotify help", () => {
    expect(unaskedAsk(message({ where: { way: 'forum', title: 'Error code: auth:3' } }))).toMatchObject({
      way: 'forum',
      text: 'Error code: auth:3\nhelp please',
      helpChannel: true,
    });
  });

  it('leaves which images may be read to the reader when no limit is given (an edit reads its text alone)', () => {
    expect(unaskedAsk(message({ attachments: [] }))).not.toHaveProperty('admitImages');
  });

  it('is what the answering module reads: the title, symptom mode and the chosen channel count', () => {
    const answerer = sharedAnswerer();
    const forum = unaskedAsk(message({ text: 'it keeps happening', where: { way: 'forum', title: 'Error code: auth:73' } }));
    expect(codes(answerer.detectText(forum))).toEqual(['auth:73']);
    const symptom = 'spotify keeps saying my country does not match';
    expect(answerer.detectText(unaskedAsk(message({ text: symptom }))).kind).toBe('none');
    expect(answerer.detectText(unaskedAsk(message({ text: symptom, settings: { symptomMode: true, screenshots: true } }))).kind).toBe('entries');
    const anyApp = 'No internet connection detected.';
    expect(answerer.detectText(unaskedAsk(message({ text: anyApp }))).kind).toBe('none');
    expect(answerer.detectText(unaskedAsk(message({ text: anyApp, where: { way: 'auto', helpChannel: true } }))).kind).not.toBe('none');
  });
});
