/**
 * What pipeline.yaml and event_pipeline.yaml hold once validated. Every element keeps where it was
 * written, so problems found later (unknown publisher scheme, unknown transformer) still name
 * `file:line: path`.
 */
import type { ConfigIssue } from '@ceilometer-ts/sdk';
import type { LocatedYaml, YamlPath } from '@ceilometer-ts/located-yaml';

/** `sample` for pipeline.yaml (meters), `event` for event_pipeline.yaml (events). */
export type PipelineKind = 'sample' | 'event';

/** Where an element was written. */
export interface ConfigLocation {
  readonly file: string;
  readonly line?: number;
  /** `sinks[0].publishers[1]` */
  readonly path: string;
}

/** One `transformers:` entry of a sink: name and parameters, kept for the transformer factory. */
export interface TransformerConfig {
  readonly name: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly location: ConfigLocation;
}

/** One `publishers:` entry of a sink. */
export interface PublisherConfig {
  /** The URL as written, with `://` appended to an old-style bare name (`gnocchi` -> `gnocchi://`). */
  readonly url: string;
  /** Lower-cased URL scheme: the entry point name in `ceilometer.<kind>.publisher`. */
  readonly scheme: string;
  readonly location: ConfigLocation;
}

/** A validated source. */
export interface SourceConfig {
  readonly name: string;
  /** `meters` of a sample source, `events` of an event source. */
  readonly patterns: readonly string[];
  readonly sinks: readonly string[];
  readonly location: ConfigLocation;
}

/** A validated sink. */
export interface SinkConfig {
  readonly name: string;
  readonly transformers: readonly TransformerConfig[];
  readonly publishers: readonly PublisherConfig[];
  readonly location: ConfigLocation;
}

/** One (source, sink) pair; `name` is upstream's pipeline name (`source:sink`, `event:` prefixed for events). */
export interface PipelineLink {
  readonly name: string;
  readonly source: SourceConfig;
  readonly sink: SinkConfig;
}

/** A whole validated pipeline file. */
export interface PipelineConfig {
  readonly kind: PipelineKind;
  readonly file: string;
  readonly sources: readonly SourceConfig[];
  readonly sinks: readonly SinkConfig[];
  readonly pipelines: readonly PipelineLink[];
  /** Accepted but questionable content (polling keys, unknown keys). */
  readonly warnings: readonly ConfigIssue[];
}

/** Shared state of one validation pass. */
export interface CheckContext {
  readonly yaml: LocatedYaml;
  readonly kind: PipelineKind;
  readonly issues: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

/** Location of `path` in the file being checked. */
export function locate(ctx: CheckContext, path: YamlPath): ConfigLocation {
  const issue = ctx.yaml.issue(path, '');
  return { file: issue.file, line: issue.line, path: issue.path };
}

/** Names a JS value's YAML type in messages. */
export function yamlType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** True for a YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
