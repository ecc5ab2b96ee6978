/**
 * @ceilometer-ts/polling: the polling agent engine.
 */
export * from './options.js';
export * from './settings.js';
export * from './errors.js';
export * from './meter-matcher.js';
export * from './polling-config.js';
export * from './source.js';
export * from './plugins.js';
export * from './task-plan.js';
export * from './task.js';
export * from './blacklist.js';
export * from './concurrency.js';
export * from './discoverer.js';
export * from './observer.js';
export * from './sample-stream.js';
export * from './batcher.js';
export * from './cycle.js';
export * from './sink.js';
export type { DeliveryStatsLike } from './delivery-stats.js';
export * from './sinks/stdout-sink.js';
export * from './sinks/table-sink.js';
export * from './sinks/fanout-sink.js';
export * from './sinks/null-sink.js';
export * from './sinks/amqp-sink.js';
export * from './sinks/pipeline-sink.js';
export * from './metrics.js';
export * from './sample-gauges.js';
export * from './prometheus-exporter.js';
export * from './heartbeat.js';
export * from './pollster-filter.js';
export * from './load-pollsters.js';
export * from './partition-groups.js';
export * from './partition.js';
export * from './agent.js';
export * from './cycle-summary.js';
export * from './process-metrics.js';
export * from './validate-polling.js';
