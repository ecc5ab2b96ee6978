/**
 * Options every command shares, spelled as oslo.config spells them for Python Ceilometer's commands.
 */
import { Command, Option } from 'commander';

export interface CommonOptions {
  readonly configFile: readonly string[];
  readonly configDir: readonly string[];
  readonly debug?: boolean;
  /** false with `--no-plugin-cache`. */
  readonly pluginCache: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `--config-file`, `--config-dir`, `--debug` and `--no-plugin-cache` to a command. */
export function addCommonOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--config-file <path>', 'ceilometer.conf to read; repeat for several, later files win (default: oslo.config search: ~/.ceilometer/, ~/, /etc/ceilometer/, /etc/)')
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--config-dir <dir>', 'read every *.conf in this directory after the config files; repeatable').argParser(collect).default([]))
    .option('-d, --debug', 'log at debug level (also [DEFAULT] debug)')
    .option('--no-plugin-cache', 'scan plugin packages without the on-disk cache (also CEILOMETER_PLUGIN_CACHE=0)');
}
