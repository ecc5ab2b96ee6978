/** @ceilometer-ts/coordination-etcd: the etcd v3 coordination driver. */
export * from './etcd3-driver.js';
export * from './etcd-url.js';
export * from './membership-keys.js';
