/**
 * Options of the libvirt inspector (`oslo.config.opts` entry point `libvirt`): upstream's
 * `[DEFAULT] hypervisor_inspector`, `libvirt_type` and `libvirt_uri` (virt/inspector.py and
 * virt/libvirt/utils.py), and ours for the virsh transport under `[libvirt_inspector]`.
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** Domain types upstream accepts for `[DEFAULT] libvirt_type`. */
export const LIBVIRT_TYPES = ['kvm', 'lxc', 'qemu', 'parallels'] as const;

export const libvirtInspectorOptions: OptionList = [
  {
    group: 'DEFAULT',
    name: 'hypervisor_inspector',
    type: 'string',
    default: 'libvirt',
    // No `choices` (upstream has ['libvirt']): a third-party `ceilometer.compute.virt` driver may be named.
    help: 'Inspector to use for inspecting the hypervisor layer: a ceilometer.compute.virt entry point name.',
  },
  { group: 'DEFAULT', name: 'libvirt_type', type: 'string', default: 'kvm', choices: LIBVIRT_TYPES, help: 'Libvirt domain type.' },
  { group: 'DEFAULT', name: 'libvirt_uri', type: 'string', default: '', help: 'Override the default libvirt URI (which is dependent on libvirt_type).' },
  {
    group: 'libvirt_inspector',
    name: 'virsh_path',
    type: 'string',
    default: 'virsh',
    help: 'The virsh program the inspector keeps running (one read-only connection); a bare name is looked up in PATH.',
  },
  {
    group: 'libvirt_inspector',
    name: 'call_timeout',
    type: 'float',
    default: 10.0,
    min: 0.1,
    help: 'Seconds one libvirt call (a batch of virsh commands) may take; past it the virsh process is killed and restarted with backoff.',
  },
  {
    group: 'libvirt_inspector',
    name: 'reconnect_backoff_max',
    type: 'float',
    default: 60.0,
    min: 0.1,
    help: 'Longest wait, in seconds, between attempts to reach libvirt again after an outage (the wait starts at 1 s and doubles).',
  },
];

/** The inspector's settings, read once at construction. */
export interface LibvirtInspectorSettings {
  readonly uri: string;
  readonly virshPath: string;
  readonly callTimeoutMs: number;
  readonly backoffMaxMs: number;
  /** `[compute] report_stopped_instance_metrics` (declared by the compute pollsters; false when absent). */
  readonly reportStoppedInstanceMetrics: boolean;
}

/** Upstream's `LIBVIRT_PER_TYPE_URIS`; every other type connects to `qemu:///system`. */
const URI_PER_TYPE: Readonly<Record<string, string>> = { parallels: 'parallels:///system', lxc: 'lxc:///' };

/** Upstream's `new_libvirt_connection` URI: `libvirt_uri` when set, else the one of `libvirt_type`. */
export function libvirtUri(libvirtType: string | undefined, libvirtUriOption: string | undefined): string {
  if (libvirtUriOption) return libvirtUriOption;
  return URI_PER_TYPE[libvirtType ?? 'kvm'] ?? 'qemu:///system';
}

function read<T>(config: ConfigView | undefined, group: string, name: string, fallback: T): T {
  if (!config?.has(group, name)) return fallback;
  const value = config.get<T | undefined | null>(group, name);
  return value ?? fallback;
}

/** Settings from the configuration (declared defaults when an option is not declared). */
export function readSettings(config: ConfigView | undefined): LibvirtInspectorSettings {
  return {
    uri: libvirtUri(read<string>(config, 'DEFAULT', 'libvirt_type', 'kvm'), read<string>(config, 'DEFAULT', 'libvirt_uri', '')),
    virshPath: read(config, 'libvirt_inspector', 'virsh_path', 'virsh'),
    callTimeoutMs: Math.round(read(config, 'libvirt_inspector', 'call_timeout', 10.0) * 1000),
    backoffMaxMs: Math.round(read(config, 'libvirt_inspector', 'reconnect_backoff_max', 60.0) * 1000),
    reportStoppedInstanceMetrics: read(config, 'compute', 'report_stopped_instance_metrics', false),
  };
}
