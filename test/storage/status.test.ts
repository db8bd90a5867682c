import { describe, expect, it, vi } from 'vitest';
import { StorageStatus, TIMELY_MS } from '../../src/storage/status.js';
import { collectingLogger } from '../helpers.js';
import { until } from './helpers.js';

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

describe('StorageStatus when writes fail and reads do not', () => {
  it('ends an outage a failed write started only when a write succeeds: the probe writes, reads do not end it', async () => {
    const probes: string[] = [];
    let writable = false;
    const status = new StorageStatus({ probeIntervalMs: 10 });
    status.setProbe(async (access) => {
      probes.push(access);
      if (access === 'write' && !writable) throw Object.assign(new Error('cannot execute UPDATE in a read-only transaction'), { code: '25006', severity: 'ERROR' });
    });
    const heard: boolean[] = [];
    status.onChange((available) => heard.push(available));
    status.failed(new Error('cannot execute UPDATE in a read-only transaction'), 'change settings', 'write');
    status.succeeded(1);
    expect(status.available).toBe(false);
    await until(() => probes.length >= 3, 5000, 'three probes');
    expect(status.available).toBe(false);
    expect(probes.every((access) => access === 'write')).toBe(true);
    writable = true;
    await until(() => status.available, 5000, 'the outage to end');
    expect(heard).toEqual([false, true]);
    status.close();
  });

  it('turns an outage a read started into one only a write ends once a write fails in it', () => {
    const status = new StorageStatus({ probeIntervalMs: 60_000 });
    status.failed(new Error('timeout'), 'read settings');
    status.failed(new Error('attempt to write a readonly database'), 'write stats', 'write');
    status.succeeded(1);
    expect(status.available).toBe(false);
    status.succeeded(1, 'write');
    expect(status.available).toBe(true);
    // The next outage a read starts ends with a read again.
    status.failed(new Error('timeout'), 'read settings');
    status.succeeded(1);
    expect(status.available).toBe(true);
    status.close();
  });
});

describe('StorageStatus outages', () => {
  it('are ended only by a timely success, and count their failures afresh', () => {
    const status = new StorageStatus({ probeIntervalMs: 60_000 });
    for (const operation of ['read settings', 'read settings', 'write stats']) status.failed(new Error('timeout'), operation);
    expect(status.snapshot()).toMatchObject({ available: false, outages: 1, failures: 3 });
    // Answering, but too slowly to wait for.
    status.succeeded(TIMELY_MS + 1);
    expect(status.available).toBe(false);
    status.succeeded(TIMELY_MS);
    expect(status.available).toBe(true);
    status.failed(new Error('timeout'), 'read settings');
    expect(status.snapshot()).toMatchObject({ available: false, outages: 2, failures: 1 });
    status.close();
  });

  it('are neither started nor logged once the database is being closed', () => {
    const { logger, lines } = collectingLogger();
    const status = new StorageStatus({ logger, probeIntervalMs: 60_000 });
    status.close();
    status.failed(new Error('Connection terminated'), 'write stats', 'write');
    expect(status.available).toBe(true);
    expect(lines).toEqual([]);
  });

  it('do not start when the server closed a connection and the check fails once, then its retry answers (the pool had not yet dropped every closed one)', async () => {
    let probes = 0;
    const status = new StorageStatus({ probeIntervalMs: 10 });
    status.setProbe(async () => {
      probes += 1;
      if (probes === 1) throw new Error('Connection terminated unexpectedly');
    });
    const heard: boolean[] = [];
    status.onChange((available) => heard.push(available));
    status.connectionLost(new Error('Connection terminated unexpectedly'));
    await until(() => probes === 2, 5000, 'the retry');
    expect(heard).toEqual([]);
    status.close();
  });
});

describe('StorageStatus on a wall clock set back (an NTP step)', () => {
  it('says how long an outage lasted, and logs a lost connection again a minute later, on a monotonic clock', () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    try {
      const { logger, lines } = collectingLogger();
      const status = new StorageStatus({ logger, probeIntervalMs: 60_000 });
      status.failed(new Error('timeout'), 'read settings');
      vi.setSystemTime(Date.now() - 3_600_000);
      vi.advanceTimersByTime(5_000);
      status.succeeded(1);
      expect(lines.find((l) => l.msg === 'storage available again')).toMatchObject({ downSeconds: 5 });

      status.setProbe(async () => undefined);
      status.connectionLost(new Error('terminating connection due to administrator command'));
      vi.setSystemTime(Date.now() - 3_600_000);
      vi.advanceTimersByTime(61_000);
      status.connectionLost(new Error('terminating connection due to administrator command'));
      expect(lines.filter((l) => l.msg === 'database connection lost; reconnecting')).toHaveLength(2);
      status.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
