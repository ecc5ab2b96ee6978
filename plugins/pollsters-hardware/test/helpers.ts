/**
 * Test doubles: an inspector serving recorded OID snapshots, a resolver for it, a plugin context
 * and poll cycles.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  HARDWARE_INSPECTORS_SERVICE,
  MapCycleCache,
  MapServiceRegistry,
  silentLogger,
  type ConfigView,
  type HardwareHost,
  type HardwareInspector,
  type HardwareInspectorResolver,
  type OidRequest,
  type OidValue,
  type OidValueType,
  type OidValues,
  type PluginContext,
  type PollCycle,
  type Sample,
} from '@ceilometer-ts/sdk';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Reads a `[[oid, type, value], ...]` snapshot (Counter64 beyond 2^53 as a decimal string). */
export function loadSnapshot(name: string): Map<string, OidValue> {
  const rows = JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as [string, OidValueType, number | string | null][];
  return new Map(rows.map(([oid, type, value]) => [oid, { type, value: type === 'Counter64' && typeof value === 'string' ? BigInt(value) : value }]));
}

/** Builds a snapshot from `{ oid: [type, value] }`. */
export function snapshot(entries: Record<string, [OidValueType, number | bigint | string]>): Map<string, OidValue> {
  return new Map(Object.entries(entries).map(([oid, [type, value]]) => [oid, { type, value }]));
}

/** Serves whatever snapshot is current for a host URL (by resourceUrl), counting calls. */
export class SnapshotInspector implements HardwareInspector {
  readonly snapshots = new Map<string, Map<string, OidValue>>();
  readonly calls: { host: HardwareHost; request: OidRequest }[] = [];
  readonly failing = new Set<string>();

  async inspect(host: HardwareHost, request: OidRequest): Promise<OidValues> {
    this.calls.push({ host, request });
    if (this.failing.has(host.resourceUrl)) throw new Error(`timeout on ${host.resourceUrl}`);
    const mib = this.snapshots.get(host.resourceUrl) ?? new Map<string, OidValue>();
    const out = new Map<string, OidValue>();
    for (const oid of request.scalars) {
      const v = mib.get(oid);
      if (v) out.set(oid, v);
    }
    for (const [oid, v] of mib) if (request.subtrees.some((s) => oid.startsWith(`${s}.`))) out.set(oid, v);
    return out;
  }
}

/** A resolver handing `inspector` out for every scheme. */
export function resolverFor(inspector: HardwareInspector): HardwareInspectorResolver {
  return { inspector: async () => inspector, close: async () => undefined };
}

/** A config view with only the given `group.name` values declared. */
export function fakeConfig(values: Record<string, unknown> = {}, findFile: (name: string) => string | undefined = () => undefined): ConfigView {
  return {
    get: <T>(group: string, name: string) => values[`${group}.${name}`] as T,
    has: (group, name) => `${group}.${name}` in values,
    group: () => ({}),
    files: [],
    configDirs: [],
    findFile,
  };
}

/** A context whose services hold a resolver for `inspector`; monitor_file defaults to a missing file. */
export function fakeContext(inspector?: HardwareInspector, values: Record<string, unknown> = {}): PluginContext {
  const services = new MapServiceRegistry();
  if (inspector) services.set(HARDWARE_INSPECTORS_SERVICE, resolverFor(inspector));
  return { config: fakeConfig({ 'hardware.monitor_file': '/nonexistent/monitor_hardware.yaml', ...values }), logger: silentLogger, services };
}

export function fakeCycle(timestamp = '2026-11-23T19:00:00'): PollCycle {
  return { cache: new MapCycleCache(), timestamp, sourceName: 'hardware', signal: new AbortController().signal };
}

/** Samples by meter name. */
export function byName(samples: readonly Sample[]): Map<string, Sample[]> {
  const map = new Map<string, Sample[]>();
  for (const s of samples) map.set(s.name, [...(map.get(s.name) ?? []), s]);
  return map;
}
