/**
 * @ceilometer-ts/publisher-notifier: the `notifier://` sample and event publisher (oslo.messaging over AMQP).
 */
export * from './errors.js';
export * from './notifier-publisher.js';
export * from './notifier-url.js';
export * from './options.js';
export * from './publisher-target.js';
