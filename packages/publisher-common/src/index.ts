/**
 * @ceilometer-ts/publisher-common: protocol code shared by the publisher plugins (as telegraf's
 * `plugins/common`): a library, not a plugin.
 */
export * from './as-dict.js';
export * from './config-value.js';
export * from './deadline.js';
export * from './errors.js';
export * from './failure.js';
export * from './host-port.js';
export * from './http-options.js';
export * from './http-sender.js';
export * from './http-settings.js';
export * from './py-msgpack.js';
export * from './py-msgpack-decode.js';
export * from './py-params.js';
export * from './telemetry-secret.js';
export * from './timeouts.js';
