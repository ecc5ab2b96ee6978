/**
 * Meter definitions in Stein's `snmp.yaml` format (`metric: [{name, type, unit, snmp_inspector}]`),
 * validated with file and line. Stein's defects are fixed here: metadata without `type` is read as
 * `str`, and metadata merged into `snmp_inspector` by a YAML `<<:` (Stein's disk I/O meters, which
 * thereby lost `device`) is taken as metadata with a warning.
 */
import { didYouMean, SAMPLE_TYPES, type ConfigIssue, type SampleType } from '@ceilometer-ts/sdk';
import { parseConverter, type ConverterSpec } from './converters.js';
import type { LocatedYaml, YamlPath } from '@ceilometer-ts/located-yaml';

/** One metadata field read from an OID (per row for prefix meters). */
export interface MetadataDefinition {
  readonly name: string;
  readonly oid: string;
  readonly converter: ConverterSpec;
}

/** Stein's post operations, by the name definitions give them. */
export type PostOp = 'memory_avail_to_used' | 'net' | 'disk';

/** A validated meter definition. */
export interface MeterDefinition {
  readonly name: string;
  readonly type: SampleType;
  readonly unit: string;
  /** exact: one GET per OID, one sample; prefix: walk the column(s), one sample per row. */
  readonly matching: 'exact' | 'prefix';
  /** The value OID(s); several are summed row by row (ours). */
  readonly oids: readonly string[];
  /** Used for a host whose agent serves none of `oids` (ours: ifInOctets behind ifHCInOctets). */
  readonly fallbackOids: readonly string[];
  readonly converter: ConverterSpec;
  readonly metadata: readonly MetadataDefinition[];
  readonly postOp: PostOp | undefined;
}

/** Parsed definitions, the problems of the ones skipped, and warnings about the ones fixed. */
export interface DefinitionsResult {
  readonly definitions: readonly MeterDefinition[];
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
}

const MATCHING: Readonly<Record<string, 'exact' | 'prefix'>> = { type_exact: 'exact', type_prefix: 'prefix', exact: 'exact', prefix: 'prefix' };
const POST_OPS: Readonly<Record<string, PostOp>> = {
  _post_op_memory_avail_to_used: 'memory_avail_to_used',
  _post_op_net: 'net',
  _post_op_disk: 'disk',
};
const INSPECTOR_KEYS = new Set(['matching_type', 'oid', 'type', 'metadata', 'post_op', 'fallback_oid']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted OID without a leading dot, or undefined when malformed. */
export function normalizeOid(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const oid = v.trim().replace(/^\./, '');
  return /^\d+(\.\d+)*$/.test(oid) ? oid : undefined;
}

function oidList(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  const oids = list.map(normalizeOid);
  return list.length > 0 && oids.every((o) => o !== undefined) ? (oids as string[]) : undefined;
}

function parseOne(raw: unknown, path: YamlPath, y: LocatedYaml, warnings: ConfigIssue[]): MeterDefinition | ConfigIssue[] {
  if (!isRecord(raw)) return [y.issue(path, 'a meter definition must be a mapping')];
  const errors: ConfigIssue[] = [];
  for (const field of ['name', 'unit', 'type'] as const) {
    if (typeof raw[field] !== 'string' || !raw[field]) errors.push(y.issue([...path, field], `Missing field ${field}`));
  }
  if (typeof raw.type === 'string' && !(SAMPLE_TYPES as readonly string[]).includes(raw.type)) {
    errors.push(y.issue([...path, 'type'], `Unrecognized type value ${raw.type} (expected ${SAMPLE_TYPES.join(', ')})`));
  }
  const ins = raw.snmp_inspector;
  const ip: YamlPath = [...path, 'snmp_inspector'];
  if (!isRecord(ins)) return [...errors, y.issue(ip, 'snmp_inspector: expected a mapping with matching_type, oid and type')];
  const matching = MATCHING[String(ins.matching_type)];
  if (!matching) errors.push(y.issue([...ip, 'matching_type'], `expected type_exact or type_prefix, got ${JSON.stringify(ins.matching_type)}`));
  const oids = oidList(ins.oid);
  if (!oids) errors.push(y.issue([...ip, 'oid'], `expected a dotted OID (or a list of them to sum), got ${JSON.stringify(ins.oid)}`));
  const fallbackOids = ins.fallback_oid === undefined ? [] : oidList(ins.fallback_oid);
  if (!fallbackOids) errors.push(y.issue([...ip, 'fallback_oid'], `expected a dotted OID or a list of them, got ${JSON.stringify(ins.fallback_oid)}`));
  const converter = parseConverter(typeof ins.type === 'string' ? ins.type : undefined);
  if (typeof converter === 'string') errors.push(y.issue([...ip, 'type'], converter));
  let postOp: PostOp | undefined;
  if (ins.post_op !== undefined && ins.post_op !== null) {
    postOp = POST_OPS[String(ins.post_op)];
    if (!postOp) errors.push(y.issue([...ip, 'post_op'], `unknown post_op ${JSON.stringify(ins.post_op)} (known: ${Object.keys(POST_OPS).join(', ')})`));
  }
  const metaSource: [string, unknown, YamlPath][] = [];
  if (ins.metadata !== undefined && ins.metadata !== null) {
    if (!isRecord(ins.metadata)) errors.push(y.issue([...ip, 'metadata'], 'expected a mapping of name: {oid, type}'));
    else for (const [k, v] of Object.entries(ins.metadata)) metaSource.push([k, v, [...ip, 'metadata', k]]);
  }
  for (const [k, v] of Object.entries(ins)) {
    if (INSPECTOR_KEYS.has(k)) continue;
    if (isRecord(v) && 'oid' in v) {
      warnings.push(y.issue([...ip, k], `metadata "${k}" sits directly under snmp_inspector (a YAML merge key?); read as metadata`));
      metaSource.push([k, v, [...ip, k]]);
    } else warnings.push(y.issue([...ip, k], `ignoring unrecognized field ${k}${didYouMean(k, INSPECTOR_KEYS)}`));
  }
  const metadata: MetadataDefinition[] = [];
  for (const [name, v, mp] of metaSource) {
    const oid = isRecord(v) ? normalizeOid(v.oid) : undefined;
    const conv = isRecord(v) ? parseConverter(typeof v.type === 'string' ? v.type : undefined, 'str') : 'expected {oid, type}';
    if (!oid) errors.push(y.issue([...mp, 'oid'], `expected a dotted OID, got ${JSON.stringify(isRecord(v) ? v.oid : v)}`));
    if (typeof conv === 'string') errors.push(y.issue([...mp, 'type'], conv));
    if (oid && typeof conv !== 'string') metadata.push({ name, oid, converter: conv });
  }
  if (errors.length > 0 || !oids || !fallbackOids || typeof converter === 'string' || !matching) return errors;
  return {
    name: raw.name as string,
    type: raw.type as SampleType,
    unit: raw.unit as string,
    matching,
    oids,
    fallbackOids,
    converter,
    metadata,
    postOp,
  };
}

/**
 * Validates a parsed definitions file. A bad definition is skipped with its issues (Stein logged and
 * skipped it too); the last definition of a name wins, as Stein's mapping did.
 */
export function parseDefinitions(y: LocatedYaml): DefinitionsResult {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const root = y.value;
  if (!isRecord(root) || !Array.isArray(root.metric)) {
    return { definitions: [], errors: [y.issue(['metric'], 'expected a top-level "metric" list of meter definitions')], warnings };
  }
  const byName = new Map<string, MeterDefinition>();
  root.metric.forEach((raw, i) => {
    const parsed = parseOne(raw, ['metric', i], y, warnings);
    if (Array.isArray(parsed)) errors.push(...parsed);
    else {
      byName.delete(parsed.name);
      byName.set(parsed.name, parsed);
    }
  });
  return { definitions: [...byName.values()], errors, warnings };
}
