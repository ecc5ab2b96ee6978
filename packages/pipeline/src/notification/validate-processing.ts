/**
 * `--validate-config` for what the notification agent loads: meter definitions, pipeline.yaml,
 * event definitions and event_pipeline.yaml, each checked on its own so every problem of every
 * file is reported, not only the first file's. Publishers and transformers are constructed as the
 * agent constructs them (a publisher checks its URL and its own files, such as the Gnocchi
 * publisher's gnocchi_resources.yaml, when constructed; none connects before its first publish),
 * then closed; nothing is consumed or published.
 */
import type { ExtensionContextOptions, PluginRegistryLike } from '@ceilometer-ts/core';
import { ConfigError, type ConfigIssue, type ConfigView, type Logger } from '@ceilometer-ts/sdk';
import type { PipelineKind } from '../config-types.js';
import type { TransformerFactory } from '../factories.js';
import { loadEventPipelineManager, loadSamplePipelineManager } from '../load-pipelines.js';
import { configuredPipelineFile, resolvePipelineFile } from '../pipeline-file.js';
import { RegistryPublisherFactory } from '../registry-publisher-factory.js';
import { configuredDefinitionLoaders, resolveEventDefinitionsFile } from './definitions-loaders.js';

/** What {@link validateProcessing} needs. */
export interface ValidateProcessingOptions {
  readonly config: ConfigView;
  /** `[notification] pipelines`: `meter`, `event`. */
  readonly pipelines: readonly string[];
  /** Receives the files' warnings (a capturing logger lists them in the report). */
  readonly logger: Logger;
  readonly registry?: PluginRegistryLike;
  readonly context?: ExtensionContextOptions;
  readonly transformerFactory?: TransformerFactory;
}

/** What was checked, and the problems found. */
export interface ProcessingValidation {
  readonly problems: readonly ConfigIssue[];
  /** The files and directories read, for the summary. */
  readonly checked: readonly string[];
}

/** Runs `step`; a ConfigError's issues become problems, another error one problem at `where`. */
async function collect(problems: ConfigIssue[], where: ConfigIssue['file'], path: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof ConfigError) problems.push(...error.issues);
    else problems.push({ file: where, path, message: error instanceof Error ? error.message : String(error) });
  }
}

/** Checks the sample pipeline (`pipeline.yaml`) or the event pipeline with the registry's publishers. */
export async function validatePipelineFile(kind: PipelineKind, options: ValidateProcessingOptions, problems: ConfigIssue[]): Promise<void> {
  const { config, logger } = options;
  const source = { ...(options.registry ? { registry: options.registry } : {}), ...(options.context ? { context: options.context } : {}) };
  await collect(problems, configuredPipelineFile(config, kind), '(file)', async () => {
    const deps = { publisherFactory: new RegistryPublisherFactory({ kind, logger, ...source }), logger };
    const manager = kind === 'sample'
      ? await loadSamplePipelineManager(config, { ...deps, ...(options.transformerFactory ? { transformerFactory: options.transformerFactory } : {}) })
      : await loadEventPipelineManager(config, deps);
    await manager.close(0);
  });
}

function pipelinePath(config: ConfigView, kind: PipelineKind): string {
  const name = configuredPipelineFile(config, kind);
  return resolvePipelineFile(name, config) ?? name;
}

/** Checks every file the notification agent would load; never throws a ConfigError. */
export async function validateProcessing(options: ValidateProcessingOptions): Promise<ProcessingValidation> {
  const { config, logger, pipelines } = options;
  const problems: ConfigIssue[] = [];
  const checked: string[] = [];
  const conf = config.files.at(-1) ?? 'ceilometer.conf';
  const loaders = configuredDefinitionLoaders({ config, logger, ...(options.registry ? { registry: options.registry } : {}) });
  if (pipelines.includes('meter')) {
    await collect(problems, conf, 'meter.meter_definitions_dirs', async () => {
      const definitions = await loaders.loadMeterDefinitions();
      // the agent skips a bad definition and goes on; a check reports it
      problems.push(...(definitions as { issues?: readonly ConfigIssue[] }).issues ?? []);
    });
    checked.push('meter definitions ([meter] meter_definitions_dirs)');
    await validatePipelineFile('sample', options, problems);
    checked.push(pipelinePath(config, 'sample'));
  }
  if (pipelines.includes('event')) {
    await collect(problems, conf, 'event.definitions_cfg_file', async () => {
      checked.push(resolveEventDefinitionsFile(config));
      await loaders.loadEventConverter();
    });
    await validatePipelineFile('event', options, problems);
    checked.push(pipelinePath(config, 'event'));
  }
  const unknown = pipelines.filter((p) => p !== 'meter' && p !== 'event');
  if (unknown.length > 0) problems.push({ file: conf, path: 'notification.pipelines', message: `unknown pipeline(s) ${unknown.join(', ')}: expected meter, event` });
  return { problems, checked };
}
