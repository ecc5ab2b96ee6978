/**
 * @ceilometer-ts/publisher-notifier: the `notifier://` sample and event publisher (oslo.messaging over AMQP).
 */
export * from './errors.js';
export * from './notifier-publisher.js';
export * from './notifier-url.js';
export * from './options.js';
// Shared code this plugin re-exports for compatibility (it lives in the sdk and publisher-common).
export { toPublisherTarget, type PublisherArg } from '@ceilometer-ts/sdk';
