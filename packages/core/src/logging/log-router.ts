/**
 * The destination of the root pino logger: reads each JSON line back into a record and hands it to
 * the outputs the logging settings chose, as oslo.log's handlers (a file, stderr, syslog, the
 * journal). `configure()` swaps the outputs, so the logger and its children stay valid when the
 * configuration files are read after the logger was made.
 */
import { isAbsolute } from 'node:path';
import { ConfigError } from '@ceilometer-ts/sdk';
import { FileLogOutput } from './file-log-output.js';
import { osloJsonFormatter, osloTextFormatter, terminalFormatter, type LogFormatter } from './formatters.js';
import { JournalLogOutput } from './journal-output.js';
import { internalRecord, parseLogRecord } from './log-record.js';
import { StreamLogOutput, stderrIsJournal, type LogOutput } from './log-output.js';
import { logFilePath, type LoggingSettings } from './logging-settings.js';
import { parseLogLevels } from './levels.js';
import { SYSLOG_FACILITY_NAMES, syslogFacility, SyslogLogOutput } from './syslog-output.js';

/** How the console (stderr, or the stream given) shows records. */
export type ConsoleFormat = 'oslo' | 'terminal' | 'json' | 'pino';

/** What {@link LogRouter.configure} needs besides the settings. */
export interface LogRouterContext {
  /** The program name: log file name under `log_dir`, syslog tag, journal identifier. */
  readonly prog: string;
  /** Console destination; default stderr (fd 2). */
  readonly console?: NodeJS.WritableStream | number;
  /** Console format when `use_json` is off; default: `terminal` on a TTY, else `CEILOMETER_LOG_FORMAT` or `oslo`. */
  readonly consoleFormat?: ConsoleFormat;
  /** Where an option was set, for errors: a file and line, or `(command line)` and the flag. */
  readonly locate?: (option: string) => OptionOrigin;
  /** Test seams. */
  readonly syslogSocket?: string;
  readonly journalSocket?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Where a logging option was set. */
export interface OptionOrigin {
  readonly file: string;
  readonly line?: number;
}

/** The default console format: one line per record on a terminal, oslo text otherwise. */
export function defaultConsoleFormat(destination: NodeJS.WritableStream | number, env: NodeJS.ProcessEnv = process.env): ConsoleFormat {
  const forced = env['CEILOMETER_LOG_FORMAT'];
  if (forced === 'oslo' || forced === 'terminal' || forced === 'json' || forced === 'pino') return forced;
  const tty = destination === 2 ? process.stderr.isTTY : destination === 1 ? process.stdout.isTTY : false;
  return tty ? 'terminal' : 'oslo';
}

export class LogRouter {
  #outputs: LogOutput[] = [];

  /** Writes to stderr (pino JSON lines) until configured. */
  constructor(outputs: LogOutput[] = [new StreamLogOutput(2, 'raw')]) {
    this.#outputs = outputs;
  }

  /** pino's destination contract: one JSON line per call. */
  write(line: string): void {
    const record = parseLogRecord(line);
    for (const output of this.#outputs) output.write(record, line);
  }

  /** Reopens the log file (SIGHUP does it too). */
  reopen(): void {
    for (const output of this.#outputs) output.reopen?.();
  }

  close(): void {
    for (const output of this.#outputs) output.close();
    this.#outputs = [];
  }

  /**
   * Chooses the outputs as oslo.log's `_setup_logging_from_conf`: the file when `log_file`/`log_dir`
   * say so, stderr when `use_stderr`, the journal when `use_journal`, the console when none of
   * these (oslo writes to stdout; ceilometer-ts to stderr, stdout carries `--poll-once` samples),
   * and syslog besides when `use_syslog`. Throws a ConfigError naming the option when the log file
   * cannot be opened or the facility is unknown; the previous outputs stay in place then.
   */
  configure(settings: LoggingSettings, context: LogRouterContext): void {
    const locate = context.locate ?? ((): OptionOrigin => ({ file: '(logging settings)' }));
    const env = context.env ?? process.env;
    const consoleDest = context.console ?? 2;
    const text = osloTextFormatter(settings);
    const json = osloJsonFormatter(settings);
    const formatOf = (f: ConsoleFormat): LogFormatter | 'raw' =>
      f === 'pino' ? 'raw' : f === 'json' ? json : f === 'terminal' ? terminalFormatter({ color: !env['NO_COLOR'] && typeof consoleDest === 'number' }) : text;
    const consoleFormat: LogFormatter | 'raw' = settings.useJson ? json : formatOf(context.consoleFormat ?? defaultConsoleFormat(consoleDest, env));
    const journalStderr = consoleDest === 2 && stderrIsJournal(env);
    const makeConsole = (): LogOutput => new StreamLogOutput(consoleDest, consoleFormat, journalStderr && consoleFormat !== 'raw');
    const fileFormat = settings.useJson ? json : text;

    const outputs: LogOutput[] = [];
    const internal: Array<[number, string]> = [];
    try {
      const path = logFilePath(settings, context.prog);
      if (path) outputs.push(openLogFile(path, fileFormat, settings, locate));
      if (settings.useStderr) outputs.push(makeConsole());
      if (settings.useJournal) {
        // under systemd, stderr already is the journal: the console output carries the priorities
        if (journalStderr) {
          if (!settings.useStderr) outputs.push(makeConsole());
        } else outputs.push(new JournalLogOutput({ identifier: context.prog, format: fileFormat, fallback: makeConsole(), ...(context.journalSocket ? { socketPath: context.journalSocket } : {}) }));
      }
      if (!path && !settings.useStderr && !settings.useJournal) outputs.push(makeConsole());
      if (settings.useSyslog) {
        const facility = syslogFacility(settings.syslogFacility);
        if (facility === undefined) {
          throw new ConfigError([{ ...locate('syslog_log_facility'), path: 'DEFAULT.syslog_log_facility', message: `syslog facility must be one of: ${SYSLOG_FACILITY_NAMES.map((f) => `'${f}'`).join(', ')} (got '${settings.syslogFacility}')` }]);
        }
        // oslo adds syslog beside the others: when it cannot be reached, stderr takes its records unless it shows them already
        const console = outputs.find((o) => o instanceof StreamLogOutput);
        outputs.push(new SyslogLogOutput({ facility, tag: context.prog, format: fileFormat, fallback: console ? null : makeConsole(), notice: console ?? makeConsole(), ...(context.syslogSocket ? { socketPath: context.syslogSocket } : {}) }));
      }
    } catch (error) {
      for (const output of outputs) output.close();
      throw error;
    }
    if (settings.logConfigAppend) internal.push([50, `log_config_append = ${settings.logConfigAppend} is not supported by ceilometer-ts (a Python logging configuration file); logging follows log_file, log_dir, use_stderr, use_json, use_syslog, use_journal and default_log_levels instead`]);
    if (settings.publishErrors) internal.push([40, 'publish_errors = true is not supported by ceilometer-ts: errors are not published as notifications']);
    const levels = parseLogLevels(settings.defaultLogLevels);
    if (levels.invalid.length > 0) internal.push([40, `default_log_levels: ignored entries that are not logger=LEVEL: ${levels.invalid.join(', ')}`]);

    const previous = this.#outputs;
    this.#outputs = outputs;
    for (const output of previous) output.close();
    for (const [level, message] of internal) {
      const record = internalRecord(level, message, context.prog);
      for (const output of outputs) output.write(record, JSON.stringify({ level, msg: message }));
    }
  }
}

function openLogFile(path: string, format: LogFormatter, settings: LoggingSettings, locate: (option: string) => OptionOrigin): LogOutput {
  const option = settings.logFile && !(settings.logDir && !isAbsolute(settings.logFile)) ? 'log_file' : 'log_dir';
  try {
    return new FileLogOutput(path, format, { watch: settings.watchLogFile });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError([{ ...locate(option), path: `DEFAULT.${option}`, message: `cannot open log file ${path} for writing (${reason}): create the directory or make it writable for this user` }]);
  }
}
