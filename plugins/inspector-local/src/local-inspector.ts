/**
 * The `local` hardware inspector (`ceilometer.hardware.inspectors` `local`, URL `local://localhost`):
 * answers OID requests from a virtual MIB computed from this machine's /proc and /sys, so the SNMP
 * meter definitions work unchanged on a host without snmpd.
 */
import {
  inject,
  injectable,
  InspectorError,
  PLUGIN_CONTEXT,
  type HardwareHost,
  type HardwareInspector,
  type OidRequest,
  type OidValue,
  type OidValues,
  type PluginContext,
  type PollCycle,
} from '@ceilometer-ts/sdk';
import { HOST_READER_SERVICE, ProcFsReader, type HostReader } from './host-reader.js';
import { readHostSnapshot } from './host-snapshot.js';
import { buildVirtualMib, type MibValues } from './mib/virtual-mib.js';
import type { CpuTimes } from './proc/stat.js';

const CACHE_KEY = 'inspector-local:mib';

/** Picks the requested scalars and every OID under the requested subtrees (OID boundary respected). */
export function selectOids(mib: ReadonlyMap<string, OidValue>, request: OidRequest): OidValues {
  const result = new Map<string, OidValue>();
  for (const oid of request.scalars) {
    const value = mib.get(oid);
    if (value) result.set(oid, value);
  }
  if (request.subtrees.length > 0) {
    const prefixes = request.subtrees.map((s) => `${s}.`);
    for (const [oid, value] of mib) {
      if (prefixes.some((p) => oid.startsWith(p))) result.set(oid, value);
    }
  }
  return result;
}

/**
 * Reads the machine at most once per polling cycle (through `cycle.cache`); every meter of the
 * cycle is served from that reading. Keeps the previous CPU reading for ssCpuUser/System/Idle.
 */
@injectable()
export class LocalInspector implements HardwareInspector {
  readonly #reader: HostReader;
  readonly #hostname: string;
  #previousCpu: CpuTimes | undefined;

  constructor(@inject(PLUGIN_CONTEXT) ctx?: PluginContext) {
    this.#reader = ctx?.services.get<HostReader>(HOST_READER_SERVICE) ?? new ProcFsReader();
    const configured = ctx?.config.has('DEFAULT', 'host') ? ctx.config.get<string | undefined>('DEFAULT', 'host') : undefined;
    this.#hostname = configured || this.#reader.hostname;
  }

  async inspect(host: HardwareHost, request: OidRequest, cycle: PollCycle): Promise<OidValues> {
    if (host.url.protocol !== 'local:') {
      throw new InspectorError(`the local inspector reads only local:// resources, not ${host.resourceUrl}`);
    }
    const mib = await cycle.cache.getOrLoad<MibValues>(CACHE_KEY, () => this.snapshot());
    return selectOids(mib, request);
  }

  /** Reads the machine now and renders the whole virtual MIB (no cycle cache). */
  async snapshot(): Promise<MibValues> {
    let snapshot;
    try {
      snapshot = await readHostSnapshot(this.#reader);
    } catch (err) {
      throw new InspectorError(`cannot read this host's /proc: ${(err as Error).message}`, { cause: err });
    }
    const mib = buildVirtualMib(snapshot, this.#hostname, this.#previousCpu);
    this.#previousCpu = snapshot.cpu;
    return mib;
  }
}
