/**
 * Checks one `sources:` entry with upstream's rules and messages (`PipelineSource`, `SampleSource`,
 * `EventSource`). The cross-checks (unique names, dangling sinks) live in pipeline-config.ts.
 */
import { didYouMean } from '@ceilometer-ts/sdk';
import { isRecord, locate, yamlType, type CheckContext, type SourceConfig } from './config-types.js';
import { checkSourceFiltering } from './name-patterns.js';
import type { YamlPathSegment as PathStep } from '@ceilometer-ts/located-yaml';

/** Keys that older releases put in pipeline.yaml sources and that now belong in polling.yaml. */
export const POLLING_SOURCE_KEYS = ['resources', 'discovery', 'interval'] as const;

const KNOWN_KEYS: Record<string, readonly string[]> = {
  sample: ['name', 'meters', 'sinks', ...POLLING_SOURCE_KEYS],
  event: ['name', 'events', 'sinks'],
};

/** Result of checking one source: the parts that were valid, even when others were not. */
export interface CheckedSource {
  readonly name?: string;
  readonly config?: SourceConfig;
  /** Source keys that belong in polling.yaml (path of each), for the one warning per file. */
  readonly pollingKeys: readonly (readonly PathStep[])[];
}

/** Reads a name field as upstream does (`cfg['name']`), accepting numbers as YAML may type them. */
export function readName(ctx: CheckContext, raw: Record<string, unknown>, at: readonly PathStep[]): string | undefined {
  const name = raw.name;
  if (name === undefined || name === null || name === '') {
    ctx.issues.push(ctx.yaml.issue([...at, 'name'], 'Required field name not specified'));
    return undefined;
  }
  if (typeof name === 'string') return name;
  if (typeof name === 'number' || typeof name === 'boolean') return String(name);
  ctx.issues.push(ctx.yaml.issue([...at, 'name'], `expected a string, got ${yamlType(name)}`));
  return undefined;
}

/** Reads a list of strings; pushes an issue per bad element and returns undefined if any is bad. */
export function readStringList(ctx: CheckContext, value: unknown, at: readonly PathStep[], what: string): string[] | undefined {
  if (!Array.isArray(value)) {
    ctx.issues.push(ctx.yaml.issue(at, `expected a list of ${what}, got ${yamlType(value)}`));
    return undefined;
  }
  let ok = true;
  const out: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item === 'string' && item !== '') out.push(item);
    else {
      ok = false;
      ctx.issues.push(ctx.yaml.issue([...at, i], item === '' ? `empty ${what.replace(/s$/, '')}` : `expected a string, got ${yamlType(item)}`));
    }
  });
  return ok ? out : undefined;
}

/** Checks `sources[index]`. */
export function checkSource(ctx: CheckContext, raw: unknown, index: number): CheckedSource {
  const at: PathStep[] = ['sources', index];
  if (!isRecord(raw)) {
    ctx.issues.push(ctx.yaml.issue(at, `expected a mapping with name, ${patternKey(ctx)} and sinks, got ${yamlType(raw)}`));
    return { pollingKeys: [] };
  }
  const name = readName(ctx, raw, at);
  const sinks = readSinkNames(ctx, raw, at, name);
  const patterns = readPatterns(ctx, raw, at);

  const pollingKeys: PathStep[][] = [];
  for (const key of Object.keys(raw)) {
    if (ctx.kind === 'sample' && (POLLING_SOURCE_KEYS as readonly string[]).includes(key)) pollingKeys.push([...at, key]);
    else if (!KNOWN_KEYS[ctx.kind]?.includes(key)) ctx.warnings.push(ctx.yaml.issue([...at, key], `unknown key, ignored${didYouMean(key, KNOWN_KEYS[ctx.kind] ?? [])}`));
  }

  const config = name !== undefined && sinks && patterns ? { name, patterns, sinks, location: locate(ctx, at) } : undefined;
  return { name, config, pollingKeys };
}

function patternKey(ctx: CheckContext): 'meters' | 'events' {
  return ctx.kind === 'sample' ? 'meters' : 'events';
}

function readSinkNames(ctx: CheckContext, raw: Record<string, unknown>, at: PathStep[], name: string | undefined): string[] | undefined {
  if (!('sinks' in raw)) {
    ctx.issues.push(ctx.yaml.issue(at, 'Required field sinks not specified'));
    return undefined;
  }
  const value = raw.sinks ?? [];
  const sinks = readStringList(ctx, value, [...at, 'sinks'], 'sink names');
  if (sinks && sinks.length === 0) {
    ctx.issues.push(ctx.yaml.issue([...at, 'sinks'], `No sink defined in source ${name ?? `#${at[1]}`}`));
    return undefined;
  }
  return sinks;
}

function readPatterns(ctx: CheckContext, raw: Record<string, unknown>, at: PathStep[]): string[] | undefined {
  const key = patternKey(ctx);
  const path = [...at, key];
  // Upstream: a sample source without `meters` is its own error; an event source's missing
  // `events` falls through to "No events specified".
  if (ctx.kind === 'sample' && !(key in raw)) {
    ctx.issues.push(ctx.yaml.issue(at, 'Missing meters value'));
    return undefined;
  }
  const value = raw[key] ?? [];
  const patterns = readStringList(ctx, value, path, key === 'meters' ? 'meter names' : 'event types');
  if (!patterns) return undefined;
  const broken = checkSourceFiltering(patterns, key);
  if (broken) {
    ctx.issues.push(ctx.yaml.issue(path, broken));
    return undefined;
  }
  return patterns;
}
