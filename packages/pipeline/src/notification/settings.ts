/**
 * The notification agent's settings, read once from the configuration (`[notification]`,
 * `[oslo_messaging_notifications] topics`, `[oslo_messaging_rabbit] rabbit_qos_prefetch_count`).
 */
import type { ConfigView } from '@ceilometer-ts/sdk';
import { DEFAULT_CONTROL_EXCHANGES } from '../options.js';
import { DEFAULT_WORK_BUDGET, type WorkBudget } from './work-budget.js';

/** What the agent runs with. */
export interface NotificationSettings {
  readonly workers: number;
  readonly batchSize: number;
  /** Seconds; undefined waits for a full batch (but see {@link effectiveBatchSize}). */
  readonly batchTimeout: number | undefined;
  /** Empty: `[DEFAULT] transport_url`. */
  readonly messagingUrls: readonly string[];
  readonly exchanges: readonly string[];
  readonly topics: readonly string[];
  /** `meter`, `event` (`[notification] pipelines`). */
  readonly pipelines: readonly string[];
  readonly ackOnEventError: boolean;
  /** Prefetch per consumer; 0 is unlimited. */
  readonly prefetch: number;
  /** Priorities bound; upstream's endpoints answer all seven, so all seven are consumed. */
  readonly priorities: readonly string[];
  /** Attempts before a message is moved aside; 0 retries forever. */
  readonly maxDeliveryAttempts: number;
  /** Queue receiving moved-aside messages; undefined: logged and dropped. */
  readonly deadLetterQueue: string | undefined;
  /** Directory of the delivery journal; undefined: counts in memory only. */
  readonly stateDir: string | undefined;
  /** Seconds `stop()` may take: draining consumers, then flushing the delivery queues (`[notification] stop_timeout`). */
  readonly stopTimeoutSeconds: number;
  /** Work allowed per notification. */
  readonly budget: WorkBudget;
  /** `[notification] workload_partitioning`: samples go through the partition queues (needs a coordination backend). */
  readonly workloadPartitioning?: boolean;
  /** `[notification] pipeline_processing_queues`: partitions (queues `ceilometer_ipc-sample-N`). */
  readonly pipelineProcessingQueues?: number;
}

/** Every oslo priority: upstream consumes them all (and drops what no endpoint handles). */
export const CONSUMED_PRIORITIES: readonly string[] = ['audit', 'debug', 'info', 'warn', 'error', 'critical', 'sample'];

function opt<T>(config: ConfigView, group: string, name: string, fallback: T): T {
  if (!config.has(group, name)) return fallback;
  const value = config.get<T | undefined>(group, name);
  return value === undefined || value === null ? fallback : value;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** Reads the settings; options of packages that are not loaded fall back to upstream's defaults. */
export function notificationSettingsFromConfig(config: ConfigView): NotificationSettings {
  return {
    workers: opt(config, 'notification', 'workers', 1),
    batchSize: opt(config, 'notification', 'batch_size', 1),
    batchTimeout: opt<number | undefined>(config, 'notification', 'batch_timeout', undefined),
    messagingUrls: opt<string[]>(config, 'notification', 'messaging_urls', []),
    exchanges: unique(opt<string[]>(config, 'notification', 'notification_control_exchanges', [...DEFAULT_CONTROL_EXCHANGES])),
    topics: unique(opt<string[]>(config, 'oslo_messaging_notifications', 'topics', ['notifications'])),
    pipelines: unique(opt<string[]>(config, 'notification', 'pipelines', ['meter', 'event'])),
    ackOnEventError: opt(config, 'notification', 'ack_on_event_error', true),
    prefetch: opt(config, 'oslo_messaging_rabbit', 'rabbit_qos_prefetch_count', 100),
    priorities: CONSUMED_PRIORITIES,
    maxDeliveryAttempts: opt(config, 'notification', 'max_delivery_attempts', 5),
    deadLetterQueue: opt(config, 'notification', 'dead_letter_queue', '') || undefined,
    stateDir: opt(config, 'notification', 'state_dir', '') || undefined,
    stopTimeoutSeconds: opt(config, 'notification', 'stop_timeout', 30),
    workloadPartitioning: opt(config, 'notification', 'workload_partitioning', false),
    pipelineProcessingQueues: opt(config, 'notification', 'pipeline_processing_queues', 10),
    budget: {
      maxSamples: opt(config, 'notification', 'max_samples_per_notification', DEFAULT_WORK_BUDGET.maxSamples),
      maxMetadataBytes: opt(config, 'notification', 'max_metadata_bytes_per_notification', DEFAULT_WORK_BUDGET.maxMetadataBytes),
    },
  };
}

/**
 * The batch size a consumer can reach: a batch waits for unacknowledged messages, so it never
 * exceeds the prefetch (upstream would stall until batch_timeout, or forever without one).
 */
export function effectiveBatchSize(settings: Pick<NotificationSettings, 'batchSize' | 'prefetch'>): number {
  return settings.prefetch > 0 ? Math.max(1, Math.min(settings.batchSize, settings.prefetch)) : Math.max(1, settings.batchSize);
}

/** The targets: every (exchange, topic) pair, as upstream's `get_targets`. */
export function notificationTargets(settings: Pick<NotificationSettings, 'exchanges' | 'topics'>): Array<{ exchange: string; topic: string }> {
  return settings.topics.flatMap((topic) => settings.exchanges.map((exchange) => ({ exchange, topic })));
}
