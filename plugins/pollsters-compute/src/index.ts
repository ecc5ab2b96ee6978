/**
 * @ceilometer-ts/pollsters-compute: the compute pollsters (`ceilometer.poll.compute`) and the
 * `local_instances` and `local_node` discoveries (`ceilometer.discover.compute`), over the
 * hypervisor inspector contract of the sdk.
 */
export * from './options.js';
export * from './instance-metadata.js';
export * from './compute-pollster.js';
export * from './families.js';
export * from './rate-memory.js';
export * from './runtime.js';
export * from './instance-stats.js';
export * from './net.js';
export * from './disk.js';
export * from './discovery/local-instances.js';
export * from './discovery/local-node.js';
export * from './discovery/libvirt-metadata.js';
export * from './discovery/libvirt-state.js';
export * from './discovery/naive.js';
export * from './discovery/nova-port.js';
export * from './discovery/nova-server.js';
