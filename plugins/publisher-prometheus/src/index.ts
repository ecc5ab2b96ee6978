/**
 * @ceilometer-ts/publisher-prometheus: the `prometheus://` sample publisher (Pushgateway).
 */
export * from './errors.js';
export * from './exposition.js';
export * from './grouping.js';
export * from './http-sender.js';
export * from './http-settings.js';
export * from './options.js';
export * from './prometheus-publisher.js';
export * from './publisher-target.js';
export * from './py-params.js';
