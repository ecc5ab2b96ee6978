/**
 * @ceilometer-ts/publisher-tcp: the `tcp://` sample publisher (length-prefixed msgpack).
 */
export * from './decode.js';
export * from './errors.js';
export * from './host-port.js';
export * from './publisher-target.js';
export * from './py-msgpack.js';
export * from './tcp-message.js';
export * from './tcp-publisher.js';
export * from './telemetry-secret.js';
