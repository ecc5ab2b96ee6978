/**
 * Options every command shares, spelled as oslo.config spells them for Python Ceilometer's commands:
 * the config files, `--debug`, and oslo.log's logging flags (`--log-file`, `--use-json`, ...), so
 * Debian's init scripts (`--config-file=... --log-file=...`) start our commands unchanged.
 */
import { Command, Option } from 'commander';

export interface CommonOptions {
  readonly configFile: readonly string[];
  readonly configDir: readonly string[];
  readonly debug?: boolean;
  /** false with `--no-plugin-cache`. */
  readonly pluginCache: boolean;
  readonly logFile?: string;
  readonly logDir?: string;
  readonly logDateFormat?: string;
  readonly logConfigAppend?: string;
  readonly syslogLogFacility?: string;
  readonly watchLogFile?: boolean;
  readonly useSyslog?: boolean;
  readonly useJournal?: boolean;
  readonly useJson?: boolean;
  /** oslo.config's negations of the boolean flags (`--nouse-json`). */
  readonly nodebug?: boolean;
  readonly nowatchLogFile?: boolean;
  readonly nouseSyslog?: boolean;
  readonly nouseJournal?: boolean;
  readonly nouseJson?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A boolean flag and its hidden oslo.config negation (`--use-json`, `--nouse-json`). */
function addBoolean(command: Command, flag: string, help: string): Command {
  return command.option(`--${flag}`, help).addOption(new Option(`--no${flag}`, `the opposite of --${flag}`).hideHelp());
}

/** Adds `--config-file`, `--config-dir`, `--debug`, `--no-plugin-cache` and oslo.log's flags to a command. */
export function addCommonOptions(command: Command): Command {
  command
    .addOption(
      new Option('--config-file <path>', 'ceilometer.conf to read; repeat for several, later files win (default: oslo.config search: ~/.ceilometer/, ~/, /etc/ceilometer/, /etc/)')
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--config-dir <dir>', 'read every *.conf in this directory after the config files; repeatable').argParser(collect).default([]))
    .option('-d, --debug', 'log at debug level (also [DEFAULT] debug)')
    .addOption(new Option('--nodebug', 'the opposite of --debug').hideHelp())
    .option('--no-plugin-cache', 'scan plugin packages without the on-disk cache (also CEILOMETER_PLUGIN_CACHE=0)')
    .option('--log-file <path>', 'log to this file, in oslo.log\'s text format (also [DEFAULT] log_file; relative to --log-dir when both are set)')
    .addOption(new Option('--logfile <path>').hideHelp())
    .option('--log-dir <dir>', 'directory of the log file; alone, the file is <dir>/<program>.log (also [DEFAULT] log_dir)')
    .addOption(new Option('--logdir <dir>').hideHelp())
    .option('--log-date-format <format>', 'strftime format of %(asctime)s (also [DEFAULT] log_date_format; default "%Y-%m-%d %H:%M:%S")')
    .option('--log-config-append <path>', 'a Python logging configuration file: not supported, reported as an error ([DEFAULT] log_config_append)')
    .option('--syslog-log-facility <facility>', 'syslog facility with --use-syslog (also [DEFAULT] syslog_log_facility; default LOG_USER)');
  addBoolean(command, 'watch-log-file', 'reopen the log file as soon as it is moved or removed (also [DEFAULT] watch_log_file; it is reopened before the next line anyway)');
  addBoolean(command, 'use-syslog', 'log to syslog (/dev/log) too (also [DEFAULT] use_syslog)');
  addBoolean(command, 'use-journal', 'log to the systemd journal with priorities (also [DEFAULT] use_journal)');
  addBoolean(command, 'use-json', 'log oslo.log JSON objects, one per line (also [DEFAULT] use_json)');
  return command;
}

type Flag = keyof CommonOptions;

/** `[DEFAULT]` option → the flag that sets it and the one that clears it. */
const FLAGS: ReadonlyArray<readonly [option: string, set: Flag, clear?: Flag, alias?: Flag]> = [
  ['debug', 'debug', 'nodebug'],
  ['log_file', 'logFile', undefined, 'logfile' as Flag],
  ['log_dir', 'logDir', undefined, 'logdir' as Flag],
  ['log_date_format', 'logDateFormat'],
  ['log_config_append', 'logConfigAppend'],
  ['syslog_log_facility', 'syslogLogFacility'],
  ['watch_log_file', 'watchLogFile', 'nowatchLogFile'],
  ['use_syslog', 'useSyslog', 'nouseSyslog'],
  ['use_journal', 'useJournal', 'nouseJournal'],
  ['use_json', 'useJson', 'nouseJson'],
];

/** The logging options given on the command line: `[DEFAULT]` option name → value (undefined when not given). */
export function loggingFlagValues(cli: CommonOptions): Map<string, string | boolean> {
  const values = new Map<string, string | boolean>();
  const raw = cli as unknown as Record<string, unknown>;
  for (const [option, set, clear, alias] of FLAGS) {
    const value = raw[set] ?? (alias ? raw[alias] : undefined);
    if (clear && raw[clear] === true) values.set(option, false);
    else if (typeof value === 'string' || typeof value === 'boolean') values.set(option, value);
  }
  return values;
}

/** The command-line flag of a `[DEFAULT]` logging option (`log_file` → `--log-file`). */
export function loggingFlagName(option: string): string {
  return `--${option.replace(/_/g, '-')}`;
}
