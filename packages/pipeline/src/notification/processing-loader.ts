/**
 * Builds the agent's {@link Processing} from the configuration: pipeline.yaml and
 * event_pipeline.yaml (publishers from the registry), the `ceilometer.sample.endpoint` entry points,
 * meter definitions and the event converter. Everything is built before anything is used, so an
 * invalid file rejects the whole generation (and a reload keeps the previous one).
 */
import { ExtensionManager, type ExtensionContextOptions, type PluginRegistryLike } from '@ceilometer-ts/core';
import { Namespaces, silentLogger, type ConfigView, type Logger } from '@ceilometer-ts/sdk';
import type { TransformerFactory } from '../factories.js';
import { loadEventPipelineManager, loadSamplePipelineManager } from '../load-pipelines.js';
import { RegistryPublisherFactory } from '../registry-publisher-factory.js';
import { configuredDefinitionLoaders } from './definitions-loaders.js';
import type { EndpointContext, SampleEndpoint } from './endpoint.js';
import { closeProcessing, type Processing, type ProcessingLoader } from './processing.js';
import type { NotificationSettings } from './settings.js';
import type { EventConverterLike, MeterDefinitionsLike } from './types.js';

/** Options of {@link createProcessingLoader}. */
export interface ProcessingLoaderOptions {
  readonly config: ConfigView;
  readonly settings: Pick<NotificationSettings, 'pipelines'>;
  readonly logger?: Logger;
  /** Where publishers and endpoints come from; default the process-wide registry. */
  readonly registry?: PluginRegistryLike;
  /** What publishers and endpoints get by injection. */
  readonly context?: ExtensionContextOptions;
  readonly transformerFactory?: TransformerFactory;
  /** meters.yaml definitions; default: `[meter] meter_definitions_dirs` ({@link configuredDefinitionLoaders}). */
  readonly loadMeterDefinitions?: () => Promise<MeterDefinitionsLike>;
  /** The event converter; default: `[event] definitions_cfg_file` ({@link configuredDefinitionLoaders}). */
  readonly loadEventConverter?: () => Promise<EventConverterLike>;
  /** Use these endpoints instead of the `ceilometer.sample.endpoint` entry points. */
  readonly endpoints?: () => Promise<readonly SampleEndpoint[]>;
}

async function registryEndpoints(options: ProcessingLoaderOptions, ctx: EndpointContext, logger: Logger): Promise<SampleEndpoint[]> {
  const manager = await ExtensionManager.create<SampleEndpoint>({
    namespace: Namespaces.sampleEndpoint,
    invokeOnLoad: true,
    invokeArgs: [ctx],
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.context ? { context: options.context } : {}),
    logger,
  });
  logger.info({ endpoints: manager.names() }, 'sample endpoints loaded: %s', manager.names().join(', '));
  return manager.extensions.map((e) => e.obj as SampleEndpoint);
}

/** A loader for the agent; each call builds a fresh generation. */
export function createProcessingLoader(options: ProcessingLoaderOptions): ProcessingLoader {
  const logger = options.logger ?? silentLogger;
  const pipelines = options.settings.pipelines;
  const configured = configuredDefinitionLoaders({ config: options.config, logger, ...(options.registry ? { registry: options.registry } : {}) });
  const loadMeterDefinitions = options.loadMeterDefinitions ?? configured.loadMeterDefinitions;
  const loadEventConverter = options.loadEventConverter ?? configured.loadEventConverter;
  return async () => {
    const built: { -readonly [K in keyof Processing]: Processing[K] } = {};
    try {
      if (pipelines.includes('meter')) {
        const meterDefinitions = await loadMeterDefinitions();
        const publisher = await loadSamplePipelineManager(options.config, {
          publisherFactory: new RegistryPublisherFactory({ kind: 'sample', logger, ...(options.registry ? { registry: options.registry } : {}), ...(options.context ? { context: options.context } : {}) }),
          ...(options.transformerFactory ? { transformerFactory: options.transformerFactory } : {}),
          logger,
        });
        built.samples = { endpoints: [], publisher };
        const ctx: EndpointContext = {
          config: options.config,
          logger,
          loadMeterDefinitions: () => Promise.resolve(meterDefinitions),
        };
        const endpoints = options.endpoints ? await options.endpoints() : await registryEndpoints(options, ctx, logger);
        built.samples = { endpoints, publisher };
      }
      if (pipelines.includes('event')) {
        const converter = await loadEventConverter();
        const publisher = await loadEventPipelineManager(options.config, {
          publisherFactory: new RegistryPublisherFactory({ kind: 'event', logger, ...(options.registry ? { registry: options.registry } : {}), ...(options.context ? { context: options.context } : {}) }),
          logger,
        });
        built.events = { converter, publisher };
      }
      const unknown = pipelines.filter((p) => p !== 'meter' && p !== 'event');
      if (unknown.length > 0) logger.error({ pipelines: unknown }, 'Could not load the following pipelines: %s', unknown.join(', '));
      return built;
    } catch (error) {
      await closeProcessing(built).catch(() => {});
      throw error;
    }
  };
}
