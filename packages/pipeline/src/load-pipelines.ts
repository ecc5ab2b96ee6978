/**
 * Builds the pipeline managers from the loaded configuration: `[DEFAULT] pipeline_cfg_file` and
 * `event_pipeline_cfg_file`, found as upstream finds them.
 */
import { ConfigError, type ConfigView } from '@ceilometer-ts/sdk';
import type { PipelineKind } from './config-types.js';
import { deliverySettingsFromConfig } from './delivery/delivery-settings.js';
import { EventPipelineManager } from './event-pipeline.js';
import { configuredPipelineFile, resolvePipelineFile } from './pipeline-file.js';
import { SamplePipelineManager } from './pipeline-manager.js';
import type { PipelineDependencies } from './sink-resolver.js';

function locateFile(config: ConfigView, kind: PipelineKind, deps: PipelineDependencies): string {
  const name = configuredPipelineFile(config, kind);
  const path = resolvePipelineFile(name, config, deps.logger);
  if (!path) {
    const option = kind === 'sample' ? 'pipeline_cfg_file' : 'event_pipeline_cfg_file';
    const where = config.files.length ? config.files[config.files.length - 1] as string : 'ceilometer.conf';
    throw new ConfigError([{ file: where, path: `DEFAULT.${option}`, message: `${kind} pipeline file "${name}" not found (searched: ${['.', ...config.configDirs].join(', ')})` }]);
  }
  return path;
}

/** The sample pipeline manager for `[DEFAULT] pipeline_cfg_file` (what the embedded polling agent runs). */
export async function loadSamplePipelineManager(config: ConfigView, deps: PipelineDependencies): Promise<SamplePipelineManager> {
  return SamplePipelineManager.fromFile(locateFile(config, 'sample', deps), { delivery: deliverySettingsFromConfig(config), ...deps });
}

/** The event pipeline manager for `[DEFAULT] event_pipeline_cfg_file`. */
export async function loadEventPipelineManager(config: ConfigView, deps: PipelineDependencies): Promise<EventPipelineManager> {
  return EventPipelineManager.fromFile(locateFile(config, 'event', deps), { delivery: deliverySettingsFromConfig(config), ...deps });
}
