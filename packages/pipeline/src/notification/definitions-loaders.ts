/**
 * Loads meters.yaml and event_definitions.yaml as the configuration says (`[meter]
 * meter_definitions_dirs`, `[event] definitions_cfg_file`, `drop_unmatched_notifications`,
 * `store_raw`), with trait plugins from `ceilometer.event.trait_plugin`.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { PluginRegistryLike } from '@ceilometer-ts/core';
import { ConfigError, silentLogger, type ConfigView, type Logger } from '@ceilometer-ts/sdk';
import { EventConverter } from '../event-definitions/event-converter.js';
import { registryTraitPluginFactory } from '../event-definitions/registry-trait-plugin-factory.js';
import type { TraitPluginFactory } from '@ceilometer-ts/jsonpath';
import { BUNDLED_EVENT_DEFINITIONS_FILE, DEFAULT_METER_DEFINITIONS_DIRS } from '../meter/bundled.js';
import { MeterDefinitions } from '../meter/meter-definitions.js';
import type { EventConverterLike, MeterDefinitionsLike } from './types.js';

/** Options of {@link configuredDefinitionLoaders}. */
export interface DefinitionLoadersOptions {
  readonly config: ConfigView;
  readonly logger?: Logger;
  readonly registry?: PluginRegistryLike;
}

/** The two loaders the processing loader calls on start and on every reload. */
export interface DefinitionLoaders {
  readonly loadMeterDefinitions: () => Promise<MeterDefinitionsLike>;
  readonly loadEventConverter: () => Promise<EventConverterLike>;
}

function opt<T>(config: ConfigView, group: string, name: string, fallback: T): T {
  if (!config.has(group, name)) return fallback;
  return config.get<T | undefined>(group, name) ?? fallback;
}

/** Resolves `[event] definitions_cfg_file` as upstream: as given, next to the config files, else the bundled default. */
export function resolveEventDefinitionsFile(config: ConfigView): string {
  const name = opt(config, 'event', 'definitions_cfg_file', 'event_definitions.yaml');
  if (existsSync(name)) return name;
  const found = config.findFile(name);
  if (found) return found;
  if (basename(name) === basename(BUNDLED_EVENT_DEFINITIONS_FILE)) return BUNDLED_EVENT_DEFINITIONS_FILE;
  throw new ConfigError([{ file: config.files.at(-1) ?? 'ceilometer.conf', path: 'event.definitions_cfg_file', message: `event definitions file "${name}" not found` }]);
}

/** Loaders reading the configured files; trait plugins are looked up once per load. */
export function configuredDefinitionLoaders(options: DefinitionLoadersOptions): DefinitionLoaders {
  const { config } = options;
  const logger = options.logger ?? silentLogger;
  const traitPlugins = (): Promise<TraitPluginFactory> => registryTraitPluginFactory({ logger, ...(options.registry ? { registry: options.registry } : {}) });
  return {
    loadMeterDefinitions: async () => {
      const dirs = opt<readonly string[]>(config, 'meter', 'meter_definitions_dirs', DEFAULT_METER_DEFINITIONS_DIRS);
      const sampleSource = opt<string | undefined>(config, 'DEFAULT', 'sample_source', undefined);
      const definitions = MeterDefinitions.loadFromDirs(dirs, { logger, traitPlugins: await traitPlugins(), ...(sampleSource ? { sampleSource } : {}) });
      logger.info({ dirs, skipped: definitions.issues.length }, 'meter definitions loaded');
      return definitions;
    },
    loadEventConverter: async () => {
      const file = resolveEventDefinitionsFile(config);
      const converter = EventConverter.load(file, {
        dropUnmatched: opt(config, 'event', 'drop_unmatched_notifications', false),
        storeRaw: opt<readonly string[]>(config, 'event', 'store_raw', []),
        traitPlugins: await traitPlugins(),
        logger,
      });
      logger.info({ file }, 'event definitions loaded');
      return converter;
    },
  };
}
