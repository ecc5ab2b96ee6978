/**
 * @ceilometer-ts/publisher-http: the `http://` and `https://` sample and event publisher.
 */
export * from './errors.js';
export * from './http-publisher.js';
export * from './http-sender.js';
export * from './http-settings.js';
export * from './options.js';
export * from './payloads.js';
export * from './publisher-target.js';
export * from './py-params.js';
