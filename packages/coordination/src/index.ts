/**
 * @ceilometer-ts/coordination: work partitioning for agents sharing a coordination backend.
 * No I/O of its own: drivers (`ceilometer.coordination` plugins) talk to Redis or etcd.
 */
export * from './hash-ring.js';
export * from './partitioner.js';
export * from './coordinator.js';
export * from './coordination-url.js';
export * from './create-driver.js';
export * from './stable-group-id.js';
