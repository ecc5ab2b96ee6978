/**
 * The compute inspector contract (`ceilometer.compute.virt`, upstream's `virt/inspector.py`): how
 * compute pollsters and discoveries read a hypervisor without importing the driver. The polling
 * agent loads the driver named by `[DEFAULT] hypervisor_inspector` (default `libvirt`) on first use
 * and hands it out through a {@link ComputeInspectorResolver} registered under
 * {@link COMPUTE_INSPECTOR_SERVICE}.
 *
 * Cost model: an inspector reads every domain's statistics with one bulk call per cycle and keeps
 * the result in `cycle.cache`, so fifty pollsters over five hundred instances cost one call. Values
 * are upstream's units: memory in MiB, times in nanoseconds, bytes and counts as libvirt gives them.
 */
import { CeilometerError } from './errors.js';
import type { Inspector } from './inspector.js';
import type { PollCycle } from './poll-cycle.js';
import type { MetadataValue } from './sample.js';

/** Service name of the resolver in `PluginContext.services`. */
export const COMPUTE_INSPECTOR_SERVICE = 'compute.inspector';

/** Hands out the configured hypervisor inspector, loaded once and shared by every compute plugin. */
export interface ComputeInspectorResolver {
  /** The inspector; a rejected load (no driver, bad config) is retried on the next call. */
  inspector(): Promise<ComputeInspector>;
}

/** Nova's flavor as upstream's discoveries give it (`server.flavor`). */
export interface InstanceFlavor {
  readonly id?: string;
  readonly name: string;
  readonly vcpus: number;
  /** MiB. */
  readonly ram: number;
  /** GiB. */
  readonly disk: number;
  /** GiB. */
  readonly ephemeral: number;
  /** MiB. */
  readonly swap?: number | string;
  readonly extra_specs?: Readonly<Record<string, string | null>>;
  readonly [key: string]: MetadataValue | undefined;
}

/**
 * One instance to poll: Nova's server view with upstream's attribute names (what `local_instances`
 * discovers, from Nova's API or from libvirt metadata). Pollsters build `resource_metadata` from it.
 */
export interface ComputeInstance {
  /** Nova instance uuid: the resource id, and the libvirt domain uuid. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** `OS-EXT-SRV-ATTR:instance_name`: the libvirt domain name (`instance-0000002a`). */
  readonly instanceName: string;
  /** `OS-EXT-SRV-ATTR:host`: the compute host. */
  readonly host: string;
  /** `hostId`: sha224 of project id + host, as Nova's API renders it. */
  readonly hostId: string;
  readonly tenantId: string | null;
  readonly userId: string | null;
  /** Nova status (`ACTIVE`, `SHUTOFF`, ...). */
  readonly status: string;
  /** `OS-EXT-STS:vm_state`; `''` when unknown. */
  readonly vmState: string | null;
  /** `OS-EXT-STS:task_state`; `''` when unknown. */
  readonly taskState?: string | null;
  readonly flavor: InstanceFlavor | null;
  /** `{ id, links? }` or null for a volume-booted instance. */
  readonly image: Readonly<Record<string, MetadataValue>> | null;
  /** Nova's `image_meta` from libvirt metadata, when present. */
  readonly imageMeta?: Readonly<Record<string, MetadataValue>>;
  /** Server metadata (for `[DEFAULT] reserved_metadata_*`). */
  readonly metadata: Readonly<Record<string, string>>;
  /**
   * Upstream's INSTANCE_PROPERTIES when known: `architecture`, `os_type`, `kernel_id`,
   * `ramdisk_id`, `reservation_id`, `OS-EXT-AZ:availability_zone`.
   */
  readonly properties: Readonly<Record<string, MetadataValue>>;
}

/** A domain as the hypervisor describes it, for discovery (one listing per cycle). */
export interface VirtDomain {
  readonly uuid: string;
  /** Hypervisor name of the domain (`instance-0000002a`). */
  readonly name: string;
  /** libvirt `virDomainState` (1 running, 3 paused, 4 shutdown, 5 shutoff, 6 crashed, 7 pmsuspended). */
  readonly state: number;
  /** `<os><type>` text (`hvm`) and its `arch` attribute. */
  readonly osType: string | null;
  readonly arch: string | null;
  /** `<memory>` in KiB (the domain's maximum). */
  readonly maxMemoryKiB: number | null;
  /** Nova's metadata element, null when the domain has none (not a Nova instance). */
  readonly nova: NovaDomainMetadata | null;
}

/** Nova's `<nova:instance>` metadata (namespace nova/1.1, or 1.0 on older hypervisors). */
export interface NovaDomainMetadata {
  readonly namespaceVersion: '1.1' | '1.0';
  /** Display name. */
  readonly name: string | null;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly flavor: {
    readonly name: string;
    /** From 2025.2 on Nova writes the flavor id and extra specs too. */
    readonly id: string | null;
    readonly vcpus: number;
    readonly memory: number;
    readonly disk: number;
    readonly ephemeral: number;
    readonly swap: number;
    readonly extraSpecs: Readonly<Record<string, string | null>> | null;
  } | null;
  /** `<root type="image" uuid=...>`. */
  readonly rootImageId: string | null;
  /** `<image>` element (image_meta), null when absent. */
  readonly imageMeta: Readonly<Record<string, MetadataValue>> | null;
}

/** Upstream's InstanceStats; undefined = the hypervisor gave no value (the meter is skipped). */
export interface InstanceStats {
  readonly powerState?: number;
  readonly cpuNumber?: number;
  /** ns, cumulative. */
  readonly cpuTime?: number;
  /** MiB. */
  readonly memoryActual?: number;
  readonly memoryAvailable?: number;
  readonly memoryUsage?: number;
  readonly memoryResident?: number;
  readonly memorySwapIn?: number;
  readonly memorySwapOut?: number;
  /** Maximum memory of the domain (MiB): not an upstream meter; for plugins such as memory.max. */
  readonly memoryMax?: number;
  readonly cpuL3CacheUsage?: number;
  readonly memoryBandwidthTotal?: number;
  readonly memoryBandwidthLocal?: number;
  readonly cpuCycles?: number;
  readonly instructions?: number;
  readonly cacheReferences?: number;
  readonly cacheMisses?: number;
  /** The raw bulk statistics of the domain (`vcpu.0.time`, `balloon.rss`, ...), for third-party meters. */
  readonly raw?: ReadonlyMap<string, number | string>;
}

/** A vNIC and its counters (upstream's InterfaceStats). */
export interface InterfaceStats {
  /** Target device (`tap0a1b2c3d-4e`). */
  readonly name: string;
  readonly mac: string;
  /** `<filterref filter>` or null. */
  readonly fref: string | null;
  /** Filter parameters (lower-cased names) plus `interfaceid` and `bridge`. */
  readonly parameters: Readonly<Record<string, string | null>>;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
  readonly rxDrop: number;
  readonly txDrop: number;
  readonly rxErrors: number;
  readonly txErrors: number;
}

/** Block device counters (upstream's DiskStats). */
export interface DiskStats {
  readonly device: string;
  readonly readBytes: number;
  readonly readRequests: number;
  readonly writeBytes: number;
  readonly writeRequests: number;
  readonly errors: number;
  /** ns, cumulative. */
  readonly readTotalTimes: number;
  readonly writeTotalTimes: number;
}

/** Block device sizes in bytes (upstream's DiskInfo). */
export interface DiskInfo {
  readonly device: string;
  readonly capacity: number;
  readonly allocation: number;
  readonly physical: number;
}

/**
 * A hypervisor driver. Every method bounds its own time and rejects with a
 * {@link ComputeInspectorError} subclass: {@link InstanceNotFoundError} (gone: skipped at debug),
 * {@link InstanceShutOffError} (not running: skipped), {@link InspectorNoDataError} (this driver
 * cannot give that data: the pollster reports the meter unsupported once), or the base class when
 * the hypervisor cannot be reached.
 */
export interface ComputeInspector extends Inspector {
  /** Driver name (`libvirt`). */
  readonly name: string;
  /** Every domain on this hypervisor, described; read once per cycle through `cycle.cache`. */
  listDomains(cycle: PollCycle): Promise<readonly VirtDomain[]>;
  /** CPU, memory and perf statistics of one instance in this cycle. */
  inspectInstance(instance: ComputeInstance, cycle: PollCycle): Promise<InstanceStats>;
  /** One entry per virtual NIC of the instance (counters, MAC, Nova's fref). */
  inspectVnics(instance: ComputeInstance, cycle: PollCycle): Promise<readonly InterfaceStats[]>;
  /** One entry per disk device of the instance (read/write counters, latency). */
  inspectDisks(instance: ComputeInstance, cycle: PollCycle): Promise<readonly DiskStats[]>;
  /** Capacity, allocation and physical size of each disk device. */
  inspectDiskInfo(instance: ComputeInstance, cycle: PollCycle): Promise<readonly DiskInfo[]>;
}

/** The hypervisor could not be read (connection lost, timeout). */
export class ComputeInspectorError extends CeilometerError {
  readonly code: `CEILO_ERR_${string}` = 'CEILO_ERR_COMPUTE_INSPECTOR';
}

/** The instance has no domain on this hypervisor (deleted or migrated mid-cycle). */
export class InstanceNotFoundError extends ComputeInspectorError {
  override readonly code: `CEILO_ERR_${string}` = 'CEILO_ERR_INSTANCE_NOT_FOUND';
}

/** The domain is shut off: it has no running statistics. */
export class InstanceShutOffError extends ComputeInspectorError {
  override readonly code: `CEILO_ERR_${string}` = 'CEILO_ERR_INSTANCE_SHUT_OFF';
}

/** The driver cannot give this data at all (upstream's NoDataException / NotImplementedError). */
export class InspectorNoDataError extends ComputeInspectorError {
  override readonly code: `CEILO_ERR_${string}` = 'CEILO_ERR_INSPECTOR_NO_DATA';
}
