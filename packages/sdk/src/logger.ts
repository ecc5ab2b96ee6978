/**
 * The logging surface a plugin sees: a subset of pino's Logger, so plugins need no pino dependency
 * and tests can pass a silent or recording logger.
 */
/** One level's method: a fields object and a message, or a message alone (pino's call forms). */
export interface LogFn {
  (obj: object, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/** A plugin's logger (`ctx.logger`): one method per level, child loggers with bound fields. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** A logger adding `bindings` to every record. */
  child(bindings: Record<string, unknown>): Logger;
  /** Whether records at `level` are kept (skip building costly fields otherwise). */
  isLevelEnabled?(level: string): boolean;
}

const noop: LogFn = () => {};

/** A logger that drops everything (tests, library use without a root logger). */
export const silentLogger: Logger = {
  trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop,
  child: () => silentLogger,
};
