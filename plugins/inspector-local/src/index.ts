/**
 * @ceilometer-ts/inspector-local: the `local` hardware inspector, a virtual MIB (the OIDs net-snmp's
 * snmpd would serve) computed from this machine's /proc and /sys, and the `local_host` discovery.
 */
export * from './host-reader.js';
export * from './host-snapshot.js';
export * from './local-host.js';
export * from './local-inspector.js';
export * from './discovery.js';
export * from './mib/oids.js';
export * from './mib/mib-values.js';
export * from './mib/virtual-mib.js';
export * from './proc/loadavg.js';
export * from './proc/meminfo.js';
export * from './proc/stat.js';
export * from './proc/vmstat.js';
export * from './proc/net-dev.js';
export * from './proc/net-snmp.js';
export * from './proc/diskstats.js';
export * from './proc/mounts.js';
