/**
 * Log levels as oslo.log names them, and `[DEFAULT] default_log_levels` (`logger=LEVEL` pairs)
 * resolved the way Python's logging hierarchy does: the longest dotted prefix with a level wins.
 */

/** pino's level labels, the ones the root logger uses. */
export type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const PINO_NUMBERS: Readonly<Record<PinoLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Python's level name of a pino level number (`WARNING`, not `WARN`; oslo's `TRACE` is 5). */
export function pythonLevelName(level: number): string {
  if (level >= 60) return 'CRITICAL';
  if (level >= 50) return 'ERROR';
  if (level >= 40) return 'WARNING';
  if (level >= 30) return 'INFO';
  if (level >= 20) return 'DEBUG';
  return 'TRACE';
}

/** Python's level number (`levelno`) of a pino level number. */
export function pythonLevelNumber(level: number): number {
  if (level >= 60) return 50;
  if (level >= 50) return 40;
  if (level >= 40) return 30;
  if (level >= 30) return 20;
  if (level >= 20) return 10;
  return 5;
}

/** syslog severity of a pino level number (oslo.log's SYSLOG_MAP). */
export function syslogSeverity(level: number): number {
  if (level >= 60) return 2;
  if (level >= 50) return 3;
  if (level >= 40) return 4;
  if (level >= 30) return 6;
  return 7;
}

/** The pino level of a Python level name or number (`WARN`, `warning`, `30`, `5`); undefined when unknown. */
export function pinoLevelOf(text: string): PinoLevel | undefined {
  const name = text.trim().toUpperCase();
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    if (n <= 5) return 'trace';
    if (n <= 10) return 'debug';
    if (n <= 20) return 'info';
    if (n <= 30) return 'warn';
    if (n <= 40) return 'error';
    return 'fatal';
  }
  const byName: Record<string, PinoLevel> = {
    TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', WARNING: 'warn', ERROR: 'error', CRITICAL: 'fatal', FATAL: 'fatal',
  };
  return byName[name];
}

/** The more verbose of two levels. */
export function moreVerbose(a: PinoLevel, b: PinoLevel): PinoLevel {
  return PINO_NUMBERS[a] <= PINO_NUMBERS[b] ? a : b;
}

/** `default_log_levels` parsed: logger name → level, plus the entries that could not be read. */
export interface LogLevelTable {
  readonly levels: ReadonlyMap<string, PinoLevel>;
  readonly invalid: readonly string[];
}

/**
 * Parses `default_log_levels` (`amqp=WARN`, `ceilometer_ts.publisher_http=DEBUG`). Names we never
 * use (upstream's `amqp`, `stevedore`, ...) are kept and simply never match, as in Python.
 */
export function parseLogLevels(pairs: readonly string[]): LogLevelTable {
  const levels = new Map<string, PinoLevel>();
  const invalid: string[] = [];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const level = at > 0 ? pinoLevelOf(pair.slice(at + 1)) : undefined;
    if (at <= 0 || level === undefined) invalid.push(pair);
    else levels.set(pair.slice(0, at).trim(), level);
  }
  return { levels, invalid };
}

/** The level of logger `name`: its own entry, else its nearest dotted ancestor's, else `root`. */
export function effectiveLevel(name: string, table: LogLevelTable, root: PinoLevel): PinoLevel {
  for (let probe = name; probe !== ''; probe = probe.includes('.') ? probe.slice(0, probe.lastIndexOf('.')) : '') {
    const level = table.levels.get(probe);
    if (level !== undefined) return level;
  }
  return root;
}
