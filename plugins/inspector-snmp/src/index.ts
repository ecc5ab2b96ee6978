/**
 * @ceilometer-ts/inspector-snmp: the `snmp` hardware inspector (net-snmp) behind the hardware.*
 * and custom.hardware.* meters.
 */
export * from './errors.js';
export * from './options.js';
export * from './oid.js';
export * from './value.js';
export * from './snmp-target.js';
export * from './snmp-session.js';
export * from './walk.js';
export * from './get-scalars.js';
export * from './limiter.js';
export * from './host-cycle-state.js';
export * from './snmp-inspector.js';
