/**
 * Loads and validates pipeline.yaml (samples) and event_pipeline.yaml (events) with upstream's
 * schema and checks (`PipelineManager.__init__`), collecting every issue instead of stopping at
 * the first, each located as `file:line: path`.
 */
import { readFile } from 'node:fs/promises';
import { formatYamlPath, parseLocatedYaml, type LocatedYaml, type YamlPathSegment as PathStep } from '@ceilometer-ts/located-yaml';
import { ConfigError, didYouMean, type ConfigIssue } from '@ceilometer-ts/sdk';
import {
  isRecord,
  yamlType,
  type CheckContext,
  type PipelineConfig,
  type PipelineKind,
  type PipelineLink,
  type SinkConfig,
  type SourceConfig,
} from './config-types.js';
import { checkSink } from './sink-config.js';
import { checkSource, type CheckedSource } from './source-config.js';

/** How to read one pipeline file. */
export interface PipelineConfigOptions {
  readonly kind: PipelineKind;
  /** Name used in issues; for files, the path as configured. */
  readonly file: string;
}

/** Outcome of validation: `config` is set only when `issues` is empty. */
export interface PipelineConfigCheck {
  readonly config?: PipelineConfig;
  readonly issues: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
}

/** Validates pipeline YAML text; a pure function (no logging, no throwing). */
export function checkPipelineConfig(text: string, options: PipelineConfigOptions): PipelineConfigCheck {
  let yaml: LocatedYaml;
  try {
    yaml = parseLocatedYaml(text, options.file);
  } catch (err) {
    if (err instanceof ConfigError) return { issues: err.issues, warnings: [] };
    throw err;
  }
  const ctx: CheckContext = { yaml, kind: options.kind, issues: [], warnings: [] };
  const root = yaml.value;

  if (!isRecord(root) || !('sources' in root) || !('sinks' in root)) {
    ctx.issues.push(yaml.issue([], 'Both sources & sinks are required'));
    return { issues: ctx.issues, warnings: ctx.warnings };
  }
  for (const key of Object.keys(root)) {
    if (key !== 'sources' && key !== 'sinks') ctx.warnings.push(yaml.issue([key], `unknown key, ignored${didYouMean(key, ['sources', 'sinks'])}`));
  }

  const sources = checkSources(ctx, root.sources);
  if (Array.isArray(root.sources) && root.sources.length === 0) {
    // upstream accepts it silently; a pipeline file that publishes nothing deserves one line saying so
    ctx.warnings.push(yaml.issue(['sources'], `no sources: no ${options.kind === 'event' ? 'event' : 'sample'} will be published through this file`));
  }
  const sinks = checkSinks(ctx, root.sinks);
  const pipelines = linkPipelines(ctx, sources, sinks);

  if (ctx.issues.length) return { issues: byLine(ctx.issues), warnings: byLine(ctx.warnings) };
  const config: PipelineConfig = {
    kind: options.kind,
    file: options.file,
    sources: sources.map((s) => s.config).filter((s): s is SourceConfig => s !== undefined),
    sinks: [...sinks.valid.values()],
    pipelines,
    warnings: byLine(ctx.warnings),
  };
  return { config: Object.freeze(config), issues: [], warnings: config.warnings };
}

/** Issues in file order (a stable sort: same-line issues keep the order they were found). */
function byLine(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** Validates pipeline YAML text and returns the config, or throws one ConfigError with every issue. */
export function parsePipelineConfig(text: string, options: PipelineConfigOptions): PipelineConfig {
  const result = checkPipelineConfig(text, options);
  if (!result.config) throw new ConfigError(result.issues);
  return result.config;
}

/** Reads and validates a pipeline file; an unreadable file is a ConfigError too. */
export async function loadPipelineConfigFile(path: string, kind: PipelineKind, displayName = path): Promise<PipelineConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ file: displayName, path: '(root)', message: `cannot read ${kind} pipeline file: ${reason}` }], { cause: err });
  }
  return parsePipelineConfig(text, { kind, file: displayName });
}

function checkSources(ctx: CheckContext, value: unknown): CheckedSource[] {
  if (!Array.isArray(value)) {
    ctx.issues.push(ctx.yaml.issue(['sources'], `expected a list of sources, got ${yamlType(value)}`));
    return [];
  }
  const seen = new Set<string>();
  const checked = value.map((raw: unknown, i) => {
    const source = checkSource(ctx, raw, i);
    if (source.name !== undefined) {
      if (seen.has(source.name)) {
        ctx.issues.push(ctx.yaml.issue(['sources', i, 'name'], `Duplicated source names: ${source.name}`));
        return { ...source, config: undefined }; // not linked: its pipelines would only repeat the error
      }
      seen.add(source.name);
    }
    return source;
  });
  const pollingKeys = checked.flatMap((s) => s.pollingKeys);
  const first = pollingKeys[0];
  if (first) {
    const keys = [...new Set(pollingKeys.map((p) => String(p[p.length - 1])))].join(', ');
    const more = pollingKeys.length > 1 ? ` (${pollingKeys.length} places: ${pollingKeys.map((p) => formatYamlPath(p)).join(', ')})` : '';
    ctx.warnings.push(
      ctx.yaml.issue(first, `ignored: ${keys} belong in polling.yaml, not in the pipeline definition${more}`),
    );
  }
  return checked;
}

/** Valid sinks by name, and every name declared (a source naming an invalid sink is not dangling). */
interface CheckedSinks {
  readonly valid: Map<string, SinkConfig>;
  readonly declared: Set<string>;
}

function checkSinks(ctx: CheckContext, value: unknown): CheckedSinks {
  const sinks = new Map<string, SinkConfig>();
  const seen = new Set<string>();
  if (!Array.isArray(value)) {
    ctx.issues.push(ctx.yaml.issue(['sinks'], `expected a list of sinks, got ${yamlType(value)}`));
    return { valid: sinks, declared: seen };
  }
  value.forEach((raw: unknown, i) => {
    const sink = checkSink(ctx, raw, i);
    if (sink.name === undefined) return;
    if (seen.has(sink.name)) ctx.issues.push(ctx.yaml.issue(['sinks', i, 'name'], `Duplicated sink names: ${sink.name}`));
    seen.add(sink.name);
    if (sink.config && !sinks.has(sink.name)) sinks.set(sink.name, sink.config);
  });
  return { valid: sinks, declared: seen };
}

function linkPipelines(ctx: CheckContext, sources: readonly CheckedSource[], sinks: CheckedSinks): PipelineLink[] {
  const names = new Set<string>();
  const links: PipelineLink[] = [];
  sources.forEach((checked, i) => {
    const source = checked.config;
    if (!source) return;
    source.sinks.forEach((sinkName, j) => {
      const at: PathStep[] = ['sources', i, 'sinks', j];
      if (!sinks.declared.has(sinkName)) {
        ctx.issues.push(ctx.yaml.issue(at, `Dangling sink ${sinkName} from source ${source.name}`));
        return;
      }
      const sink = sinks.valid.get(sinkName);
      if (!sink) return; // the sink itself is invalid and already reported
      const base = source.name === sink.name ? source.name : `${source.name}:${sink.name}`;
      const name = ctx.kind === 'event' ? `event:${base}` : base;
      if (names.has(name)) {
        ctx.issues.push(
          ctx.yaml.issue(at, `Duplicate pipeline name: ${name}. Ensure pipeline names are unique. (name is the source and sink names combined)`),
        );
        return;
      }
      names.add(name);
      links.push({ name, source, sink });
    });
  });
  return links;
}
