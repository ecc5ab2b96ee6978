/**
 * @ceilometer-ts/publisher-opentelemetry: the `opentelemetryhttp://` sample publisher (OTLP/HTTP JSON).
 */
export * from './iso-time.js';
export * from './options.js';
export * from './otlp-http-publisher.js';
export * from './otlp-json.js';
export * from './otlp-metrics.js';
export * from './start-times.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export {
  boolFromString, describeTarget, HttpPublisherConfigError, HttpPublishError, HttpSender, parseHttpSettings, parseQs, popParam,
  pyInt, urlencodeQs, type HttpSenderOptions, type HttpSettings,
} from '@ceilometer-ts/publisher-common';
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
