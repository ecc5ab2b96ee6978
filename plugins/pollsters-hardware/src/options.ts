/**
 * `[hardware]` options read by the hardware pollsters (Stein's names and defaults, plus
 * `monitor_file`, which the seed deployment's patched Stein read from a fixed path).
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** What this package's `oslo.config.opts` entry point exports. */
export const hardwareOptions: OptionList = [
  {
    group: 'hardware',
    name: 'meter_definitions_file',
    type: 'string',
    default: 'snmp.yaml',
    help:
      'Configuration file for defining hardware snmp meters. Looked up next to the configuration files when relative; ' +
      'when not found there, the definitions shipped with @ceilometer-ts/pollsters-hardware are used.',
  },
  {
    group: 'hardware',
    name: 'monitor_file',
    type: 'string',
    default: '/etc/ceilometer/monitor_hardware.yaml',
    help:
      'YAML file restricting which disks (host.disk_name) and network interfaces (host.network_interface_name) of physical hosts are collected. ' +
      'A missing file or empty lists mean everything (ceilometer-ts).',
  },
  { group: 'hardware', name: 'url_scheme', type: 'string', default: 'snmp://', help: 'URL scheme to use for hardware nodes.' },
];

/** The options as code uses them. */
export interface HardwareSettings {
  readonly meterDefinitionsFile: string;
  readonly monitorFile: string;
  readonly urlScheme: string;
  /** `[DEFAULT] host`, the resource id of `local://localhost` when set. */
  readonly localHostName: string | undefined;
}

function read<T>(config: ConfigView, group: string, name: string, fallback: T): T {
  if (!config.has(group, name)) return fallback;
  const value = config.get<T | undefined | null>(group, name);
  return value === undefined || value === null ? fallback : value;
}

/** Reads the settings; options not declared (tests, a CLI without this package's options) take their defaults. */
export function hardwareSettings(config: ConfigView): HardwareSettings {
  const host = read<string>(config, 'DEFAULT', 'host', '');
  return {
    meterDefinitionsFile: read(config, 'hardware', 'meter_definitions_file', 'snmp.yaml'),
    monitorFile: read(config, 'hardware', 'monitor_file', '/etc/ceilometer/monitor_hardware.yaml'),
    urlScheme: read(config, 'hardware', 'url_scheme', 'snmp://'),
    localHostName: host || undefined,
  };
}
