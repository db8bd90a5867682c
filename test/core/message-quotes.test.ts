import { describe, expect, it } from 'vitest';
import { MessageQuotes } from '../../src/core/message-quotes.js';
import { phraseKey, sameNegations } from '../../src/core/text.js';

/** Two entries' messages, as search indexes them; texts are read as search reads a query. */
function quotes(): MessageQuotes {
  const index = new MessageQuotes();
  index.add('Your country does not match the one set in your profile.', 0);
  index.add("Spotify can't play this right now. If you have the file on your computer you can import it.", 1);
  index.add('A firewall may be blocking Spotify. (Error code: accesspoint:39)', 2);
  return index;
}
const asQuery = (text: string) => sameNegations(phraseKey(text));
const quotedBy = (text: string) => [...quotes().quotedBy(asQuery(text))];

describe('MessageQuotes', () => {
  it('finds the entry whose message a text contains or is part of, without the code the client appends', () => {
    expect(quotedBy('then it says a firewall may be blocking spotify and nothing loads')).toEqual([2]);
    expect(quotedBy('may be blocking')).toEqual([2]);
    expect(quotedBy('something else entirely')).toEqual([]);
  });

  it('indexes a long message by its first sentence too, which people quote alone', () => {
    expect(quotedBy("it keeps telling me spotify can't play this right now, whatever song")).toEqual([1]);
  });

  it('reads negations written another way as the same message', () => {
    expect(quotedBy('spotify is unable to play this right now')).toEqual([1]);
    expect(quotedBy('your country doesnt match the one set in your profile')).toEqual([0]);
  });

  it('finds a message quoted with one word changed, left out or added, never with a negation off', () => {
    expect(quotedBy('your country does not really match the one set in your profile')).toEqual([0]);
    expect(quotedBy('it says spotify cannot play this now')).toEqual([1]);
    expect(quotedBy('your country does not match the one sett in your profile')).toEqual([0]);
    expect(quotedBy('your country does match the one set in your profile')).toEqual([]);
    expect(quotedBy('your country does now match the one set in your profile')).toEqual([]);
    expect(quotedBy('it says spotify can play this right now')).toEqual([]);
    // A negation before the quote is not one of its words.
    expect(quotedBy('no idea why but your country does not really match the one set in your profile')).toEqual([0]);
    // The message's words said once before the quote do not throw it off.
    expect(quotedBy('in your profile your country does not match the one sett in your profile')).toEqual([0]);
  });

  it('finds no message quoted with two words off, or whose words the text spreads apart', () => {
    // A word left out and another added.
    expect(quotedBy('your country does not match one set or in your profile')).toEqual([]);
    expect(quotedBy('your country does not match oh well yes the one set in your profile')).toEqual([]);
    expect(quotedBy('your country does not match and then lots of other words here the one set in your profile')).toEqual([]);
  });

  it('finds a short message only as it is written, and a text quoting one message whole as quoting that one alone', () => {
    const index = quotes();
    index.add('Playback failed on this device.', 3);
    expect([...index.quotedBy(asQuery('playback failed in this device'))]).toEqual([]);
    expect([...index.quotedBy(asQuery('playback failed on this device'))]).toEqual([3]);
    // Not also the firewall's message, which it quotes with a word added.
    expect(quotedBy('your country does not match the one set in your profile and a firewall may be blocking my spotify')).toEqual([0]);
  });

  it('marks the entries whose message two words in a row quote, not two function words', () => {
    const index = quotes();
    expect([...index.quotedEntries([asQuery('the file on my disk')], 3)]).toEqual([0, 1, 0]);
    expect([...index.quotedEntries([asQuery('it is on in the app')], 3)]).toEqual([0, 0, 0]);
    expect([...index.quotedEntries([asQuery('is the firewall blocking'), asQuery('set in your profile')], 3)]).toEqual([1, 0, 0]);
  });
});
