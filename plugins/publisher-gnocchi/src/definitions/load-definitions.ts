/**
 * Loads gnocchi_resources.yaml as upstream's `_load_definitions` does: the file named by the URL's
 * `resources_definition_file`, found next to the configuration files, else the copy bundled with
 * this package (upstream's data file). Unlike upstream, which logs a bad resource entry and goes
 * on without it, every problem is collected and thrown as one ConfigError naming file, line and key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPyDict, ConfigError, type ConfigIssue, type ConfigView, type Logger } from '@ceilometer-ts/sdk';
import { parseLocatedYaml, type LocatedYaml } from '@ceilometer-ts/located-yaml';
import { DefinitionError } from '@ceilometer-ts/jsonpath';
import { ResourceDefinition } from './resource-definition.js';

/** Upstream's default file, shipped in this package's `data/`. */
export const BUNDLED_RESOURCES_DEFINITION_FILE = fileURLToPath(new URL('../../data/gnocchi_resources.yaml', import.meta.url));

/** An archive policy as Gnocchi's API takes it (`name`, `definition`, `aggregation_methods`, `back_window`). */
export type ArchivePolicyDefinition = Readonly<Record<string, unknown>> & { readonly name: string };

/** An archive policy rule (ours: `archive_policy_rules` in the file): `name`, `metric_pattern`, `archive_policy_name`. */
export interface ArchivePolicyRuleDefinition {
  readonly name: string;
  readonly metric_pattern: string;
  readonly archive_policy_name: string;
}

/** A loaded definitions file. */
export interface ResourcesDefinitions {
  /** The file read. */
  readonly file: string;
  readonly resources: readonly ResourceDefinition[];
  /** Metric name to its definition (the first definition naming it wins, as upstream's map). */
  readonly metricMap: ReadonlyMap<string, ResourceDefinition>;
  readonly archivePolicies: readonly ArchivePolicyDefinition[];
  readonly archivePolicyRules: readonly ArchivePolicyRuleDefinition[];
  readonly archivePolicyDefault: string;
}

/**
 * Where `name` is: an absolute path, or found next to the config files (oslo's find_file), else
 * the bundled file (warned when the name is not the default one: a typo would go unnoticed).
 */
export function resolveDefinitionsFile(config: ConfigView | undefined, name: string, logger?: Logger): string {
  const found = isAbsolute(name) && existsSync(name) ? name : config?.findFile(name);
  if (found !== undefined) return found;
  if (name !== 'gnocchi_resources.yaml') logger?.warn('resources_definition_file %s not found; using the bundled %s', name, BUNDLED_RESOURCES_DEFINITION_FILE);
  return BUNDLED_RESOURCES_DEFINITION_FILE;
}

/** Reads and compiles `file`. @throws ConfigError with every problem located. */
export function loadResourcesDefinitions(file: string, archivePolicyOverride: string | null, logger?: Logger): ResourcesDefinitions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }], { cause: err });
  }
  return parseResourcesDefinitions(parseLocatedYaml(text, file), archivePolicyOverride, logger);
}

/** Compiles a parsed definitions document. @throws ConfigError with every problem located. */
export function parseResourcesDefinitions(doc: LocatedYaml, archivePolicyOverride: string | null, logger?: Logger): ResourcesDefinitions {
  const issues: ConfigIssue[] = [];
  const data = doc.value ?? {};
  if (!isPyDict(data)) throw new ConfigError([doc.issue([], 'expected a mapping with resources, archive_policies and archive_policy_default')]);
  const fallback = data['archive_policy_default'] ?? 'ceilometer-low';
  if (typeof fallback !== 'string') issues.push(doc.issue(['archive_policy_default'], 'expected an archive policy name'));
  const policy = { fallback: typeof fallback === 'string' ? fallback : 'ceilometer-low', override: archivePolicyOverride };
  const resources: ResourceDefinition[] = [];
  const rawResources = data['resources'] ?? [];
  if (!Array.isArray(rawResources)) issues.push(doc.issue(['resources'], 'expected a list of resource definitions'));
  else {
    rawResources.forEach((entry, i) => {
      try {
        const rd = new ResourceDefinition(entry, policy);
        if (rd.deprecatedArchivePolicy !== undefined) {
          logger?.warn("%s:%d: archive_policy '%s' for a resource-type (%s) is deprecated, set it for each metric instead.", doc.file, doc.lineOf(['resources', i, 'archive_policy']) ?? 0, rd.deprecatedArchivePolicy, rd.resourceType);
        }
        resources.push(rd);
      } catch (err) {
        if (!(err instanceof DefinitionError)) throw err;
        issues.push(doc.issue(['resources', i, ...err.path], err.message));
      }
    });
  }
  const archivePolicies = namedList<ArchivePolicyDefinition>(doc, data, 'archive_policies', ['name'], issues);
  const archivePolicyRules = namedList<ArchivePolicyRuleDefinition>(doc, data, 'archive_policy_rules', ['name', 'metric_pattern', 'archive_policy_name'], issues);
  if (issues.length > 0) throw new ConfigError(issues);
  const metricMap = new Map<string, ResourceDefinition>();
  for (const rd of resources) for (const metric of rd.metrics.keys()) if (!metricMap.has(metric)) metricMap.set(metric, rd);
  return { file: doc.file, resources, metricMap, archivePolicies, archivePolicyRules, archivePolicyDefault: policy.fallback };
}

/** A list of mappings each with string `keys`. */
function namedList<T>(doc: LocatedYaml, data: Readonly<Record<string, unknown>>, key: string, keys: readonly string[], issues: ConfigIssue[]): T[] {
  const raw = data[key] ?? [];
  if (!Array.isArray(raw)) {
    issues.push(doc.issue([key], 'expected a list'));
    return [];
  }
  const out: T[] = [];
  raw.forEach((item, i) => {
    if (!isPyDict(item)) {
      issues.push(doc.issue([key, i], 'expected a mapping'));
      return;
    }
    const missing = keys.find((k) => typeof item[k] !== 'string' || item[k] === '');
    if (missing) issues.push(doc.issue([key, i, missing], `Required field ${missing} not specified (a string)`));
    else out.push(item as T);
  });
  return out;
}
