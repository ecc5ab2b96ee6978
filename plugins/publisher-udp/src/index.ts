/**
 * @ceilometer-ts/publisher-udp: the `udp://` sample publisher (msgpack of signed meter messages).
 */
export * from './decode.js';
export * from './host-port.js';
export * from './publisher-target.js';
export * from './py-msgpack.js';
export * from './telemetry-secret.js';
export * from './udp-publisher.js';
