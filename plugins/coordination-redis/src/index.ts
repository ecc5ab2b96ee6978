/** @ceilometer-ts/coordination-redis: the `redis://` and `rediss://` coordination driver. */
export * from './redis-driver.js';
export * from './redis-options.js';
