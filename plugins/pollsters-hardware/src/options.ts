/**
 * `[hardware]` options read by the hardware pollsters (Stein's names and defaults, plus
 * `monitor_file`, which the seed deployment's patched Stein read from a fixed path).
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';
import { MONITOR_FILE_OPTION, monitorFileName } from '@ceilometer-ts/monitor-hardware';

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
  MONITOR_FILE_OPTION,
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
    monitorFile: monitorFileName(config),
    urlScheme: read(config, 'hardware', 'url_scheme', 'snmp://'),
    localHostName: host || undefined,
  };
}
