/**
 * The gnocchi:// publisher URLs of the deployment's pipeline.yaml and event_pipeline.yaml
 * (`[DEFAULT] pipeline_cfg_file`, `event_pipeline_cfg_file`), so `ceilometer-upgrade` prepares
 * what the definitions files in use need, as the publishers will load them.
 */
import { readFileSync } from 'node:fs';
import { isPyDict, type ConfigView } from '@ceilometer-ts/sdk';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';
import { configValue } from '@ceilometer-ts/publisher-common';

function publishersOf(file: string): string[] {
  let value: unknown;
  try {
    value = parseLocatedYaml(readFileSync(file, 'utf8'), file).value;
  } catch {
    return []; // the agents report a broken pipeline file; upgrade goes on with the defaults
  }
  const sinks = isPyDict(value) && Array.isArray(value['sinks']) ? value['sinks'] : [];
  return sinks.flatMap((sink: unknown) => {
    const publishers = isPyDict(sink) && Array.isArray(sink['publishers']) ? sink['publishers'] : [];
    return publishers.filter((p): p is string => typeof p === 'string' && p.startsWith('gnocchi:'));
  });
}

/** Every gnocchi:// URL of the pipeline files found, in order, without repeats. */
export function gnocchiPublisherUrls(config: ConfigView): string[] {
  const urls = new Set<string>();
  for (const option of ['pipeline_cfg_file', 'event_pipeline_cfg_file']) {
    const name = configValue<string | undefined>(config, 'DEFAULT', option, option === 'pipeline_cfg_file' ? 'pipeline.yaml' : 'event_pipeline.yaml');
    const file = name ? config.findFile(name) : undefined;
    if (file) for (const url of publishersOf(file)) urls.add(url);
  }
  return [...urls];
}
