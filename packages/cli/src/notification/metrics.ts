/**
 * The notification agent's own metrics as Prometheus families (`ceilometer_notification_*`), read
 * from `NotificationAgent.stats()` at each scrape; served by the polling package's exporter
 * (`[notification] enable_prometheus_exporter`) beside prom-client's process metrics.
 */
import type { NotificationAgentStats } from '@ceilometer-ts/pipeline';
import { deliveryFamilies, type MetricsSource } from '@ceilometer-ts/polling';

type MetricFamily = ReturnType<MetricsSource['families']>[number];

/** Counters of `stats()` and their help, as `ceilometer_notification_<name>_total`. */
const COUNTERS: ReadonlyArray<readonly [keyof NotificationAgentStats, string, string]> = [
  ['messages', 'messages', 'Messages received and processed.'],
  ['malformed', 'malformed_messages', 'Messages that could not be decoded (logged and acknowledged).'],
  ['samples', 'samples', 'Samples handed to the sample pipelines.'],
  ['events', 'events', 'Events handed to the event pipelines.'],
  ['requeued', 'requeued_messages', 'Messages handed back to the broker for redelivery.'],
  ['publishFailures', 'publish_failures', 'Publisher calls the pipelines reported as failed.'],
  ['overBudget', 'over_budget_messages', 'Notifications over the work budget (poison).'],
  ['deadLettered', 'dead_lettered_messages', 'Messages moved aside (poison or out of attempts).'],
  ['deadLetterFailures', 'dead_letter_failures', 'Failed publishes to the dead-letter queue.'],
  ['reloads', 'reloads', 'Successful reloads (SIGHUP).'],
  ['unhandledRejections', 'unhandled_rejections', 'Promise rejections nobody handled (logged, and the agent kept running).'],
];

/** A metrics source over a running agent's counters. */
export class NotificationMetrics implements MetricsSource {
  constructor(private readonly stats: () => NotificationAgentStats) {}

  families(): MetricFamily[] {
    const stats = this.stats();
    const counters: MetricFamily[] = COUNTERS.map(([key, name, help]) => ({
      name: `ceilometer_notification_${name}`, help, type: 'counter', points: [{ labels: [], value: Number(stats[key]), suffix: '_total' }],
    }));
    return [
      ...counters,
      { name: 'ceilometer_notification_consumers', help: 'Consumers (messaging URLs x workers).', type: 'gauge', points: [{ labels: [], value: stats.consumers }] },
      { name: 'ceilometer_notification_in_flight_batches', help: 'Batches being processed.', type: 'gauge', points: [{ labels: [], value: stats.inFlightBatches }] },
      { name: 'ceilometer_notification_journal_entries', help: 'Messages attempted and not yet acknowledged, per the delivery journal.', type: 'gauge', points: [{ labels: [], value: stats.journalEntries }] },
      ...deliveryFamilies('ceilometer_notification', stats.delivery),
    ];
  }
}
