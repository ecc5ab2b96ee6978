/** Workload partitioning of the notification agent (`[notification] workload_partitioning`). */
export { partitionOf, partitionKeyHash, partitionTopic } from './partition-key.js';
export * from './types.js';
export { PartitionRouter, type PartitionRouterOptions } from './partition-router.js';
export { processPartitionBatch, type PartitionBatchOptions } from './partition-batch.js';
export { PartitionConsumers, type PartitionConsumersOptions } from './partition-consumers.js';
