/**
 * @ceilometer-ts/inspector-libvirt: the `libvirt` compute inspector over one long-lived virsh.
 */
export * from './libvirt-inspector.js';
export * from './options.js';
export * from './virsh-session.js';
export * from './virsh-output.js';
export * from './virsh-parsers.js';
export * from './domain-description.js';
export * from './hypervisor-snapshot.js';
export * from './instance-stats.js';
export * from './fallback-reads.js';
