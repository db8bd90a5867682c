import { describe, expect, it } from 'vitest';
import { ExampleIndex } from '../../src/core/examples.js';
import { ErrorLookup } from '../../src/core/lookup.js';
import { loadEntries } from '../../src/data/index.js';
import { DatasetError, parseExamples } from '../../src/data/schema.js';
import { lookupWithoutExamples, sharedLookup } from '../helpers.js';

const words = (text: string) => text.toLowerCase().split(/\W+/).filter((w) => w.length > 2);
const similarities = <Label>(index: ExampleIndex<Label>, terms: string[]) => {
  const found = new Map<Label, number>();
  index.similarity(terms, (label, similarity) => found.set(label, similarity));
  return found;
};

describe('people’s examples', () => {
  const index = new ExampleIndex(
    [
      { text: 'songs keep skipping after a few seconds', labels: ['skips'] },
      { text: 'every song skips to the next one', labels: ['skips'] },
      { text: 'says I am in another country', labels: ['country'] },
      { text: 'country mismatch again', labels: ['country'] },
      { text: 'country country country', labels: ['country'] },
    ],
    words,
  );

  it('finds the label of the messages a query is like, by the words they share', () => {
    const skipping = similarities(index, words('my songs keep skipping'));
    expect(skipping.get('skips')!).toBeGreaterThan(skipping.get('country') ?? 0);
    expect(skipping.get('skips')!).toBeLessThanOrEqual(1);
    const country = similarities(index, words('country mismatch songs'));
    expect(country.get('country')!).toBeGreaterThan(country.get('skips')!);
  });

  it('has nothing to say of words no example has, or of nothing', () => {
    expect(similarities(index, words('printer toner empty'))).toEqual(new Map());
    expect(similarities(index, [])).toEqual(new Map());
  });

  it('counts a label’s best few examples, not how many it has', () => {
    // One example sharing a word is not worth three: the mean of the best three, the missing ones zero.
    const one = similarities(new ExampleIndex([{ text: 'skipping', labels: ['a'] }, { text: 'other words', labels: ['b'] }], words), ['skipping']);
    const three = similarities(
      new ExampleIndex(
      [
        { text: 'skipping', labels: ['a'] },
        { text: 'skipping', labels: ['a'] },
        { text: 'skipping', labels: ['a'] },
        { text: 'other words', labels: ['b'] },
        ],
        words,
      ),
      ['skipping'],
    );
    expect(one.get('a')!).toBeCloseTo(three.get('a')! / 3, 5);
  });
});

describe('search with people’s examples', () => {
  const entries = loadEntries();
  const skipping = 'the web player plays each song for ten seconds then skips';
  const taught = (codes: string[]) => new ErrorLookup(entries, { examples: [1, 2, 3].map((n) => ({ text: `song ${n} plays for ten seconds then skips in the web player`, codes })) });

  it('ranks first the entry people describe that way, where the reference words it otherwise', () => {
    const plain = lookupWithoutExamples().search(skipping)[0]!.entry.code;
    const code = 'EME_LICENSE_REQUEST_FAILED_WITH_STATUS';
    expect(plain).not.toBe(code);
    expect(taught([code]).search(skipping)[0]!.entry.code).toBe(code);
  });

  it('order a "did you mean" menu, which stays a menu', () => {
    // "songs wont play": the reference's words leave the playback entries level; people's messages say which they mean.
    const query = 'songs wont play';
    const plain = lookupWithoutExamples().answer(query);
    const code = 'ONE_TRACK_UNPLAYABLE (playback dispatcher)';
    expect(plain.kind === 'ambiguous' && plain.candidates[0]!.entry.code).not.toBe(code);
    const taught = new ErrorLookup(entries, { examples: [1, 2, 3].map((n) => ({ text: `${n} songs wont play`, codes: [code] })) }).answer(query);
    expect(taught.kind === 'ambiguous' && taught.candidates[0]!.entry.code).toBe(code);
  });

  it('never decide whether to answer: direct answers, groups, misses and automatic replies are the reference words’ alone', () => {
    const plain = lookupWithoutExamples();
    const taughtChat = new ErrorLookup(entries, { examples: [1, 2, 3].map(() => ({ text: 'where is the devices menu', codes: ['connect.device-picker (restricted / unsupported)'] })) });
    expect(taughtChat.search('where is the devices menu')[0]!.entry.code).toBe('connect.device-picker (restricted / unsupported)');
    expect(taughtChat.answer('where is the devices menu').kind).toBe(plain.answer('where is the devices menu').kind);
    // Chat a review found answered once examples counted towards a direct answer.
    const chat = [
      'how do I cancel my premium subscription',
      'windows 7 support',
      'pihole blocks spotify ads lol',
      'how many requests can I make to the spotify api',
      'playstation network sign in failed',
      'outlook keeps asking for password',
      'nvm it works now',
      'I blocked spotify ads with my pihole and it works great',
      'my spotify country is set to Germany',
      'I moved to the US and spotify changed my country',
    ];
    const outcome = (lookup: ErrorLookup, text: string) => {
      const d = lookup.answer(text);
      return d.kind === 'confident' ? d.entry.code : d.kind === 'group' ? d.entries.map((e) => e.code) : d.kind;
    };
    for (const text of chat) {
      expect(outcome(sharedLookup(), text), text).toEqual(outcome(plain, text));
      for (const options of [{ assumeSpotify: true }, { symptomMode: true }]) {
        expect(sharedLookup().detector.detect(text, options).matches, text).toEqual(plain.detector.detect(text, options).matches);
      }
    }
  });
});

describe('examples.json', () => {
  const entries = loadEntries();

  it('accepts labelled examples of the dataset’s codes', () => {
    expect(parseExamples([{ set: 'issue-titles', text: 'error auth:3 again', codes: ['auth:3'] }], entries)).toHaveLength(1);
  });

  it('names the example and field that is wrong, or the code no entry has', () => {
    expect(() => parseExamples([{ set: 'issue-titles', text: '', codes: ['auth:3'] }], entries)).toThrow(/example 0, text/);
    expect(() => parseExamples([{ set: 'forum', text: 'x', codes: ['auth:3'] }], entries)).toThrow(DatasetError);
    expect(() => parseExamples([{ set: 'issue-titles', text: 'x', codes: ['auth:999'] }], entries)).toThrow(/example 0 is labelled auth:999/);
  });
});
