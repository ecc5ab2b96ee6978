/**
 * @ceilometer-ts/publisher-tcp: the `tcp://` sample publisher (length-prefixed msgpack).
 */
export * from './errors.js';
export * from './tcp-message.js';
export * from './tcp-publisher.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export {
  CollectorAddressError, DEFAULT_COLLECTOR_PORT, DEFAULT_TELEMETRY_SECRET, packPy, unpackMeterMessage, parseHostPort, telemetrySecret, type HostPort,
} from '@ceilometer-ts/publisher-common';
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
