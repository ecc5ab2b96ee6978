/**
 * @ceilometer-ts/pollsters-hardware: hardware.* meters from Stein-format definitions and the seed
 * deployment's custom.hardware.* meters, over the hardware inspectors (snmp://, local://).
 */
export * from './options.js';
export * from './converters.js';
export * from './definitions.js';
export * from './monitor-filter.js';
export * from './hardware-host.js';
export * from './host-values.js';
export * from './host-fetcher.js';
export * from './runtime.js';
export * from './counters.js';
export * from './hardware-pollster.js';
export * from './generic-pollster.js';
export * from './builder.js';
export * from './custom/custom-meter.js';
export * from './custom/cpu.js';
export * from './custom/memory.js';
export * from './custom/network.js';
export * from './custom/disk.js';
export * from './custom-pollster.js';
export * from './custom-builder.js';
export * from './hosts-file-discovery.js';
