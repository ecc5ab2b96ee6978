/**
 * `[hardware] monitor_file`, the option naming monitor_hardware.yaml. Both the hardware and the
 * compute pollsters declare it (identical declarations are allowed), so it is known whichever of
 * them is installed, and both read the same file, as in the seed deployment.
 */
import type { ConfigView, OptionDeclaration } from '@ceilometer-ts/sdk';

/** Upstream-less default: where the seed deployment's patched Stein read the file from. */
export const DEFAULT_MONITOR_FILE = '/etc/ceilometer/monitor_hardware.yaml';

/** The declaration, for each package's `oslo.config.opts` list. */
export const MONITOR_FILE_OPTION: OptionDeclaration = {
  group: 'hardware',
  name: 'monitor_file',
  type: 'string',
  default: DEFAULT_MONITOR_FILE,
  help:
    'YAML file restricting which disks and network interfaces are collected: host.disk_name and host.network_interface_name for ' +
    'physical hosts (hardware pollsters), instance.disk_name and instance.network_interface_name for instances (compute pollsters). ' +
    'A missing file or empty lists mean everything (ceilometer-ts).',
};

/** The configured file name (the default when the option is not declared or unset). */
export function monitorFileName(config: ConfigView): string {
  if (!config.has('hardware', 'monitor_file')) return DEFAULT_MONITOR_FILE;
  const value = config.get<string | null | undefined>('hardware', 'monitor_file');
  return value ?? DEFAULT_MONITOR_FILE;
}
