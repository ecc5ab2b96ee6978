/**
 * One dynamic pollster definition, checked once at load with upstream's keys, defaults and rules
 * (`PollsterDefinitions` and its subclasses in dynamic_pollster.py). A problem is a ConfigIssue
 * naming the file, the line of the key and the key; the builder skips that definition.
 */
import { SAMPLE_TYPES, type ConfigIssue, type SampleType } from '@ceilometer-ts/sdk';
import type { LocatedYaml, YamlPath } from '@ceilometer-ts/located-yaml';
import { AttributePath } from './attribute-path.js';
import { RESPONSE_HANDLER_NAMES, type ResponseHandlerName } from './response-handlers.js';
import { ValueMapper } from './value-mapper.js';
import { AuthenticatorSpec } from './authenticator.js';

/** `name`: dotted words, optionally ending in a `.{attribute}` placeholder (multi-metric). */
const NAME_PATTERN = /^([\w-]+)(\.[\w-]+)*(\.\{[\w-]+\})?$/;
const MULTI_NAME_PATTERN = /^.*(\.\{(\w+)\})$/;
/** Multi-metric `value_attribute`: `[list_key].field[.field...]`. */
const MULTI_VALUE_PATTERN = /^(\[(\w+)\])((\.\w+)+)$/;

/** How samples are gathered. */
export type GathererKind = 'openstack' | 'non-openstack' | 'host-command';

/** The multi-metric parts of a `name: a.b.{attr}` definition. */
export interface MultiMetric {
  /** `{attr}`, replaced in the name by each sub-sample's attribute. */
  readonly placeholder: string;
  /** `attr`, read from each element for its name. */
  readonly subMetricAttribute: AttributePath;
  /** The list the value attribute names (`[categories]`). */
  readonly listKey: string;
  /** The field read in each element (`.ops` → `ops`). */
  readonly valueField: AttributePath;
}

/** A checked definition. */
export interface DynamicPollsterDefinition {
  readonly file: string;
  readonly line: number | undefined;
  readonly name: string;
  readonly sampleType: SampleType;
  readonly unit: string;
  readonly kind: GathererKind;
  readonly valueAttribute: AttributePath;
  readonly multiMetric: MultiMetric | null;
  readonly endpointType: string | null;
  readonly urlPath: string | null;
  readonly hostCommand: string | null;
  readonly metadataFields: readonly AttributePath[] | null;
  readonly valueMapper: ValueMapper;
  readonly metadataMapping: Readonly<Record<string, string>>;
  readonly preserveMappedMetadata: boolean;
  readonly responseEntriesKey: AttributePath | null;
  readonly nextSampleUrlAttribute: AttributePath | null;
  readonly userIdAttribute: AttributePath;
  readonly projectIdAttribute: AttributePath;
  readonly resourceIdAttribute: AttributePath;
  readonly headers: Readonly<Record<string, string>> | null;
  readonly timeoutSeconds: number;
  readonly extraMetadataFieldsCacheSeconds: number;
  readonly extraMetadataFields: readonly DynamicPollsterDefinition[];
  readonly extraMetadataFieldsSkip: readonly Readonly<Record<string, unknown>>[];
  readonly responseHandlers: readonly ResponseHandlerName[];
  readonly baseMetadata: Readonly<Record<string, unknown>>;
  readonly namespaces: readonly string[];
  /** Non-OpenStack variant. */
  readonly authenticator: AuthenticatorSpec | null;
  readonly barbicanSecretId: string;
  readonly authenticationParameters: string;
}

/** Every key upstream reads (plus `namespaces`, which the manager reads). */
export const DEFINITION_KEYS = [
  'name', 'sample_type', 'unit', 'value_attribute', 'value', 'endpoint_type', 'url_path', 'metadata_fields', 'skip_sample_values',
  'value_mapping', 'default_value', 'metadata_mapping', 'preserve_mapped_metadata', 'response_entries_key',
  'next_sample_url_attribute', 'user_id_attribute', 'resource_id_attribute', 'project_id_attribute', 'headers', 'timeout',
  'extra_metadata_fields_cache_seconds', 'extra_metadata_fields', 'extra_metadata_fields_skip', 'response_handlers',
  'base_metadata', 'namespaces', 'module', 'authentication_object', 'barbican_secret_id', 'authentication_parameters', 'host_command',
] as const;

type Raw = Readonly<Record<string, unknown>>;

/** Where the definition sits in its file, for issues. */
export interface DefinitionSource {
  readonly yaml: LocatedYaml;
  readonly path: YamlPath;
}

/** What a nested `extra_metadata_fields` entry inherits from its parent (upstream's `setdefault`s). */
interface Inherited {
  readonly sampleType: unknown;
  readonly unit: unknown;
  readonly valueAttribute: unknown;
  readonly extraMetadataFieldsSkip: unknown;
  readonly cacheSeconds: number;
}

/** Issues collected while checking one definition. */
class Checker {
  readonly issues: ConfigIssue[] = [];
  constructor(private readonly source: DefinitionSource) {}
  issue(key: string | YamlPath, message: string): void {
    const path = typeof key === 'string' ? [...this.source.path, key] : [...this.source.path, ...key];
    this.issues.push(this.source.yaml.issue(path, message));
  }
  path(source: string, key: string): AttributePath | null {
    try {
      return AttributePath.compile(source);
    } catch (err) {
      this.issue(key, `invalid attribute path "${source}": ${(err as Error).message}`);
      return null;
    }
  }
}

const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Upstream's `validate_missing` counts falsy values as missing. */
const present = (v: unknown): boolean =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0));

/**
 * Checks one definition; returns it, or the issues (file, line, key) that make it unusable.
 * `inherited` is set for the entries of a parent's `extra_metadata_fields`.
 */
export function checkDefinition(raw: unknown, source: DefinitionSource, inherited?: Inherited): DynamicPollsterDefinition | readonly ConfigIssue[] {
  const c = new Checker(source);
  if (!isRecord(raw)) {
    c.issue([], 'a dynamic pollster definition must be a mapping');
    return c.issues;
  }
  const get = (key: string): unknown => raw[key];
  const str = (key: string, fallback: string | null = null): string | null => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    c.issue(key, `must be a string, got ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
    return fallback;
  };
  const hostCommand = present(get('host_command')) ? str('host_command') : null;
  const module = present(get('module')) ? str('module') : null;
  const kind: GathererKind = hostCommand ? 'host-command' : module ? 'non-openstack' : 'openstack';

  const name = str('name');
  const multiMatch = name ? MULTI_NAME_PATTERN.exec(name) : null;
  const required = ['name', 'sample_type', 'unit', 'value_attribute'];
  if (kind === 'openstack') required.push('endpoint_type', 'url_path');
  if (kind === 'non-openstack') required.push('url_path', 'authentication_object');
  const effective = (key: string): unknown => {
    if (!inherited) return get(key);
    if (key === 'sample_type') return get(key) ?? inherited.sampleType;
    if (key === 'unit') return get(key) ?? inherited.unit;
    if (key === 'value_attribute') return get(key) ?? get('value') ?? inherited.valueAttribute;
    return get(key);
  };
  const missing = required.filter((k) => !present(effective(k)));
  if (missing.length) c.issue(missing[0]!, `required field(s) ${missing.join(', ')} not specified`);
  if (name && !NAME_PATTERN.test(name)) c.issue('name', `pollster name "${name}" does not match ${NAME_PATTERN.source}`);

  const sampleType = effective('sample_type');
  if (present(sampleType) && !SAMPLE_TYPES.includes(sampleType as SampleType)) {
    c.issue('sample_type', `invalid sample type "${String(sampleType)}"; valid ones are ${SAMPLE_TYPES.join(', ')}`);
  }
  const unit = effective('unit');
  const valueAttributeSource = effective('value_attribute');
  let valueAttribute: AttributePath | null = null;
  let multiMetric: MultiMetric | null = null;
  if (typeof valueAttributeSource === 'string' && valueAttributeSource) {
    const key = get('value_attribute') !== undefined || !inherited ? 'value_attribute' : 'value';
    if (multiMatch) {
      const m = MULTI_VALUE_PATTERN.exec(valueAttributeSource);
      if (!m) c.issue(key, `a multi-metric pollster needs value_attribute like "[list].field"; "${valueAttributeSource}" does not match ${MULTI_VALUE_PATTERN.source}`);
      else {
        const field = c.path(m[3]!.slice(1), key);
        valueAttribute = c.path(m[2]!, key);
        if (field) multiMetric = { placeholder: multiMatch[1]!.slice(1), subMetricAttribute: AttributePath.compile(multiMatch[2]!), listKey: m[2]!, valueField: field };
      }
    } else valueAttribute = c.path(valueAttributeSource, key);
  } else if (valueAttributeSource !== undefined && valueAttributeSource !== null && typeof valueAttributeSource !== 'string') {
    c.issue('value_attribute', 'must be a string');
  }

  const optionalPath = (key: string): AttributePath | null => {
    const s = str(key);
    return s ? c.path(s, key) : null;
  };
  const idPath = (key: string, fallback: string): AttributePath => (str(key) ? c.path(str(key)!, key) : null) ?? AttributePath.compile(fallback);

  let metadataFields: AttributePath[] | null = null;
  const mf = get('metadata_fields');
  if (mf !== undefined && mf !== null) {
    if (!Array.isArray(mf)) c.issue('metadata_fields', 'must be a list of attribute paths');
    else {
      metadataFields = [];
      mf.forEach((field, i) => {
        if (typeof field !== 'string') c.issue(['metadata_fields', i], 'must be a string');
        else {
          const p = c.path(field, 'metadata_fields');
          if (p) metadataFields!.push(p);
        }
      });
    }
  }

  const skip = get('skip_sample_values') ?? [];
  if (!Array.isArray(skip)) c.issue('skip_sample_values', 'must be a list');
  const mapping = get('value_mapping') ?? {};
  if (!isRecord(mapping)) c.issue('value_mapping', 'must be a mapping');
  const metadataMapping = get('metadata_mapping') ?? {};
  if (!isRecord(metadataMapping) || Object.values(metadataMapping).some((v) => typeof v !== 'string')) c.issue('metadata_mapping', 'must be a mapping of metadata key to new key');
  const headers = get('headers');
  if (headers !== undefined && headers !== null && (!isRecord(headers) || Object.values(headers).some((v) => typeof v !== 'string' && typeof v !== 'number'))) {
    c.issue('headers', 'must be a mapping of header names to strings');
  }
  const number = (key: string, fallback: number): number => {
    const v = get(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !(v >= 0)) {
      c.issue(key, `must be a non-negative number, got ${JSON.stringify(v)}`);
      return fallback;
    }
    return v;
  };
  const timeoutSeconds = number('timeout', 30);
  const cacheSeconds = number('extra_metadata_fields_cache_seconds', inherited?.cacheSeconds ?? 3600);

  const handlers = get('response_handlers') ?? ['json'];
  if (!Array.isArray(handlers)) c.issue('response_handlers', `invalid response_handlers configuration: it must be a list, got ${typeof handlers}`);
  else {
    handlers.forEach((h, i) => {
      if (!RESPONSE_HANDLER_NAMES.includes(h as ResponseHandlerName)) c.issue(['response_handlers', i], `invalid response_handler value "${String(h)}"; accepted values are ${RESPONSE_HANDLER_NAMES.join(', ')}`);
    });
  }
  const skips = get('extra_metadata_fields_skip') ?? inherited?.extraMetadataFieldsSkip ?? [{}];
  if (!Array.isArray(skips) || skips.some((s) => !isRecord(s))) c.issue('extra_metadata_fields_skip', 'invalid extra_metadata_fields_skip configuration: it must be a list of maps');
  const baseMetadata = get('base_metadata') ?? {};
  if (!isRecord(baseMetadata)) c.issue('base_metadata', 'must be a mapping');
  const namespacesRaw = get('namespaces') ?? ['central'];
  const namespaces = (Array.isArray(namespacesRaw) ? namespacesRaw : [namespacesRaw]).map(String);

  let authenticator: AuthenticatorSpec | null = null;
  if (kind === 'non-openstack' && module) {
    const object = str('authentication_object');
    if (object) {
      const spec = AuthenticatorSpec.find(module, object);
      if (typeof spec === 'string') c.issue('module', spec);
      else authenticator = spec;
    }
  }

  // Nested definitions of extra_metadata_fields inherit from this one and are checked now.
  const extra: DynamicPollsterDefinition[] = [];
  const extraRaw = get('extra_metadata_fields');
  if (extraRaw !== undefined && extraRaw !== null) {
    const list = Array.isArray(extraRaw) ? extraRaw : [extraRaw];
    list.forEach((entry, i) => {
      const nested = checkDefinition(entry, { yaml: source.yaml, path: [...source.path, 'extra_metadata_fields', ...(Array.isArray(extraRaw) ? [i] : [])] }, {
        sampleType, unit, valueAttribute: get('value_attribute'), extraMetadataFieldsSkip: skips, cacheSeconds,
      });
      if (Array.isArray(nested)) c.issues.push(...(nested as ConfigIssue[]));
      else extra.push(nested as DynamicPollsterDefinition);
    });
  }

  if (c.issues.length || !name || !valueAttribute) return c.issues.length ? c.issues : [source.yaml.issue(source.path, 'incomplete definition')];
  return {
    file: source.yaml.file,
    line: source.yaml.lineOf(source.path),
    name,
    sampleType: sampleType as SampleType,
    unit: String(unit),
    kind,
    valueAttribute,
    multiMetric,
    endpointType: str('endpoint_type'),
    urlPath: str('url_path'),
    hostCommand,
    metadataFields,
    valueMapper: new ValueMapper(skip as unknown[], mapping as Raw, get('default_value') ?? -1),
    metadataMapping: metadataMapping as Record<string, string>,
    preserveMappedMetadata: get('preserve_mapped_metadata') === undefined || get('preserve_mapped_metadata') === null ? true : Boolean(get('preserve_mapped_metadata')),
    responseEntriesKey: optionalPath('response_entries_key'),
    nextSampleUrlAttribute: optionalPath('next_sample_url_attribute'),
    userIdAttribute: idPath('user_id_attribute', 'user_id'),
    projectIdAttribute: idPath('project_id_attribute', 'project_id'),
    resourceIdAttribute: idPath('resource_id_attribute', 'id'),
    headers: headers ? Object.fromEntries(Object.entries(headers as Raw).map(([k, v]) => [k, String(v)])) : null,
    timeoutSeconds,
    extraMetadataFieldsCacheSeconds: cacheSeconds,
    extraMetadataFields: extra,
    extraMetadataFieldsSkip: skips as Raw[],
    responseHandlers: handlers as ResponseHandlerName[],
    baseMetadata: baseMetadata as Raw,
    namespaces,
    authenticator,
    barbicanSecretId: str('barbican_secret_id', '') ?? '',
    authenticationParameters: str('authentication_parameters', '') ?? '',
  };
}
