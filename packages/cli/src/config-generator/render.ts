/**
 * The sample in the chosen format: ini (the sample ceilometer.conf), yaml and json (upstream's
 * machine-readable structure, keys sorted as `yaml.safe_dump` and `json.dumps(sort_keys=True)`
 * write them), rst (the Sphinx extension's listing).
 */
import { generateSampleConfig, generateSampleConfigRst, sampleConfigData, type OptionRegistry } from '@ceilometer-ts/core';
import { dumpsPyJson, type PyValue } from '@ceilometer-ts/sdk';
import { stringify } from 'yaml';
import type { GeneratorSettings } from './settings.js';

/** A copy with every mapping's keys sorted, as Python's dumpers write them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Renders the options of `registry`; `configFiles` are echoed in yaml/json's `generator_options`. */
export function renderSample(registry: OptionRegistry, settings: GeneratorSettings, configFiles: readonly string[]): string {
  switch (settings.format) {
    case 'ini':
      return generateSampleConfig(registry, { wrap: settings.wrapWidth, minimal: settings.minimal, summarize: settings.summarize });
    case 'rst':
      return generateSampleConfigRst(registry);
    default: {
      const generatorOptions = {
        config_dir: [],
        config_file: [...configFiles],
        config_source: [],
        format_: settings.format,
        minimal: settings.minimal,
        namespace: [...settings.namespaces],
        output_file: settings.outputFile ?? null,
        summarize: settings.summarize,
        wrap_width: settings.wrapWidth,
      };
      const data = sortKeys(sampleConfigData(registry, generatorOptions));
      if (settings.format === 'json') return `${dumpsPyJson(data as PyValue)}\n`;
      return `${stringify(data, { indentSeq: false, singleQuote: true, lineWidth: 80 })}\n`;
    }
  }
}
