/**
 * What the logging options resolve to, from the command line, ceilometer.conf, or both
 * (flags win), and where the output goes as oslo.log decides it.
 */
import { basename, isAbsolute, join } from 'node:path';
import { DEFAULT_LOG_LEVELS, OSLO_FORMATS } from './logging-options.js';

/** The logging options, resolved. */
export interface LoggingSettings {
  readonly debug: boolean;
  readonly logFile?: string;
  readonly logDir?: string;
  readonly watchLogFile: boolean;
  readonly useStderr: boolean;
  readonly useSyslog: boolean;
  readonly useJournal: boolean;
  readonly syslogFacility: string;
  readonly useJson: boolean;
  readonly defaultLogLevels: readonly string[];
  readonly logDateFormat: string;
  readonly defaultFormat: string;
  readonly exceptionPrefix: string;
  readonly logConfigAppend?: string;
  readonly publishErrors: boolean;
}

/** oslo.log's defaults: info level, no file, nothing but the console. */
export const DEFAULT_LOGGING_SETTINGS: LoggingSettings = Object.freeze({
  debug: false,
  watchLogFile: false,
  useStderr: false,
  useSyslog: false,
  useJournal: false,
  syslogFacility: 'LOG_USER',
  useJson: false,
  defaultLogLevels: DEFAULT_LOG_LEVELS,
  logDateFormat: OSLO_FORMATS.dateFormat,
  defaultFormat: OSLO_FORMATS.default,
  exceptionPrefix: OSLO_FORMATS.exceptionPrefix,
  publishErrors: false,
});

/** A source of option values: `[DEFAULT] name` → value, undefined when unset. */
export type LoggingValueSource = (name: string) => unknown;

const TRUE = new Set(['true', '1', 'on', 'yes']);
const FALSE = new Set(['false', '0', 'off', 'no']);

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Resolves the settings from sources in increasing precedence (ceilometer.conf, then the command
 * line). Strings are read as oslo.config reads them (`True`, `yes`, comma lists); a value that does
 * not parse is skipped here (the config load reports it with its file and line).
 */
export function resolveLoggingSettings(...sources: readonly LoggingValueSource[]): LoggingSettings {
  const pick = <T>(name: string, read: (v: unknown) => T | undefined): T | undefined => {
    let out: T | undefined;
    for (const source of sources) {
      const value = read(source(name));
      if (value !== undefined) out = value;
    }
    return out;
  };
  const d = DEFAULT_LOGGING_SETTINGS;
  const logFile = pick('log_file', asString);
  const logDir = pick('log_dir', asString);
  const logConfigAppend = pick('log_config_append', asString);
  return {
    debug: pick('debug', asBoolean) ?? d.debug,
    ...(logFile ? { logFile } : {}),
    ...(logDir ? { logDir } : {}),
    watchLogFile: pick('watch_log_file', asBoolean) ?? d.watchLogFile,
    useStderr: pick('use_stderr', asBoolean) ?? d.useStderr,
    useSyslog: pick('use_syslog', asBoolean) ?? d.useSyslog,
    useJournal: pick('use_journal', asBoolean) ?? d.useJournal,
    syslogFacility: pick('syslog_log_facility', asString) ?? d.syslogFacility,
    useJson: pick('use_json', asBoolean) ?? d.useJson,
    defaultLogLevels: pick('default_log_levels', asList) ?? d.defaultLogLevels,
    logDateFormat: pick('log_date_format', asString) ?? d.logDateFormat,
    defaultFormat: pick('logging_default_format_string', asString) ?? d.defaultFormat,
    exceptionPrefix: pick('logging_exception_prefix', asString) ?? d.exceptionPrefix,
    ...(logConfigAppend ? { logConfigAppend } : {}),
    publishErrors: pick('publish_errors', asBoolean) ?? d.publishErrors,
  };
}

/**
 * The log file path as oslo.log composes it: `log_file` alone; `log_dir/log_file` when both (an
 * absolute `log_file` stays itself, as Python's os.path.join does); `log_dir/<program>.log` when
 * only the directory is set.
 */
export function logFilePath(settings: Pick<LoggingSettings, 'logFile' | 'logDir'>, prog: string): string | undefined {
  const { logFile, logDir } = settings;
  if (logFile && !logDir) return logFile;
  if (logFile && logDir) return isAbsolute(logFile) ? logFile : join(logDir, logFile);
  if (logDir) return join(logDir, `${basename(prog)}.log`);
  return undefined;
}
