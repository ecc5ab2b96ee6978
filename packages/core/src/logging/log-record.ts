/**
 * One log record as the formatters see it, read back from the JSON line pino wrote (pino does the
 * level check, redaction and error serialisation; the formatters only lay the record out).
 */
import { loggerNameOf, NAME_BINDINGS } from './logger-name.js';

/** An error as pino's serializer wrote it (`type`, `message`, `stack` with its causes). */
export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
}

export interface LogRecord {
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** pino's level number. */
  readonly level: number;
  /** Dotted logger name ({@link loggerNameOf}). */
  readonly name: string;
  readonly message: string;
  readonly pid: number;
  /** The program (`ceilometer-polling`). */
  readonly prog: string | undefined;
  /** Every other field, in the order they were logged. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly err?: LoggedError;
}

/** Fields pino writes for every record, which the formatters print in their own places. */
const RESERVED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v', 'err']);

function asError(value: unknown): LoggedError | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const err = value as Record<string, unknown>;
  const message = typeof err['message'] === 'string' ? err['message'] : '';
  const type = typeof err['type'] === 'string' ? err['type'] : 'Error';
  return typeof err['stack'] === 'string' ? { type, message, stack: err['stack'] } : { type, message };
}

/** Reads a pino JSON line; null when it is not one (the line is then written as it is). */
export function parseLogRecord(line: string): LogRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || typeof (raw as { level?: unknown }).level !== 'number') return null;
  const obj = raw as Record<string, unknown>;
  const prog = typeof obj['name'] === 'string' ? obj['name'] : undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (!RESERVED.has(key) && !NAME_BINDINGS.has(key)) fields[key] = value;
  }
  const err = asError(obj['err']);
  return {
    time: typeof obj['time'] === 'number' ? obj['time'] : Date.now(),
    level: obj['level'] as number,
    name: loggerNameOf(obj, prog),
    message: typeof obj['msg'] === 'string' ? obj['msg'] : '',
    pid: typeof obj['pid'] === 'number' ? obj['pid'] : process.pid,
    prog,
    fields,
    ...(err ? { err } : {}),
  };
}

/** A field value as `key=value` text: bare when it has no space, quote or `=`, JSON otherwise. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** The fields of a record as ` key=value key=value` (empty when none). */
export function fieldsText(fields: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const [key, value] of Object.entries(fields)) out += ` ${key}=${fieldText(value)}`;
  return out;
}

/** oslo's `error_summary`: `Type: message` of the first line. */
export function errorSummary(err: LoggedError): string {
  const first = err.message.split('\n', 1)[0] ?? '';
  return first ? `${err.type}: ${first}` : err.type;
}

/** A record the logging layer writes itself (an output that fell back, an unsupported option). */
export function internalRecord(level: number, message: string, prog: string | undefined, fields: Readonly<Record<string, unknown>> = {}): LogRecord {
  return { time: Date.now(), level, name: `${loggerNameOf({}, prog)}.logging`, message, pid: process.pid, prog, fields };
}
