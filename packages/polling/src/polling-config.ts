/**
 * polling.yaml: loading and validation with upstream's rules (`PollingManager`, `PollingSource`
 * and `agent.Source` in ceilometer), upstream's messages, and every issue located as
 * `polling.yaml:12: sources[1].interval: ...`. All issues are collected and thrown as one ConfigError.
 */
import { existsSync } from 'node:fs';
import { ConfigError, didYouMean, type ConfigIssue } from '@ceilometer-ts/sdk';
import { loadLocatedYaml, parseLocatedYaml, type LocatedYaml, type YamlPath } from '@ceilometer-ts/located-yaml';
import { checkSourceFiltering } from './meter-matcher.js';

/** One validated polling source, as written in polling.yaml. */
export interface PollingSourceConfig {
  readonly name: string;
  /** Seconds between two cycles. */
  readonly interval: number;
  /** Meter selection: names, globs, `*` and `!exclusions`. */
  readonly meters: readonly string[];
  /** Static resources (`snmp://10.0.0.5`). */
  readonly resources: readonly string[];
  /** Discoveries, `name` or `name:param`. */
  readonly discovery: readonly string[];
}

/** A validated polling.yaml. */
export interface PollingConfig {
  /** The file it came from (as named in issues). */
  readonly file: string;
  readonly sources: readonly PollingSourceConfig[];
  /** Things upstream accepts silently but an operator probably wants to know. */
  readonly warnings: readonly ConfigIssue[];
}

const SOURCE_KEYS = new Set(['name', 'interval', 'meters', 'resources', 'discovery', 'group_id_coordination_expression']);
const PY_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** Validates a parsed polling.yaml; returns the config, or throws ConfigError with every issue. */
export function validatePollingConfig(doc: LocatedYaml): PollingConfig {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const root = doc.value;
  const sources: PollingSourceConfig[] = [];
  if (!isRecord(root) || !('sources' in root)) {
    issues.push(doc.issue([], 'sources required'));
  } else if (!Array.isArray(root.sources)) {
    issues.push(doc.issue(['sources'], `sources required: expected a list of sources, got ${describe(root.sources)}`));
  } else if (root.sources.length === 0) {
    // upstream accepts it silently; an agent that polls nothing deserves one line saying so
    warnings.push(doc.issue(['sources'], 'no sources: nothing will be polled (the agent keeps running; add sources and send SIGHUP to reload)'));
  } else {
    const seen = new Map<string, number>();
    root.sources.forEach((raw: unknown, index: number) => {
      const source = validateSource(doc, raw, index, issues, warnings);
      if (!source) return;
      const previous = seen.get(source.name);
      if (previous !== undefined) {
        warnings.push(doc.issue(['sources', index, 'name'], `source name "${source.name}" is also used by sources[${previous}]; their resources and blacklists are shared`));
      } else seen.set(source.name, index);
      sources.push(source);
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { file: doc.file, sources, warnings };
}

/** Parses and validates polling.yaml text. */
export function parsePollingConfig(text: string, file: string): PollingConfig {
  return validatePollingConfig(parseLocatedYaml(text, file));
}

/** Reads, parses and validates a polling.yaml file. */
export async function loadPollingConfig(path: string, displayName?: string): Promise<PollingConfig> {
  return validatePollingConfig(await loadLocatedYaml(path, displayName ? { displayName } : {}));
}

/**
 * Where `[polling] cfg_file` is, as upstream's `load_config`: the path itself when it exists,
 * else oslo.config's `find_file` (next to the config files and in the config dirs).
 */
export function resolvePollingConfigFile(cfgFile: string, findFile?: (name: string) => string | undefined): string {
  if (existsSync(cfgFile)) return cfgFile;
  const found = findFile?.(cfgFile);
  if (found) return found;
  throw new ConfigError([
    { file: cfgFile, path: '[polling] cfg_file', message: 'polling definitions file not found (looked at the path and next to the config files)' },
  ]);
}

function validateSource(doc: LocatedYaml, raw: unknown, index: number, issues: ConfigIssue[], warnings: ConfigIssue[]): PollingSourceConfig | undefined {
  const at = (field?: string | number, ...rest: (string | number)[]): YamlPath =>
    field === undefined ? ['sources', index] : ['sources', index, field, ...rest];
  if (!isRecord(raw)) {
    issues.push(doc.issue(at(), `expected a mapping with name, interval and meters, got ${describe(raw)}`));
    return undefined;
  }
  const count = issues.length;
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : undefined;
  const where = name !== undefined ? ` (source ${name})` : '';
  const add = (path: YamlPath, message: string): void => {
    issues.push(doc.issue(path, message + where));
  };
  if (!('name' in raw)) add(at(), 'Required field name not specified');
  else if (name === undefined) add(at('name'), `Invalid name value: expected a non-empty string, got ${describe(raw.name)}`);

  if (!('meters' in raw)) add(at(), 'Missing meters value');
  const meters = validateStringList(raw.meters, 'meters', at, add);
  if ('meters' in raw && raw.meters === null) add(at('meters'), 'No meters specified');
  else if (meters) {
    const problem = checkSourceFiltering(meters, 'meters');
    if (problem) add(at('meters'), problem);
  }

  let interval = 0;
  if (!('interval' in raw)) add(at(), 'Missing interval value');
  else {
    const parsed = parseInterval(raw.interval);
    if (parsed === undefined) add(at('interval'), `Invalid interval value: expected a positive integer number of seconds, got ${describe(raw.interval)}`);
    else if (parsed <= 0) add(at('interval'), `Interval value should > 0, got ${describe(raw.interval)}`);
    else {
      interval = parsed;
      if (typeof raw.interval === 'number' && !Number.isInteger(raw.interval)) {
        warnings.push(doc.issue(at('interval'), `interval ${raw.interval} truncated to ${parsed} seconds${where}`));
      }
    }
  }

  const resources = optionalList(raw.resources, 'resources', 'Resources should be a list', at, add);
  const discovery = optionalList(raw.discovery, 'discovery', 'Discovery should be a list', at, add);
  for (const key of Object.keys(raw)) {
    if (!SOURCE_KEYS.has(key)) warnings.push(doc.issue(at(key), `unknown field "${key}" is ignored${where}${didYouMean(key, SOURCE_KEYS)}`));
  }
  if (issues.length > count || name === undefined) return undefined;
  return { name, interval, meters: meters ?? [], resources: resources ?? [], discovery: discovery ?? [] };
}

/** Python `int(x)` on what YAML can give: ints, floats (truncated), integer strings. */
function parseInterval(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && PY_INT.test(value)) return Number.parseInt(value.replace(/_/g, '').trim(), 10);
  return undefined;
}

type Add = (path: YamlPath, message: string) => void;
type At = (field?: string | number, ...rest: (string | number)[]) => YamlPath;

/** `resources` and `discovery`: absent, null or empty mean none (upstream's `or []`). */
function optionalList(value: unknown, field: string, notList: string, at: At, add: Add): readonly string[] | undefined {
  if (value === undefined || value === null || value === '' || value === false || value === 0) return [];
  if (!Array.isArray(value)) {
    add(at(field), `${notList}, got ${describe(value)}`);
    return undefined;
  }
  return validateStringList(value, field, at, add);
}

function validateStringList(value: unknown, field: string, at: At, add: Add): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    add(at(field), `expected a list of ${field === 'meters' ? 'meter names' : 'strings'}, got ${describe(value)}`);
    return undefined;
  }
  let ok = true;
  value.forEach((item: unknown, i: number) => {
    if (typeof item !== 'string' || item === '') {
      add(at(field, i), `expected a non-empty string, got ${describe(item)}`);
      ok = false;
    }
  });
  return ok ? (value as string[]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)})`;
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
