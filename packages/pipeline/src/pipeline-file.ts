/**
 * Finds a pipeline file the way upstream's `ConfigManagerBase.load_config` does: the path as
 * configured, else next to the configuration files, else the default shipped with the package.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigView, Logger } from '@ceilometer-ts/sdk';
import type { PipelineKind } from './config-types.js';

/** Directory of the default pipeline.yaml and event_pipeline.yaml (upstream's `pipeline/data`). */
export const BUNDLED_PIPELINE_DIR = fileURLToPath(new URL('../data', import.meta.url));

/** The configured file name: `[DEFAULT] pipeline_cfg_file` or `event_pipeline_cfg_file`. */
export function configuredPipelineFile(config: ConfigView, kind: PipelineKind): string {
  return config.get<string>('DEFAULT', kind === 'sample' ? 'pipeline_cfg_file' : 'event_pipeline_cfg_file');
}

/**
 * Resolves a configured pipeline file name to a path; undefined when neither the file, a file of
 * that name in the config directories, nor a bundled default of that name exists.
 */
export function resolvePipelineFile(name: string, config?: ConfigView, logger?: Logger): string | undefined {
  if (existsSync(name)) return name;
  const found = config?.findFile(name);
  if (found) return found;
  const bundled = `${BUNDLED_PIPELINE_DIR}/${basename(name)}`;
  if (existsSync(bundled)) {
    logger?.info({ file: bundled }, 'no pipeline file %s found, using the default %s', name, bundled);
    return bundled;
  }
  return undefined;
}
