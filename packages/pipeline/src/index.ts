/**
 * @ceilometer-ts/pipeline: pipeline.yaml and event_pipeline.yaml, the sample and event pipeline
 * managers, and the pipeline and notification agent options.
 */
export * from './config-types.js';
export { NamePatterns, fnmatchToRegExp, checkSourceFiltering } from './name-patterns.js';
export { checkPipelineConfig, parsePipelineConfig, loadPipelineConfigFile, type PipelineConfigOptions, type PipelineConfigCheck } from './pipeline-config.js';
export { POLLING_SOURCE_KEYS } from './source-config.js';
export * from './errors.js';
export * from './factories.js';
export { PublisherPool } from './publisher-pool.js';
export type { PipelineDependencies, BoundPublisher, ResolvedSink } from './sink-resolver.js';
export * from './publish-outcome.js';
export * from './delivery/index.js';
export { DEFAULT_CLOSE_TIMEOUT_MS, type DeliveryCloseSummary } from './delivery/manager-queues.js';
export { validateVolume } from './volume.js';
export { SamplePipeline, SampleSink } from './sample-pipeline.js';
export { SamplePipelineManager } from './pipeline-manager.js';
export { TransformerState } from './transformer-state.js';
export { EventPipeline, EventPipelineManager } from './event-pipeline.js';
export { RegistryPublisherFactory, type RegistryPublisherFactoryOptions } from './registry-publisher-factory.js';
export { RegistryTransformerFactory, type RegistryTransformerFactoryOptions } from './registry-transformer-factory.js';
export { BUNDLED_PIPELINE_DIR, configuredPipelineFile, resolvePipelineFile } from './pipeline-file.js';
export { loadSamplePipelineManager, loadEventPipelineManager } from './load-pipelines.js';
export * from './options.js';
export * from './notification/index.js';
// The JSONPath engine moved to @ceilometer-ts/jsonpath; re-exported for compatibility.
export { compileJsonPath, JsonPath, JsonPathEvaluationError, JsonPathSyntaxError, parseJsonPath, type JsonPathMatch, type JsonPathNode } from '@ceilometer-ts/jsonpath';
// The notification agent exports the (structurally identical) Notification type.
export {
  MeterDefinitions, MeterDefinition, notificationBody, addReservedUserMetadata, DEFAULT_RESERVED_METADATA, BUNDLED_METER_DEFINITIONS_DIR, BUNDLED_EVENT_DEFINITIONS_FILE,
  DEFAULT_METER_DEFINITIONS_DIRS,
  type MeterDefinitionsOptions, type MeterDefinitionContext, type MeterSampleValues, type NotificationBody, type ReservedMetadataOptions,
} from './meter/index.js';
export * from './event-definitions/index.js';
