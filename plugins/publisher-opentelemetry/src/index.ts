/**
 * @ceilometer-ts/publisher-opentelemetry: the `opentelemetryhttp://` sample publisher (OTLP/HTTP JSON).
 */
export * from './errors.js';
export * from './http-sender.js';
export * from './http-settings.js';
export * from './iso-time.js';
export * from './options.js';
export * from './otlp-http-publisher.js';
export * from './otlp-json.js';
export * from './otlp-metrics.js';
export * from './publisher-target.js';
export * from './py-params.js';
export * from './start-times.js';
