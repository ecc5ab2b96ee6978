/** Logging: the pino root logger with secrets redacted, oslo.log's options, formats and outputs. */
export * from './redact-secrets.js';
export * from './redact-url.js';
export * from './root-logger.js';
export * from './levels.js';
export * from './logger-name.js';
export * from './logging-options.js';
export * from './logging-settings.js';
export * from './formatters.js';
export type { LogRecord, LoggedError } from './log-record.js';
export { parseLogRecord } from './log-record.js';
export { defaultConsoleFormat, type ConsoleFormat, type LogRouterContext, type OptionOrigin } from './log-router.js';
export { syslogFacility } from './syslog-output.js';
