/**
 * @ceilometer-ts/publisher-common/testing: helpers for the publisher plugins' tests (not part of
 * the runtime contract).
 */
export * from './http-recorder.js';
export * from './logging.js';
export * from './sample-fixtures.js';
export * from './silent-peer.js';
