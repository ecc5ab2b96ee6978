/**
 * `[notification] workload_partitioning` for the command: the partition sender on the consumed
 * broker, and the partition ownership through `[coordination] backend_url` (the coordinator the
 * polling agent also uses, group `ceilometer.notification.v2`).
 */
import type { Config, PluginRegistryLike } from '@ceilometer-ts/core';
import type { NotificationSettings, PartitioningOptions } from '@ceilometer-ts/pipeline';
import type { Logger } from '@ceilometer-ts/sdk';
import { readBackendUrl, startCoordinator } from '../app/coordination.js';
import { CoordinatedPartitionOwnership, partitionRefreshIntervalMs } from './partition-ownership.js';
import { AmqpPartitionSender } from './partition-sender.js';

function text(config: Config, group: string, name: string): string | undefined {
  if (!config.has(group, name)) return undefined;
  const value = config.get<unknown>(group, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The partitioning of this agent, or undefined when `[notification] workload_partitioning` is off.
 * Without `[coordination] backend_url` the option is ignored with a warning (one agent transforms
 * everything, as without it). Starts the coordinator: a backend that is away is retried in the
 * background (the agent owns no partition until it answers; their samples wait in the broker).
 */
export async function notificationPartitioning(config: Config, registry: PluginRegistryLike, settings: NotificationSettings, logger: Logger): Promise<PartitioningOptions | undefined> {
  if (!settings.workloadPartitioning) return undefined;
  const backend = text(config, 'coordination', 'backend_url');
  if (!backend) {
    logger.warn('[notification] workload_partitioning is true but [coordination] backend_url is empty: this agent transforms every sample itself, as without partitioning');
    return undefined;
  }
  const transport = settings.messagingUrls[0] ?? text(config, 'DEFAULT', 'transport_url');
  if (!transport) return undefined; // the consumers report the missing transport URL
  const partitions = settings.pipelineProcessingQueues ?? 10;
  const exchange = text(config, 'DEFAULT', 'control_exchange') ?? 'ceilometer';
  const { membershipTimeoutMs } = readBackendUrl(config, backend);
  const coordinator = await startCoordinator(registry, config, backend, logger);
  const refreshIntervalMs = partitionRefreshIntervalMs(membershipTimeoutMs);
  logger.info(
    { partitions, refresh_interval_ms: refreshIntervalMs, exchange },
    'workload partitioning: samples go through %d partition queues (ceilometer_ipc-sample-N); this agent transforms those the coordination group assigns it',
    partitions,
  );
  return {
    partitions,
    exchange,
    sender: AmqpPartitionSender.fromConfig(config, transport, exchange, logger),
    ownership: new CoordinatedPartitionOwnership({ coordinator, partitions, refreshIntervalMs, logger: logger.child({ component: 'partitioning' }) }),
  };
}
