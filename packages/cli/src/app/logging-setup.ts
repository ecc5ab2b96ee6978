/**
 * The logging settings of a command: oslo.log's flags over `[DEFAULT]` of ceilometer.conf, and
 * where each option was set (file and line, or the flag) for the error when a log file cannot be
 * opened.
 */
import { resolveLoggingSettings, type Config, type IniValue, type LoggingSettings, type OptionOrigin } from '@ceilometer-ts/core';
import { loggingFlagName, loggingFlagValues, type CommonOptions } from './common-options.js';

export interface CommandLogging {
  readonly logging: LoggingSettings;
  readonly locate: (option: string) => OptionOrigin;
}

function locator(cli: CommonOptions, early: ReadonlyMap<string, IniValue>): (option: string) => OptionOrigin {
  const flags = loggingFlagValues(cli);
  return (option) => {
    if (flags.has(option)) return { file: `command line (${loggingFlagName(option)})` };
    const at = early.get(option);
    return at ? { file: at.file, line: at.line } : { file: '(defaults)' };
  };
}

/** From the flags and the early, unvalidated read of the files (before the options are declared). */
export function loggingFromEarlyDefaults(cli: CommonOptions, early: ReadonlyMap<string, IniValue>): CommandLogging {
  const flags = loggingFlagValues(cli);
  return { logging: resolveLoggingSettings((name) => early.get(name)?.value, (name) => flags.get(name)), locate: locator(cli, early) };
}

/** From the flags and the loaded (validated, substituted) configuration. */
export function loggingFromConfig(cli: CommonOptions, config: Config, early: ReadonlyMap<string, IniValue>): CommandLogging {
  const flags = loggingFlagValues(cli);
  const fromConfig = (name: string): unknown => (config.has('DEFAULT', name) ? config.get('DEFAULT', name) : undefined);
  return { logging: resolveLoggingSettings(fromConfig, (name) => flags.get(name)), locate: locator(cli, early) };
}
