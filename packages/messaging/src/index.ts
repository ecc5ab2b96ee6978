/**
 * @ceilometer-ts/messaging: oslo.messaging-compatible transport URLs, envelopes, notifier and
 * notification listener over AMQP 0-9-1 (amqplib).
 */
export * from './errors.js';
export * from './transport-url.js';
export * from './envelope.js';
export * from './options.js';
export * from './settings.js';
export * from './connect-failure.js';
export * from './amqp-connection.js';
export * from './outbox.js';
export * from './notifier.js';
export * from './listener.js';
