/**
 * Checks one `sinks:` entry with upstream's rules and messages (`Sink`, rocky's transformer setup).
 */
import {
  isRecord,
  locate,
  yamlType,
  type CheckContext,
  type PublisherConfig,
  type SinkConfig,
  type TransformerConfig,
} from './config-types.js';
import type { YamlPathSegment as PathStep } from '@ceilometer-ts/located-yaml';
import { didYouMean, redactUrl } from '@ceilometer-ts/sdk';
import { readName } from './source-config.js';

const KNOWN_KEYS = ['name', 'publishers', 'transformers'];
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** Result of checking one sink. */
export interface CheckedSink {
  readonly name?: string;
  readonly config?: SinkConfig;
}

/** Checks `sinks[index]`. */
export function checkSink(ctx: CheckContext, raw: unknown, index: number): CheckedSink {
  const at: PathStep[] = ['sinks', index];
  if (!isRecord(raw)) {
    ctx.issues.push(ctx.yaml.issue(at, `expected a mapping with name and publishers, got ${yamlType(raw)}`));
    return {};
  }
  const name = readName(ctx, raw, at);
  const transformers = readTransformers(ctx, raw.transformers, [...at, 'transformers']);
  const publishers = readPublishers(ctx, raw.publishers, [...at, 'publishers']);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) ctx.warnings.push(ctx.yaml.issue([...at, key], `unknown key, ignored${didYouMean(key, KNOWN_KEYS)}`));
  }
  if (ctx.kind === 'event' && transformers && transformers.length > 0) {
    ctx.warnings.push(ctx.yaml.issue([...at, 'transformers'], 'event sinks do not run transformers; ignored'));
  }
  const config =
    name !== undefined && transformers && publishers
      ? { name, transformers: ctx.kind === 'event' ? [] : transformers, publishers, location: locate(ctx, at) }
      : undefined;
  return { name, config };
}

function readPublishers(ctx: CheckContext, value: unknown, at: PathStep[]): PublisherConfig[] | undefined {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    ctx.issues.push(ctx.yaml.issue(at, 'No publisher specified'));
    return undefined;
  }
  if (!Array.isArray(value)) {
    ctx.issues.push(ctx.yaml.issue(at, `expected a list of publisher URLs, got ${yamlType(value)}`));
    return undefined;
  }
  let ok = true;
  const out: PublisherConfig[] = [];
  value.forEach((item: unknown, i) => {
    const path = [...at, i];
    if (typeof item !== 'string' || item.trim() === '') {
      ok = false;
      ctx.issues.push(ctx.yaml.issue(path, `expected a publisher URL, got ${yamlType(item)}`));
      return;
    }
    // Old format: a bare publisher name means `name://`.
    const url = item.includes('://') ? item : `${item}://`;
    const scheme = url.slice(0, url.indexOf('://'));
    if (!SCHEME.test(scheme) || !URL.canParse(url)) {
      ok = false;
      ctx.issues.push(ctx.yaml.issue(path, `invalid publisher URL "${redactUrl(item)}"`));
      return;
    }
    out.push({ url, scheme: scheme.toLowerCase(), location: locate(ctx, path) });
  });
  return ok ? out : undefined;
}

function readTransformers(ctx: CheckContext, value: unknown, at: PathStep[]): TransformerConfig[] | undefined {
  // It is legal to have no transformer, and the seed deployment writes an empty `transformers:`.
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    ctx.issues.push(ctx.yaml.issue(at, `expected a list of transformers, got ${yamlType(value)}`));
    return undefined;
  }
  let ok = true;
  const out: TransformerConfig[] = [];
  value.forEach((item: unknown, i) => {
    const path = [...at, i];
    if (!isRecord(item)) {
      ok = false;
      ctx.issues.push(ctx.yaml.issue(path, `expected a mapping with name and parameters, got ${yamlType(item)}`));
      return;
    }
    const name = readName(ctx, item, path);
    const parameters = item.parameters ?? {};
    if (!isRecord(parameters)) {
      ok = false;
      ctx.issues.push(ctx.yaml.issue([...path, 'parameters'], `expected a mapping, got ${yamlType(parameters)}`));
      return;
    }
    for (const key of Object.keys(item)) {
      if (key !== 'name' && key !== 'parameters') ctx.warnings.push(ctx.yaml.issue([...path, key], `unknown key, ignored${didYouMean(key, ['name', 'parameters'])}`));
    }
    if (name === undefined) ok = false;
    else out.push({ name, parameters: Object.freeze({ ...parameters }), location: locate(ctx, path) });
  });
  return ok ? out : undefined;
}
