/** Logging: the pino root logger with secrets redacted, and the redaction helpers. */
export * from './redact-secrets.js';
export * from './redact-url.js';
export * from './root-logger.js';
