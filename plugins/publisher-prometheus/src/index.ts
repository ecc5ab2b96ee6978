/**
 * @ceilometer-ts/publisher-prometheus: the `prometheus://` sample publisher (Pushgateway).
 */
export * from './exposition.js';
export * from './grouping.js';
export * from './options.js';
export * from './prometheus-publisher.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export {
  boolFromString, describeTarget, HttpPublisherConfigError, HttpPublishError, HttpSender, parseHttpSettings, parseQs, popParam,
  pyInt, urlencodeQs, type HttpSenderOptions, type HttpSettings,
} from '@ceilometer-ts/publisher-common';
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
