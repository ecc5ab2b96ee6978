/**
 * `[polling] pollsters_definitions_dirs` (upstream's option, same default) and
 * `[polling] dynamic_pollsters_allowed_commands` (ours: upstream runs `host_command` through a
 * shell; we run only the programs the operator lists, without a shell).
 */
import type { ConfigView, OptionList } from '@ceilometer-ts/sdk';

export const DEFAULT_DEFINITIONS_DIR = '/etc/ceilometer/pollsters.d';

export const dynamicPollsterOptions: OptionList = [
  {
    group: 'polling',
    name: 'pollsters_definitions_dirs',
    type: 'multistring',
    default: [DEFAULT_DEFINITIONS_DIR],
    help: 'List of directories with YAML files used to created pollsters.',
  },
  {
    group: 'polling',
    name: 'dynamic_pollsters_allowed_commands',
    type: 'list',
    default: [],
    help:
      'Programs a dynamic pollster host_command may run (the first word of the command, compared as written: ' +
      'a name looked up in PATH or an absolute path). Commands run without a shell; an empty list runs none.',
  },
];

/** The options as code uses them. */
export interface DynamicPollsterSettings {
  readonly definitionsDirs: readonly string[];
  readonly allowedCommands: ReadonlySet<string>;
}

function read<T>(config: ConfigView, name: string, fallback: T): T {
  if (!config.has('polling', name)) return fallback;
  const value = config.get<T | null | undefined>('polling', name);
  return value === undefined || value === null ? fallback : value;
}

/** Reads the settings; undeclared options (tests, a CLI without this package) take their defaults. */
export function dynamicPollsterSettings(config: ConfigView): DynamicPollsterSettings {
  return {
    definitionsDirs: read<readonly string[]>(config, 'pollsters_definitions_dirs', [DEFAULT_DEFINITIONS_DIR]),
    allowedCommands: new Set(read<readonly string[]>(config, 'dynamic_pollsters_allowed_commands', [])),
  };
}
