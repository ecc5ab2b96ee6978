/**
 * @ceilometer-ts/publisher-test: the `test://` in-memory sample and event publisher.
 */
export * from './publisher-target.js';
export * from './test-publisher.js';
