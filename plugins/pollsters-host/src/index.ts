/**
 * @ceilometer-ts/pollsters-host: hardware.* meters for this machine read from /proc and /sys
 * (the `local://` inspector), with no SNMP agent.
 */
export * from './host-reader.js';
export * from './local-host.js';
export * from './local-host-pollster.js';
export * from './discovery.js';
export * from './cpu-load.js';
export * from './cpu-ticks.js';
export * from './cpu-percent.js';
export * from './memory.js';
export * from './system-stats.js';
export * from './network.js';
export * from './disk.js';
export * from './proc/loadavg.js';
export * from './proc/meminfo.js';
export * from './proc/stat.js';
export * from './proc/vmstat.js';
export * from './proc/net-dev.js';
export * from './proc/net-snmp.js';
export * from './proc/diskstats.js';
export * from './proc/mounts.js';
