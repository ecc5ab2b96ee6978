/**
 * @ceilometer-ts/monitor-hardware: monitor_hardware.yaml, shared by the hardware and compute pollsters.
 */
export * from './monitor-file.js';
export * from './monitor-option.js';
