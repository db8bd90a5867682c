import pino from 'pino';
import type { Logger } from '../logger.js';
import { errorText } from './errors.js';

/** While the database is unavailable, it is tried again this often (in the background). */
export const PROBE_INTERVAL_MS = 2_000;
/** A success slower than this does not end an outage: the database is still too slow to wait for. */
export const TIMELY_MS = 400;

export interface StorageStatusSnapshot {
  /** False during an outage: reads are answered from memory, writes are refused politely. */
  available: boolean;
  /** When the current state began (ISO time). */
  since: string;
  /** Outages since start. */
  outages: number;
  /** Failed operations during the current (or last) outage. */
  failures: number;
}

/** What an operation did: a write that failed starts (or turns an outage into) one only a write ends. */
export type OperationAccess = 'read' | 'write';

export interface StorageStatusOptions {
  logger?: Logger;
  /** Log fields naming the database, never its password: `{ storage: 'postgres', database: 'host:5432/db' }`. */
  describe?: Record<string, string>;
  probeIntervalMs?: number;
  now?: () => number;
}

/**
 * Whether the database is answering. Failures and slow answers start an outage (logged once);
 * while it lasts a probe tries the database in the background, and the first timely success ends
 * it (logged once). A database can answer reads and refuse every write (a read-only failover node,
 * a full or read-only disk): an outage a failed write is part of ends only with a write, the probe's
 * own included, or it would end at each read and start again at the next write. Readers use it to
 * stop waiting for a database that is not there.
 */
export class StorageStatus {
  private down = false;
  /** The current outage had a write fail: a read that succeeds does not end it. */
  private writesFailing = false;
  /** When the current state began: on the wall clock for `since` in /health, and on a monotonic one for how long it lasted (a wall clock set back would make it negative). */
  private sinceMs: number;
  private sinceMonotonic = performance.now();
  private outages = 0;
  private failures = 0;
  private probe?: (access: OperationAccess) => Promise<unknown>;
  private probeTimer?: NodeJS.Timeout;
  private probing = false;
  private closed = false;
  private lastLossLoggedAt = -Infinity;
  private readonly logger: Logger;
  private readonly now: () => number;
  /** The operation whose failure started the current (or last) outage. */
  private outageOperation = '';
  private readonly listeners: Array<(available: boolean, operation?: string) => void> = [];

  constructor(private readonly options: StorageStatusOptions = {}) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.now = options.now ?? Date.now;
    this.sinceMs = this.now();
  }

  get available(): boolean {
    return !this.down;
  }

  /**
   * Told when an outage starts (false, with the operation whose failure started it) and ends (true):
   * the moderators' log and the metrics listen. Added during an outage (one the bot started in), it
   * is told of it at once.
   */
  onChange(listener: (available: boolean, operation?: string) => void): void {
    this.listeners.push(listener);
    if (this.down && !this.closed) listener(false, this.outageOperation);
  }

  private tell(available: boolean, operation?: string): void {
    for (const listener of this.listeners) listener(available, operation);
  }

  /** What the background probe runs while the database is unavailable: a write during an outage a write is part of. */
  setProbe(probe: (access: OperationAccess) => Promise<unknown>): void {
    this.probe = probe;
  }

  /** An operation failed because the database did not answer: starts an outage, logged once. */
  failed(error: unknown, operation: string, access: OperationAccess = 'read'): void {
    if (this.closed) return;
    this.failures += 1;
    if (access === 'write') this.writesFailing = true;
    if (this.down) return;
    this.down = true;
    this.outages += 1;
    this.failures = 1;
    this.outageOperation = operation;
    this.sinceMs = this.now();
    this.sinceMonotonic = performance.now();
    this.logger.warn(
      { ...this.options.describe, operation, error: errorText(error) },
      'storage unavailable: answering from memory until it is back',
    );
    this.scheduleProbe();
    this.tell(false, operation);
  }

  /**
   * The server closed a connection by itself (a restart, a failover, a proxy's idle timeout): logged
   * (at most once a minute), and checked at once with the probe; an outage starts only if the
   * database does not answer it. The pool makes new connections as they are needed.
   */
  connectionLost(error: unknown): void {
    if (this.closed || this.down) return;
    const now = performance.now();
    if (now - this.lastLossLoggedAt >= 60_000) {
      this.lastLossLoggedAt = now;
      this.logger.warn({ ...this.options.describe, error: errorText(error) }, 'database connection lost; reconnecting');
    }
    if (!this.probe) return this.failed(error, 'connection lost');
    if (this.probing) return;
    this.probing = true;
    const probe = () => this.probe!('read');
    // Other connections closed at the same moment may not have told the pool yet: one more try then.
    probe()
      .catch(() => new Promise((resolve) => setTimeout(resolve, 100)).then(probe))
      .then(
        () => undefined,
        () => this.failed(error, 'connection lost'),
      )
      .finally(() => {
        this.probing = false;
        if (this.down) this.scheduleProbe();
      });
  }

  /**
   * An operation succeeded in `elapsedMs`; a timely success ends an outage, logged once (a read does
   * not end one a write is part of).
   */
  succeeded(elapsedMs = 0, access: OperationAccess = 'read'): void {
    if (!this.down || this.closed || elapsedMs > TIMELY_MS) return;
    if (this.writesFailing && access !== 'write') return;
    this.down = false;
    this.writesFailing = false;
    const seconds = Math.round((performance.now() - this.sinceMonotonic) / 100) / 10;
    this.sinceMs = this.now();
    this.sinceMonotonic = performance.now();
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.logger.info({ ...this.options.describe, downSeconds: seconds, failures: this.failures }, 'storage available again');
    this.tell(true);
  }

  snapshot(): StorageStatusSnapshot {
    return { available: !this.down, since: new Date(this.sinceMs).toISOString(), outages: this.outages, failures: this.failures };
  }

  /** Stops probing; later failures are not logged (the database is being closed). */
  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private scheduleProbe(): void {
    if (!this.probe || this.probeTimer || this.probing || this.closed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.runProbe();
    }, this.options.probeIntervalMs ?? PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    if (!this.down || this.closed || !this.probe) return;
    this.probing = true;
    const started = performance.now();
    const access: OperationAccess = this.writesFailing ? 'write' : 'read';
    try {
      await this.probe(access);
      this.succeeded(performance.now() - started, access);
    } catch (error) {
      this.failed(error, 'probe', access);
    } finally {
      this.probing = false;
    }
    if (this.down) this.scheduleProbe();
  }
}
