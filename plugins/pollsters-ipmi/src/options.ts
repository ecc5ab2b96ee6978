/**
 * `[ipmi]` options: upstream's `polling_retry` and `node_manager_init_retry`, and ours for running
 * ipmitool (path, command prefix, timeout, concurrency) and for remote BMCs (`bmcs_file`).
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

/** What this package's `oslo.config.opts` entry point `ipmi` exports. */
export const ipmiOptions: OptionList = [
  {
    group: 'ipmi', name: 'polling_retry', type: 'integer', default: 3,
    help: 'Tolerance of IPMI/NM polling failures before disable this pollster. Negative indicates retrying forever.',
  },
  // used by the Node Manager pollsters
  { group: 'ipmi', name: 'node_manager_init_retry', type: 'integer', default: 3, help: 'Number of retries upon Intel Node Manager initialization failure' },
  { group: 'ipmi', name: 'ipmitool_path', type: 'string', default: 'ipmitool', help: 'The ipmitool command (a name looked up on PATH, or a path).' },
  {
    group: 'ipmi', name: 'command_prefix', type: 'string', default: '',
    help: 'Command put before ipmitool, split on whitespace and run without a shell (e.g. "sudo" or ' +
      '"sudo ceilometer-rootwrap /etc/ceilometer/rootwrap.conf"). Empty runs ipmitool directly.',
  },
  {
    group: 'ipmi', name: 'command_timeout', type: 'integer', default: 20, min: 1,
    help: 'Seconds one ipmitool run may take; it is killed after that and the poll counts as failed.',
  },
  {
    group: 'ipmi', name: 'bmcs_file', type: 'string', default: '',
    help: 'YAML file listing remote BMCs polled over the network (ipmitool -I lanplus) by the ipmi_bmcs ' +
      'discovery; relative paths are looked up like the other ceilometer config files. Empty: none.',
  },
  { group: 'ipmi', name: 'max_parallel', type: 'integer', default: 8, min: 1, help: 'How many ipmitool processes this agent runs at once.' },
];

/** How ipmitool is run (the `[ipmi]` options the runner reads). */
export interface IpmiSettings {
  readonly ipmitoolPath: string;
  /** `command_prefix` split on whitespace. */
  readonly commandPrefix: readonly string[];
  readonly commandTimeoutMs: number;
  readonly maxParallel: number;
}

/** Every `[ipmi]` value the sensor pollsters and discoveries read. */
export interface IpmiConfig extends IpmiSettings {
  readonly pollingRetry: number;
  /** `bmcs_file` as configured (unresolved); empty when unset. */
  readonly bmcsFile: string;
}

function option<T>(config: ConfigView, name: string, fallback: T): T {
  // the declarations may be missing when a host loads a pollster without this package's options
  return config.has('ipmi', name) ? (config.get<T | null>('ipmi', name) ?? fallback) : fallback;
}

/** Reads `[ipmi]` from the configuration. */
export function ipmiConfig(config: ConfigView): IpmiConfig {
  return {
    ipmitoolPath: option(config, 'ipmitool_path', 'ipmitool') || 'ipmitool',
    commandPrefix: option(config, 'command_prefix', '').split(/\s+/).filter(Boolean),
    commandTimeoutMs: option(config, 'command_timeout', 20) * 1000,
    maxParallel: Math.max(1, option(config, 'max_parallel', 8)),
    pollingRetry: option(config, 'polling_retry', 3),
    bmcsFile: option(config, 'bmcs_file', ''),
  };
}
