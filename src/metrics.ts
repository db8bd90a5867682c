import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Reply } from './answers/types.js';

/** One registry's metrics as JSON, to merge several shards' into one scrape. */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Why an automatic reply was not sent. */
export type SuppressedReason = 'cooldown' | 'scope' | 'permissions' | 'discord' | 'overloaded';

const PREFIX = 'spotify_bot_';

/**
 * The bot's Prometheus metrics (prom-client), served at /metrics. Every label value comes from a
 * short fixed list: never a user, a message or free text.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly answers: Counter<'way' | 'outcome'>;
  readonly autoRepliesSuppressed: Counter<'reason'>;
  readonly screenshots: Counter<'result'>;
  readonly screenshotReadSeconds: Histogram;
  readonly interactionResponseSeconds: Histogram;
  readonly restRateLimited: Counter;
  readonly restServerErrors: Counter;
  readonly gatewayReconnects: Counter;
  readonly gatewayResumes: Counter;
  readonly storageErrors: Counter;
  readonly storageWriteSeconds: Histogram;
  private readonly sources: { workInFlight?: () => number; screenshotQueue?: () => number } = {};

  constructor() {
    const registers = [this.registry];
    this.answers = new Counter({
      name: `${PREFIX}answers_total`,
      help: 'Answers sent, by way in (slash, autocomplete, screenshot, auto, mention, context, forum) and outcome (entry, group, menu, miss).',
      labelNames: ['way', 'outcome'],
      registers,
    });
    this.autoRepliesSuppressed = new Counter({
      name: `${PREFIX}auto_replies_suppressed_total`,
      help: 'Automatic replies not sent although the message showed an error or was in scope, by reason (cooldown, scope, permissions, discord failing, overloaded).',
      labelNames: ['reason'],
      registers,
    });
    this.screenshots = new Counter({
      name: `${PREFIX}screenshots_total`,
      help: 'Images handled by the screenshot reader, by result (read, failed, dropped).',
      labelNames: ['result'],
      registers,
    });
    this.screenshotReadSeconds = new Histogram({
      name: `${PREFIX}screenshot_read_seconds`,
      help: 'Seconds to read one image (OCR), from the worker.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.interactionResponseSeconds = new Histogram({
      name: `${PREFIX}interaction_response_seconds`,
      help: 'Seconds from receiving an interaction to its first response (reply, deferral, update or autocomplete choices).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    });
    this.restRateLimited = new Counter({ name: `${PREFIX}rest_rate_limited_total`, help: 'REST responses with status 429 (discord.js waits and retries).', registers });
    this.restServerErrors = new Counter({
      name: `${PREFIX}rest_retries_total`,
      help: 'REST responses with a 5xx status, which discord.js retries.',
      registers,
    });
    this.gatewayReconnects = new Counter({ name: `${PREFIX}gateway_reconnects_total`, help: 'Gateway connections lost and reconnecting.', registers });
    this.gatewayResumes = new Counter({ name: `${PREFIX}gateway_resumes_total`, help: 'Gateway sessions resumed.', registers });
    this.storageErrors = new Counter({ name: `${PREFIX}storage_errors_total`, help: 'Stats write batches that failed, and database outages begun by any other failed or timed-out operation (one each).', registers });
    this.storageWriteSeconds = new Histogram({
      name: `${PREFIX}storage_write_seconds`,
      help: 'Seconds per stats write batch to the database.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    const sources = this.sources;
    new Gauge({
      name: `${PREFIX}work_in_flight`,
      help: 'Event handlers being worked on.',
      registers,
      collect() {
        this.set(sources.workInFlight?.() ?? 0);
      },
    });
    new Gauge({
      name: `${PREFIX}screenshot_queue_length`,
      help: 'Images waiting to be read.',
      registers,
      collect() {
        this.set(sources.screenshotQueue?.() ?? 0);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read from (set once the bot's parts exist). */
  observe(sources: { workInFlight?: () => number; screenshotQueue?: () => number }): void {
    Object.assign(this.sources, sources);
  }

  /** Counts an answer sent. */
  answered(reply: Pick<Reply, 'metric'>): void {
    this.answers.inc(reply.metric);
  }

  /** The metrics in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  json(): Promise<MetricsJson> {
    return this.registry.getMetricsAsJSON();
  }
}

/** Several shards' metrics as one scrape: counters and histograms summed, gauges summed. */
export async function aggregate(perShard: MetricsJson[]): Promise<string> {
  return AggregatorRegistry.aggregate(perShard).metrics();
}

export const METRICS_CONTENT_TYPE = new Registry().contentType;
