import { describe, expect, it } from 'vitest';
import { StorageStatus } from '../../src/storage/status.js';

describe('StorageStatus listeners', () => {
  it('tells a listener added during an outage (one the bot started in) of it at once, and of its end', () => {
    const status = new StorageStatus({ probeIntervalMs: 60_000 });
    status.failed(new Error('connect ECONNREFUSED 127.0.0.1:5432'), 'open at start');
    const heard: boolean[] = [];
    status.onChange((available) => heard.push(available));
    expect(heard).toEqual([false]);
    status.succeeded(1);
    expect(heard).toEqual([false, true]);
    status.close();
  });

  it('tells a listener added while the database answers nothing until an outage starts', () => {
    const status = new StorageStatus({ probeIntervalMs: 60_000 });
    const heard: boolean[] = [];
    status.onChange((available) => heard.push(available));
    expect(heard).toEqual([]);
    status.failed(new Error('timeout'), 'read settings');
    expect(heard).toEqual([false]);
    status.close();
  });
});
