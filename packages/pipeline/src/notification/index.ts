/**
 * The notification agent: endpoints, batching, acknowledgement policy, the agent itself.
 */
export * from './types.js';
export * from './errors.js';
export * from './endpoint.js';
export { notificationFromMessage } from './notification-from-message.js';
export { notificationIsoTimestamp } from './timestamps.js';
export { sampleFromNotification, type NotificationSampleInit } from './sample-from-notification.js';
export { TelemetryPollingEndpoint } from './telemetry-polling-endpoint.js';
export { HttpRequestEndpoint, HttpResponseEndpoint } from './http-endpoint.js';
export { MeterNotificationEndpoint } from './meter-endpoint.js';
export { Batcher, type BatcherOptions } from './batcher.js';
export { RequeueBackoff, DEFAULT_REQUEUE_BACKOFF, type BackoffPolicy } from './backoff.js';
export * from './settings.js';
export * from './processing.js';
export { processBatch, emptyProcessStats, isPoison, type ProcessStats, type BatchOptions, type BatchDisposition, type PoisonDisposition } from './batch-processor.js';
export { exceedsWorkBudget, DEFAULT_WORK_BUDGET, UNLIMITED_WORK_BUDGET, type WorkBudget } from './work-budget.js';
export { DeliveryJournal, JOURNAL_FILE, type DeliveryEntry, type DeliveryInfo } from './delivery-journal.js';
export { createProcessingLoader, type ProcessingLoaderOptions } from './processing-loader.js';
export { ThroughputReporter } from './throughput-report.js';
export { NotificationAgent, type NotificationAgentOptions, type NotificationAgentStats, type ReloadResult } from './agent.js';
export { configuredDefinitionLoaders, resolveEventDefinitionsFile, type DefinitionLoaders, type DefinitionLoadersOptions } from './definitions-loaders.js';
export { validateProcessing, validatePipelineFile, type ValidateProcessingOptions, type ProcessingValidation } from './validate-processing.js';
export * from './partitioning/index.js';
