/**
 * The polling agent's own counters (cycles, durations, samples, errors per pollster, queue
 * depth), kept as an observer and rendered as Prometheus families.
 */
import type { Sample } from '@ceilometer-ts/sdk';
import type { DeliveryStatsLike } from './delivery-stats.js';
import type { CycleResult, PollingObserver, PollsterOutcome } from './observer.js';
import type { MetricFamily, MetricPoint } from '@ceilometer-ts/prometheus-text';

type Counts = Map<string, number>;

function bump(map: Counts, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Agent metrics; pass it to the agent as an observer and to the exporter as a source. */
export class PollingMetrics implements PollingObserver {
  readonly cycles: Counts = new Map();
  readonly cycleSeconds: Counts = new Map();
  readonly lastCycleSeconds: Counts = new Map();
  readonly skippedCycles: Counts = new Map();
  readonly discoveryErrors: Counts = new Map();
  readonly samples: Counts = new Map();
  readonly errors: Counts = new Map();
  readonly permanentErrors: Counts = new Map();
  readonly publishErrors: Counts = new Map();
  readonly lastPoll: Counts = new Map();
  /** Reads the sink's queue depth; set by the agent. */
  queueDepth: () => number = () => 0;
  /** Reads the process's unhandled rejections so far; set by the command that installed the process guard. */
  unhandledRejections: () => number = () => 0;
  /** Reads the embedded pipeline's delivery queues; set by the agent's command. */
  deliveryStats: () => readonly DeliveryStatsLike[] = () => [];

  pollsterPolled(pollster: string): void {
    this.lastPoll.set(pollster, Date.now() / 1000);
  }

  samplesSent(pollster: string, samples: readonly Sample[]): void {
    bump(this.samples, pollster, samples.length);
  }

  publishFailed(pollster: string): void {
    bump(this.publishErrors, pollster);
  }

  pollsterFinished(outcome: PollsterOutcome): void {
    if (outcome.status === 'error' || outcome.status === 'partial') bump(this.errors, outcome.pollster);
    else if (outcome.status === 'permanent-error') bump(this.permanentErrors, outcome.pollster);
  }

  cycleFinished(result: CycleResult): void {
    const key = String(result.interval);
    bump(this.cycles, key);
    bump(this.cycleSeconds, key, result.durationMs / 1000);
    this.lastCycleSeconds.set(key, result.durationMs / 1000);
    bump(this.discoveryErrors, key, result.discoveryFailures);
  }

  cycleOverrun(interval: number, skipped: number): void {
    bump(this.skippedCycles, String(interval), skipped);
  }

  /** The metrics as Prometheus families (`ceilometer_polling_*`). */
  families(): MetricFamily[] {
    const by = (label: string, map: Counts, suffix?: string): MetricPoint[] =>
      [...map.entries()].map(([k, value]) => ({ labels: [[label, k]], value, ...(suffix ? { suffix } : {}) }));
    return [
      { name: 'ceilometer_polling_cycles', help: 'Polling cycles run, per task interval.', type: 'counter', points: by('interval', this.cycles, '_total') },
      {
        name: 'ceilometer_polling_cycle_duration_seconds',
        help: 'Time spent in polling cycles, per task interval.',
        type: 'summary',
        points: [...by('interval', this.cycles, '_count'), ...by('interval', this.cycleSeconds, '_sum')],
      },
      { name: 'ceilometer_polling_last_cycle_duration_seconds', help: 'Duration of the latest cycle, per task interval.', type: 'gauge', points: by('interval', this.lastCycleSeconds) },
      { name: 'ceilometer_polling_cycles_skipped', help: 'Cycles not run because the previous one overran.', type: 'counter', points: by('interval', this.skippedCycles, '_total') },
      { name: 'ceilometer_polling_discovery_errors', help: 'Discoveries that failed, per task interval.', type: 'counter', points: by('interval', this.discoveryErrors, '_total') },
      { name: 'ceilometer_polling_samples', help: 'Samples handed to the sink, per pollster.', type: 'counter', points: by('pollster', this.samples, '_total') },
      { name: 'ceilometer_polling_pollster_errors', help: 'Failed pollster runs, per pollster.', type: 'counter', points: by('pollster', this.errors, '_total') },
      { name: 'ceilometer_polling_pollster_permanent_errors', help: 'PollsterPermanentError raised, per pollster.', type: 'counter', points: by('pollster', this.permanentErrors, '_total') },
      { name: 'ceilometer_polling_publish_errors', help: 'Batches the sink rejected, per pollster.', type: 'counter', points: by('pollster', this.publishErrors, '_total') },
      { name: 'ceilometer_polling_pollster_last_poll_timestamp_seconds', help: 'When a pollster was last called.', type: 'gauge', points: by('pollster', this.lastPoll) },
      { name: 'ceilometer_polling_queue_depth', help: 'Batches waiting in the send queue.', type: 'gauge', points: [{ labels: [], value: this.queueDepth() }] },
      {
        name: 'ceilometer_polling_unhandled_rejections',
        help: 'Promise rejections nobody handled (logged, and the agent kept running).',
        type: 'counter',
        points: [{ labels: [], value: this.unhandledRejections(), suffix: '_total' }],
      },
      ...deliveryFamilies('ceilometer_polling', this.deliveryStats()),
    ];
  }
}

/**
 * Per-publisher delivery queue families (`<prefix>_delivery_*`: the polling agent's embedded
 * pipeline, the notification agent's pipelines), labelled by sink and redacted publisher URL.
 */
export function deliveryFamilies(prefix: string, stats: readonly DeliveryStatsLike[]): MetricFamily[] {
  const points = (value: (s: DeliveryStatsLike) => number, suffix?: string): MetricPoint[] =>
    stats.map((s) => ({ labels: [['sink', s.sink], ['publisher', s.publisher]], value: value(s), ...(suffix ? { suffix } : {}) }));
  return [
    { name: `${prefix}_delivery_queue_batches`, help: 'Batches held in a publisher\'s delivery queue.', type: 'gauge', points: points((s) => s.queuedBatches) },
    { name: `${prefix}_delivery_queue_samples`, help: 'Samples held in a publisher\'s delivery queue.', type: 'gauge', points: points((s) => s.queuedItems) },
    { name: `${prefix}_delivery_delivered_samples`, help: 'Samples a publisher published.', type: 'counter', points: points((s) => s.delivered, '_total') },
    { name: `${prefix}_delivery_dropped_samples`, help: 'Samples a publisher\'s delivery queue dropped (retry timeout, overflow, shutdown).', type: 'counter', points: points((s) => s.dropped, '_total') },
    { name: `${prefix}_delivery_failed_attempts`, help: 'Failed publish attempts, per publisher.', type: 'counter', points: points((s) => s.failedAttempts, '_total') },
  ];
}
