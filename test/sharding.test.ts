import { describe, expect, it } from 'vitest';
import { aggregate, Metrics } from '../src/metrics.js';
import { ShardMetricsHistory } from '../src/sharding.js';

const answersOf = (text: string) => text.match(/^spotify_bot_answers_total\{way="slash",outcome="entry"\} (\d+)$/m)?.[1];

describe('a shard manager\'s scrape of its shards', () => {
  it('never goes down when a shard does not answer in time or is started again', async () => {
    const history = new ShardMetricsHistory();
    const shard = new Metrics();
    const other = new Metrics();
    shard.answers.inc({ way: 'slash', outcome: 'entry' }, 3);
    other.answers.inc({ way: 'slash', outcome: 'entry' }, 2);
    const scrape = async (answers: Array<[number, number, Metrics | undefined]>) =>
      aggregate(await Promise.all(answers.map(async ([id, pid, m]) => history.scrape(id, pid, m && (await m.json())))).then((l) => l.flat()));
    expect(answersOf(await scrape([[0, 100, shard], [1, 200, other]]))).toBe('5');
    // Shard 0 busy, or dead: what it counted stays.
    const missed = await scrape([[0, 100, undefined], [1, 200, other]]);
    expect(answersOf(missed)).toBe('5');
    // Started again, twice, counting anew each time: added to what its earlier processes counted.
    const again = new Metrics();
    again.answers.inc({ way: 'slash', outcome: 'entry' });
    expect(answersOf(await scrape([[0, 101, again], [1, 200, other]]))).toBe('6');
    const third = new Metrics();
    third.answers.inc({ way: 'slash', outcome: 'entry' }, 4);
    expect(answersOf(await scrape([[0, 102, third], [1, 200, other]]))).toBe('10');
    expect(answersOf(await scrape([[0, 102, third], [1, 200, other]]))).toBe('10');
  });
});
