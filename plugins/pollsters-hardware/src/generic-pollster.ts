/**
 * One pollster per meter definition (Stein's GenericHardwareDeclarativePollster): exact meters read
 * one OID, prefix meters one sample per row of a walked column, with metadata from sibling columns
 * and Stein's post operations (memory used from available, interface IP and per-interface and
 * per-disk resource ids), filtered by monitor_hardware.yaml.
 */
import type { MetadataValue, OidRequest, OidValue, PollCycle, Sample } from '@ceilometer-ts/sdk';
import type { MeterDefinition } from './definitions.js';
import type { PolledHost } from './hardware-host.js';
import { HardwarePollster, hostSample } from './hardware-pollster.js';
import { numericValue, type HostValues } from './host-values.js';
import type { HardwareRuntime } from './runtime.js';

/** memTotalReal, read by `_post_op_memory_avail_to_used`. */
export const MEM_TOTAL_REAL = '1.3.6.1.4.1.2021.4.5.0';
/** ipAdEntIfIndex, read by `_post_op_net` for the interface's IP. */
export const IP_AD_ENT_IF_INDEX = '1.3.6.1.2.1.4.20.1.2';

/** Builds the inspector request of a definition. */
export function definitionRequest(def: MeterDefinition): OidRequest {
  const oids = [...def.oids, ...def.fallbackOids, ...def.metadata.map((m) => m.oid)];
  const scalars = def.matching === 'exact' ? oids : [];
  const subtrees = def.matching === 'prefix' ? oids : [];
  if (def.postOp === 'memory_avail_to_used') scalars.push(MEM_TOTAL_REAL);
  if (def.postOp === 'net') subtrees.push(IP_AD_ENT_IF_INDEX);
  return { scalars: [...new Set(scalars)], subtrees: [...new Set(subtrees)] };
}

/** A row of values: the sum of the definition's value OIDs after conversion. */
function rowValue(def: MeterDefinition, read: (oid: string) => OidValue | undefined, oids: readonly string[]): number | undefined {
  let total: number | undefined;
  for (const oid of oids) {
    const raw = read(oid);
    const v = raw === undefined ? undefined : def.converter.convert(raw);
    if (typeof v !== 'number' || Number.isNaN(v)) {
      if (oid === oids[0]) return undefined;
      continue;
    }
    total = (total ?? 0) + v;
  }
  return total;
}

/** The pollster of one definition. */
export class GenericHardwarePollster extends HardwarePollster {
  protected readonly request: OidRequest;

  constructor(
    readonly definition: MeterDefinition,
    runtime: HardwareRuntime,
  ) {
    super({ name: definition.name, type: definition.type, unit: definition.unit }, runtime);
    this.request = definitionRequest(definition);
  }

  protected samplesFor(host: PolledHost, values: HostValues, cycle: PollCycle): Sample[] {
    const def = this.definition;
    if (def.matching === 'exact') {
      const read = (oid: string): OidValue | undefined => values.get(oid);
      const value = rowValue(def, read, def.oids) ?? (def.fallbackOids.length ? rowValue(def, read, def.fallbackOids) : undefined);
      const sample = value === undefined ? undefined : this.#finish(host, values, cycle, value, this.#metadata(read), '');
      return sample ? [sample] : [];
    }
    let oids = def.oids;
    if (values.rows(oids[0]!).size === 0 && def.fallbackOids.length > 0) oids = def.fallbackOids;
    const samples: Sample[] = [];
    for (const suffix of values.rows(oids[0]!).keys()) {
      const read = (oid: string): OidValue | undefined => {
        const v = values.rows(oid).get(suffix);
        return v && v.type !== 'Null' && v.value !== null ? v : undefined;
      };
      const value = rowValue(def, read, oids);
      if (value === undefined) continue;
      const sample = this.#finish(host, values, cycle, value, this.#metadata(read), suffix);
      if (sample) samples.push(sample);
    }
    return samples;
  }

  #metadata(read: (oid: string) => OidValue | undefined): Record<string, MetadataValue> {
    const metadata: Record<string, MetadataValue> = {};
    for (const m of this.definition.metadata) {
      const raw = read(m.oid);
      const v = raw === undefined ? undefined : m.converter.convert(raw);
      if (v !== undefined) metadata[m.name] = v;
    }
    return metadata;
  }

  /** Applies the post operation and the monitor filter; undefined drops the sample. */
  #finish(host: PolledHost, values: HostValues, cycle: PollCycle, value: number, metadata: Record<string, MetadataValue>, suffix: string): Sample | undefined {
    let resourceId = host.resourceId;
    switch (this.definition.postOp) {
      case 'memory_avail_to_used': {
        const total = numericValue(values.get(MEM_TOTAL_REAL));
        if (total === undefined) return undefined;
        value = Number(total) - value;
        break;
      }
      case 'net': {
        const ifIndex = Number(suffix.slice(1));
        let ip = '';
        for (const [ipSuffix, v] of values.rows(IP_AD_ENT_IF_INDEX)) if (Number(numericValue(v)) === ifIndex) ip = ipSuffix.slice(1);
        metadata.ip = ip;
        const name = metadata.name;
        if (typeof name === 'string' && name) {
          if (!this.filter.networkInterface(name)) return undefined;
          resourceId = `${host.resourceId}.${name}`;
        }
        break;
      }
      case 'disk': {
        const device = metadata.device;
        if (typeof device === 'string' && device) {
          if (!this.filter.disk(device)) return undefined;
          resourceId = `${host.resourceId}.${device}`;
        }
        break;
      }
      default:
        break;
    }
    return hostSample(this.meter, host, value, cycle, { resourceId, metadata });
  }
}
