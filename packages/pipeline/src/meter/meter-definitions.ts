/**
 * Upstream's `ProcessMeterNotifications` definitions: every meters.yaml file of
 * `[meter] meter_definitions_dirs`, turning notifications into samples.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLocatedYaml, type LocatedYaml } from '@ceilometer-ts/located-yaml';
import {
  ConfigError, DEFAULT_SAMPLE_SOURCE, compareCodePoints, isPyDict, silentLogger, type ConfigIssue, type Logger, type Sample,
} from '@ceilometer-ts/sdk';
import { DefinitionError, noTraitPlugins, type TraitPluginFactory } from '@ceilometer-ts/jsonpath';
import { MeterDefinition } from './meter-definition.js';
import { notificationBody, type Notification } from './notification.js';
import { DEFAULT_RESERVED_METADATA, type ReservedMetadataOptions } from './reserved-metadata.js';
import { sampleFromValues } from './sample-from-values.js';

/** How meter definitions are loaded and what samples they make. */
export interface MeterDefinitionsOptions {
  readonly logger?: Logger;
  /** Plugins for `plugin:` fields (`timedelta`); without it such definitions are reported and skipped. */
  readonly traitPlugins?: TraitPluginFactory;
  /** `[DEFAULT] sample_source`; default `openstack`. */
  readonly sampleSource?: string;
  /** `[DEFAULT] reserved_metadata_*`. */
  readonly reservedMetadata?: ReservedMetadataOptions;
  /** Throw a ConfigError listing every bad definition instead of skipping them (reload checks, `ceilometer-status`). */
  readonly strict?: boolean;
}

/** One source file of definitions. */
interface DefinitionFile {
  readonly file: string;
  readonly text: string;
}

const MATCH_CACHE_LIMIT = 2048;

/** The loaded meter definitions. */
export class MeterDefinitions {
  /** Bad definitions that were skipped, each located as `file:line: metric[i].field`. */
  readonly issues: readonly ConfigIssue[];
  readonly #definitions: readonly MeterDefinition[];
  readonly #logger: Logger;
  readonly #source: string;
  readonly #byEventType = new Map<string, readonly MeterDefinition[]>();

  private constructor(definitions: readonly MeterDefinition[], issues: readonly ConfigIssue[], options: MeterDefinitionsOptions) {
    this.#definitions = definitions;
    this.issues = issues;
    this.#logger = options.logger ?? silentLogger;
    this.#source = options.sampleSource || DEFAULT_SAMPLE_SOURCE;
  }

  /**
   * Loads every `*.yaml` of each directory (sorted, directories in the given order; missing ones are
   * skipped). A meter name defined twice keeps the first file's definition, and within a file the
   * last one, as upstream.
   * @throws ConfigError for a file that cannot be read or parsed, or has no `metric` list; with
   * `strict`, also for bad definitions (which are otherwise logged, skipped and listed in `issues`).
   */
  static loadFromDirs(dirs: readonly string[], options: MeterDefinitionsOptions = {}): MeterDefinitions {
    const files: DefinitionFile[] = [];
    for (const dir of dirs) {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
      const names = readdirSync(dir).filter((n) => n.endsWith('.yaml') && !n.startsWith('.')).sort(compareCodePoints);
      for (const name of names) {
        const path = join(dir, name);
        if (!statSync(path).isFile()) continue;
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (err) {
          throw new ConfigError([{ file: path, path: '(file)', message: `cannot read: ${(err as Error).message}` }], { cause: err });
        }
        files.push({ file: path, text });
      }
    }
    return MeterDefinitions.#build(files, options);
  }

  /** Definitions from one document's text (`file` names it in issues). */
  static fromText(text: string, file: string, options: MeterDefinitionsOptions = {}): MeterDefinitions {
    return MeterDefinitions.#build([{ file, text }], options);
  }

  static #build(files: readonly DefinitionFile[], options: MeterDefinitionsOptions): MeterDefinitions {
    const logger = options.logger ?? silentLogger;
    const ctx = {
      plugins: options.traitPlugins ?? noTraitPlugins,
      reservedMetadata: options.reservedMetadata ?? DEFAULT_RESERVED_METADATA,
      onUnevenLookup: (meter: string, field: string, found: number, expected: number) =>
        logger.warn({ meter }, `Only ${found} fetched meters contain "${field}" field instead of ${expected}.`),
    };
    const byName = new Map<unknown, MeterDefinition>();
    const issues: ConfigIssue[] = [];
    for (const { file, text } of files) {
      const yaml = parseLocatedYaml(text, file);
      const metric = isPyDict(yaml.value) ? yaml.value['metric'] : undefined;
      if (!Array.isArray(metric)) throw new ConfigError([yaml.issue(['metric'], 'expected a "metric" list of meter definitions')]);
      for (let i = metric.length - 1; i >= 0; i--) {
        const cfg: unknown = metric[i];
        if (!isPyDict(cfg)) {
          issues.push(report(yaml, logger, i, [], 'a meter definition must be a mapping'));
          continue;
        }
        if (byName.has(cfg['name'])) {
          logger.warn({ file, meter: cfg['name'] }, `Skipping duplicate meter definition ${String(cfg['name'])} (${file}:${yaml.lineOf(['metric', i]) ?? '?'})`);
          continue;
        }
        try {
          byName.set(cfg['name'], new MeterDefinition(cfg, ctx));
        } catch (err) {
          if (!(err instanceof DefinitionError)) throw err;
          issues.push(report(yaml, logger, i, err.path, err.message));
        }
      }
    }
    if (options.strict && issues.length > 0) throw new ConfigError(issues);
    return new MeterDefinitions([...byName.values()], issues, options);
  }

  /** The definitions in evaluation order. */
  get definitions(): readonly MeterDefinition[] {
    return this.#definitions;
  }

  /** True when any definition's event_type matches (cheap pre-filter, cached per event type). */
  matches(eventType: string): boolean {
    return this.#matching(eventType).length > 0;
  }

  /**
   * The samples a notification makes, definition after definition. A definition that fails on this
   * notification (unparseable timestamp, plugin refusing a list, ...) is logged and yields nothing;
   * the other definitions still apply (upstream lost the whole notification).
   */
  toSamples(notification: Notification): Sample[] {
    const defs = this.#matching(notification.event_type);
    if (defs.length === 0) return [];
    const body = notificationBody(notification);
    const out: Sample[] = [];
    for (const def of defs) {
      try {
        for (const values of def.toSampleValues(body)) out.push(sampleFromValues(values, body, this.#source));
      } catch (err) {
        this.#logger.warn(
          { meter: def.name, event_type: notification.event_type, message_id: notification.message_id, err },
          `meter ${String(def.name)}: cannot build samples from ${notification.event_type} notification ${notification.message_id}: ${(err as Error).message}`,
        );
      }
    }
    return out;
  }

  #matching(eventType: string): readonly MeterDefinition[] {
    let defs = this.#byEventType.get(eventType);
    if (!defs) {
      defs = this.#definitions.filter((d) => d.matchType(eventType));
      if (this.#byEventType.size >= MATCH_CACHE_LIMIT) this.#byEventType.clear();
      this.#byEventType.set(eventType, defs);
    }
    return defs;
  }
}

function report(yaml: LocatedYaml, logger: Logger, index: number, path: readonly (string | number)[], message: string): ConfigIssue {
  const issue = yaml.issue(['metric', index, ...path], message);
  logger.error({ file: issue.file, line: issue.line, path: issue.path }, `Error loading meter definition: ${issue.file}:${issue.line ?? '?'}: ${issue.path}: ${message}`);
  return issue;
}
