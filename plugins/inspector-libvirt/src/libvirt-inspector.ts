/**
 * The `libvirt` compute inspector (`ceilometer.compute.virt`): upstream's LibvirtInspector over one
 * long-lived read-only virsh. Each cycle reads every domain once ({@link HypervisorReader}: the bulk
 * statistics and cached XML) into `cycle.cache`; every pollster of the cycle is served from it.
 * Where the bulk statistics lack a group (libvirt's test driver returns only `state.*`), the
 * per-domain calls upstream makes (`dommemstat`, `domifstat`, `domblkinfo`) are sent through the
 * same virsh, once per domain per cycle.
 */
import {
  inject,
  injectable,
  InspectorNoDataError,
  InstanceNotFoundError,
  InstanceShutOffError,
  PLUGIN_CONTEXT,
  silentLogger,
  type ComputeInspector,
  type ComputeInstance,
  type DiskInfo,
  type DiskStats,
  type InstanceStats,
  type InterfaceStats,
  type Logger,
  type PluginContext,
  type PollCycle,
  type VirtDomain,
} from '@ceilometer-ts/sdk';
import type { DomainDescription } from './domain-description.js';
import { HypervisorReader, type DomainReading, type HypervisorSnapshot } from './hypervisor-snapshot.js';
import { memoryStatsFromBulk, runningInstanceStats, stoppedInstanceStats, VIR_DOMAIN_SHUTOFF } from './instance-stats.js';
import { readSettings, type LibvirtInspectorSettings } from './options.js';
import { readBlockInfo, readInterfaceStats, readMemoryStats, valueFor, type PerDomain } from './fallback-reads.js';
import type { BlockInfo, InterfaceCounters, RawStats } from './virsh-parsers.js';
import { VirshSession } from './virsh-session.js';

const KEY = 'inspector-libvirt';

function num(stats: RawStats, key: string): number | undefined {
  const v = stats.get(key);
  return typeof v === 'number' ? v : undefined;
}

/** The bulk `net.N.*` counters by device name, undefined when the bulk statistics have no net group. */
function bulkInterfaces(stats: RawStats): Map<string, InterfaceCounters> | undefined {
  const count = num(stats, 'net.count');
  if (count === undefined) return undefined;
  const out = new Map<string, InterfaceCounters>();
  for (let i = 0; i < count; i++) {
    const name = stats.get(`net.${i}.name`);
    const k = (field: string): number | undefined => num(stats, `net.${i}.${field}`);
    const values = [k('rx.bytes'), k('rx.pkts'), k('rx.errs'), k('rx.drop'), k('tx.bytes'), k('tx.pkts'), k('tx.errs'), k('tx.drop')];
    if (typeof name !== 'string' || values.some((v) => v === undefined)) continue;
    const [rxBytes, rxPackets, rxErrors, rxDrop, txBytes, txPackets, txErrors, txDrop] = values as number[];
    out.set(name, { rxBytes: rxBytes!, rxPackets: rxPackets!, rxErrors: rxErrors!, rxDrop: rxDrop!, txBytes: txBytes!, txPackets: txPackets!, txErrors: txErrors!, txDrop: txDrop! });
  }
  return out;
}

/** The bulk `block.N.*` entries by target device, undefined when there is no block group. */
function bulkBlocks(stats: RawStats): Map<string, number> | undefined {
  const count = num(stats, 'block.count');
  if (count === undefined) return undefined;
  const index = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const name = stats.get(`block.${i}.name`);
    if (typeof name === 'string' && !index.has(name)) index.set(name, i);
  }
  return index;
}

@injectable()
export class LibvirtInspector implements ComputeInspector {
  readonly name = 'libvirt';
  readonly settings: LibvirtInspectorSettings;
  readonly session: VirshSession;
  readonly reader: HypervisorReader;
  readonly #logger: Logger;
  /**
   * Expected failures are given as one shared error, not built per instance per cycle (an Error
   * captures a stack trace): one InstanceShutOffError per domain description (the description is
   * kept while the state is unchanged), one InspectorNoDataError for the missing block group.
   */
  readonly #shutOff = new WeakMap<DomainDescription, InstanceShutOffError>();
  #noBlockStats: InspectorNoDataError | undefined;

  constructor(@inject(PLUGIN_CONTEXT) ctx?: PluginContext) {
    this.settings = readSettings(ctx?.config);
    this.#logger = ctx?.logger ?? silentLogger;
    // virsh starts on the first call, so constructing the inspector (`ceilometer-plugins check`) is free.
    this.session = new VirshSession({
      uri: this.settings.uri,
      virshPath: this.settings.virshPath,
      callTimeoutMs: this.settings.callTimeoutMs,
      backoffMaxMs: this.settings.backoffMaxMs,
      logger: this.#logger,
    });
    this.reader = new HypervisorReader(this.session, this.#logger);
  }

  async listDomains(cycle: PollCycle): Promise<readonly VirtDomain[]> {
    const snapshot = await this.#snapshot(cycle);
    return [...snapshot.byUuid.values()].map((d) => ({
      uuid: d.uuid,
      name: d.name,
      state: num(d.stats, 'state.state') ?? 0,
      osType: d.description.osType,
      arch: d.description.arch,
      maxMemoryKiB: d.description.maxMemoryKiB,
      nova: d.description.nova,
    }));
  }

  async inspectInstance(instance: ComputeInstance, cycle: PollCycle): Promise<InstanceStats> {
    const domain = await this.#domain(instance, cycle, !this.settings.reportStoppedInstanceMetrics);
    if (num(domain.stats, 'state.state') === VIR_DOMAIN_SHUTOFF) return stoppedInstanceStats(domain.stats, domain.description);
    const memory =
      memoryStatsFromBulk(domain.stats) ?? valueFor(await this.#fallback(cycle, 'memory', (snap) => readMemoryStats(this.session, snap)), domain.uuid) ?? new Map<string, number>();
    return runningInstanceStats(domain.stats, memory, domain.description);
  }

  async inspectVnics(instance: ComputeInstance, cycle: PollCycle): Promise<readonly InterfaceStats[]> {
    const domain = await this.#domain(instance, cycle, true);
    const counters =
      bulkInterfaces(domain.stats) ??
      valueFor(await this.#fallback(cycle, 'ifstat', (snap) => readInterfaceStats(this.session, snap, this.#logger)), domain.uuid) ??
      new Map<string, InterfaceCounters>();
    const out: InterfaceStats[] = [];
    for (const vnic of domain.description.vnics) {
      const c = counters.get(vnic.name);
      if (!c) {
        this.#logger.debug({ instance: instance.id, device: vnic.name }, 'no interface statistics for this vNIC: skipped');
        continue;
      }
      out.push({ name: vnic.name, mac: vnic.mac, fref: vnic.fref, parameters: vnic.parameters, ...c });
    }
    return out;
  }

  async inspectDisks(instance: ComputeInstance, cycle: PollCycle): Promise<readonly DiskStats[]> {
    const domain = await this.#domain(instance, cycle, true);
    const blocks = bulkBlocks(domain.stats);
    if (!blocks) {
      // Upstream needs virDomainBlockStatsFlags for the times; a driver without a block group lacks it too.
      throw (this.#noBlockStats ??= new InspectorNoDataError(`libvirt at ${this.settings.uri} gives no block statistics (no block group in its bulk statistics)`));
    }
    const out: DiskStats[] = [];
    for (const device of domain.description.disks) {
      const i = blocks.get(device);
      const k = (field: string): number | undefined => (i === undefined ? undefined : num(domain.stats, `block.${i}.${field}`));
      const values = [k('rd.reqs'), k('rd.bytes'), k('wr.reqs'), k('wr.bytes'), k('rd.times'), k('wr.times')];
      if (values.some((v) => v === undefined)) {
        this.#logger.debug({ instance: instance.id, device }, 'no block statistics for this disk: skipped');
        continue;
      }
      const [readRequests, readBytes, writeRequests, writeBytes, readTotalTimes, writeTotalTimes] = values as number[];
      out.push({
        device,
        readRequests: readRequests!,
        readBytes: readBytes!,
        writeRequests: writeRequests!,
        writeBytes: writeBytes!,
        errors: k('errors') ?? -1,
        readTotalTimes: readTotalTimes!,
        writeTotalTimes: writeTotalTimes!,
      });
    }
    return out;
  }

  async inspectDiskInfo(instance: ComputeInstance, cycle: PollCycle): Promise<readonly DiskInfo[]> {
    const domain = await this.#domain(instance, cycle, !this.settings.reportStoppedInstanceMetrics);
    const blocks = bulkBlocks(domain.stats);
    const fromBulk = new Map<string, BlockInfo>();
    for (const device of domain.description.disks) {
      const i = blocks?.get(device);
      if (i === undefined) continue;
      const capacity = num(domain.stats, `block.${i}.capacity`);
      const allocation = num(domain.stats, `block.${i}.allocation`);
      const physical = num(domain.stats, `block.${i}.physical`);
      if (capacity !== undefined && allocation !== undefined && physical !== undefined) fromBulk.set(device, { capacity, allocation, physical });
    }
    const missing = domain.description.disks.some((d) => !fromBulk.has(d));
    const include = this.settings.reportStoppedInstanceMetrics;
    const fetched = missing ? valueFor(await this.#fallback(cycle, `blkinfo`, (snap) => readBlockInfo(this.session, snap, include)), domain.uuid) : undefined;
    const out: DiskInfo[] = [];
    for (const device of domain.description.disks) {
      const info = fromBulk.get(device) ?? fetched?.get(device);
      if (!info) continue;
      // A cdrom is aligned to 4 KiB: capacity can be below physical (upstream takes the larger).
      out.push({ device, capacity: Math.max(info.capacity, info.physical), allocation: info.allocation, physical: info.physical });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  #snapshot(cycle: PollCycle): Promise<HypervisorSnapshot> {
    return cycle.cache.getOrLoad(`${KEY}:snapshot`, () => this.reader.read());
  }

  async #domain(instance: ComputeInstance, cycle: PollCycle, refuseShutOff: boolean): Promise<DomainReading> {
    const snapshot = await this.#snapshot(cycle);
    const domain = snapshot.byUuid.get(instance.id.toLowerCase());
    if (!domain) throw new InstanceNotFoundError(`instance <name=${instance.instanceName}, id=${instance.id}> has no domain on libvirt at ${this.settings.uri}`);
    if (refuseShutOff && num(domain.stats, 'state.state') === VIR_DOMAIN_SHUTOFF) {
      let error = this.#shutOff.get(domain.description);
      if (!error) {
        error = new InstanceShutOffError(`Failed to inspect data of instance <name=${instance.instanceName}, id=${instance.id}>, domain state is SHUTOFF.`);
        this.#shutOff.set(domain.description, error);
      }
      throw error;
    }
    return domain;
  }

  /** Upstream's per-domain calls for one kind, for every domain that needs them, once per cycle. */
  #fallback<T>(cycle: PollCycle, kind: string, read: (snapshot: HypervisorSnapshot) => Promise<PerDomain<T>>): Promise<PerDomain<T>> {
    return cycle.cache.getOrLoad(`${KEY}:${kind}`, async () => read(await this.#snapshot(cycle)));
  }
}
