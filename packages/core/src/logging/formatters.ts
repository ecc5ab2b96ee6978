/**
 * The three layouts of a record: oslo.log's text format (files, syslog, journal, piped stderr),
 * oslo.log's JSONFormatter (`use_json`), and one compact line for a terminal.
 */
import { hostname } from 'node:os';
import { errorSummary, fieldsText, type LogRecord } from './log-record.js';
import { pythonLevelName, pythonLevelNumber } from './levels.js';
import { isoLocal, percentFormat, strftime } from './percent-format.js';

/** Turns a record into the text of one output: one line, or several for a traceback, without the final newline. */
export type LogFormatter = (record: LogRecord) => string;

/** What the oslo formatters need from the settings. */
export interface OsloFormatSettings {
  readonly logDateFormat: string;
  readonly defaultFormat: string;
  readonly exceptionPrefix: string;
  /** Print tracebacks below ERROR too (`--debug`). */
  readonly debug: boolean;
}

function recordValues(record: LogRecord, dateFormat: string): Record<string, unknown> {
  const date = new Date(record.time);
  return {
    asctime: strftime(dateFormat, date),
    msecs: date.getMilliseconds(),
    isotime: isoLocal(date),
    created: record.time / 1000,
    process: record.pid,
    levelname: pythonLevelName(record.level),
    levelno: pythonLevelNumber(record.level),
    name: record.name,
    instance: '',
    color: '',
    global_request_id: '-',
    request_id: '-',
    user_identity: '-',
    project: 'ceilometer',
  };
}

/** Whether the traceback of the record's error is printed: errors and worse, and everything with --debug. */
function showsTraceback(record: LogRecord, debug: boolean): boolean {
  return record.err?.stack !== undefined && (record.level >= 50 || debug);
}

/**
 * oslo's ContextFormatter with the default format (the agents log no request context): the fields
 * follow the message as `key=value`; from WARNING up an error adds `: Type: message` (oslo's
 * `error_summary`) unless the message says it already; a traceback follows on lines that each start
 * with `logging_exception_prefix`, as oslo prints a Python traceback.
 */
export function osloTextFormatter(settings: OsloFormatSettings): LogFormatter {
  return (record) => {
    const values = recordValues(record, settings.logDateFormat);
    let message = record.message + fieldsText(record.fields);
    if (record.err && record.level >= 40 && !record.message.includes(record.err.message.split('\n', 1)[0] ?? '')) message += `: ${errorSummary(record.err)}`;
    let text = percentFormat(settings.defaultFormat, { ...values, message });
    if (showsTraceback(record, settings.debug)) {
      const prefix = percentFormat(settings.exceptionPrefix, values);
      for (const line of (record.err?.stack ?? '').split('\n')) text += `\n${prefix}${line}`;
    }
    return text;
  };
}

const HOSTNAME = hostname();

/** oslo.log's JSONFormatter keys (`levelname`, never a number alone), filled where the agent has a value. */
export function osloJsonFormatter(settings: Pick<OsloFormatSettings, 'logDateFormat'>): LogFormatter {
  return (record) => {
    const values = recordValues(record, settings.logDateFormat);
    const err = record.err;
    return JSON.stringify({
      message: record.message,
      asctime: values['asctime'],
      name: record.name,
      msg: record.message,
      args: [],
      levelname: values['levelname'],
      levelno: values['levelno'],
      pathname: null,
      filename: null,
      module: null,
      lineno: null,
      funcname: null,
      created: values['created'],
      msecs: values['msecs'],
      relative_created: null,
      thread: null,
      thread_name: 'MainThread',
      process_name: record.prog ?? 'MainProcess',
      process: record.pid,
      traceback: err?.stack ? err.stack.split('\n') : null,
      hostname: HOSTNAME,
      error_summary: err && record.level >= 40 ? errorSummary(err) : '',
      context: {},
      extra: record.fields,
    });
  };
}

const COLORS: Readonly<Record<string, string>> = {
  TRACE: '\x1b[00;35m', DEBUG: '\x1b[00;32m', INFO: '\x1b[00;36m', WARNING: '\x1b[01;33m', ERROR: '\x1b[01;31m', CRITICAL: '\x1b[01;31m',
};

/** One line per record for a person at a terminal: time, level (coloured as oslo's ColorHandler), name, message, fields. */
export function terminalFormatter(options: { readonly color: boolean }): LogFormatter {
  return (record) => {
    const level = pythonLevelName(record.level);
    const shown = options.color ? `${COLORS[level] ?? ''}${level}\x1b[00m` : level;
    const err = record.err && !record.message.includes(record.err.message.split('\n', 1)[0] ?? '') ? `: ${errorSummary(record.err)}` : '';
    const line = `${strftime('%H:%M:%S', new Date(record.time))}.${String(new Date(record.time).getMilliseconds()).padStart(3, '0')} ${shown} ${record.name}: ${record.message}${err}${fieldsText(record.fields)}`;
    return line.replace(/\r?\n/g, '\\n');
  };
}
