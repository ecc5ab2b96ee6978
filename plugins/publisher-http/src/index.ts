/**
 * @ceilometer-ts/publisher-http: the `http://` and `https://` sample and event publisher.
 */
export * from './http-publisher.js';
export * from './options.js';
export * from './payloads.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export {
  boolFromString, describeTarget, HttpPublisherConfigError, HttpPublishError, HttpSender, parseHttpSettings, parseQs, popParam,
  pyInt, urlencodeQs, type HttpSenderOptions, type HttpSettings,
} from '@ceilometer-ts/publisher-common';
export { sampleAsDict, type SampleDict } from '@ceilometer-ts/publisher-common';
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
