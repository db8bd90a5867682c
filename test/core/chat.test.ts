import { describe, expect, it } from 'vitest';
import { asksNothing } from '../../src/core/chat.js';

describe('chat', () => {
  it('asks nothing with greetings, thanks, acknowledgements, emoji and Discord tags only', () => {
    for (const text of ['', 'thanks!', 'Thank you so much', 'hi 👋', 'ok it works now, cheers', 'ty <:heart:123456789012345678>', 'thanks <@123456789012345678>', 'спасибо', 'help please']) {
      expect(asksNothing(text), text).toBe(true);
    }
  });

  it('asks something with any telling word: a code, a number, a symptom, another language', () => {
    for (const text of ['Error code: auth:3', 'spotify shows error xyz123', 'thanks, but it says 18 now', 'my playlists are gone', 'Fehler beim Anmelden', '登不上去']) {
      expect(asksNothing(text), text).toBe(false);
    }
  });
});
