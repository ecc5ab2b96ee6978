/**
 * @ceilometer-ts/pollsters-ipmi: the `hardware.ipmi.*` sensor pollsters (`ceilometer.poll.ipmi`)
 * over ipmitool, for the local BMC (`local_node`) and remote BMCs (`ipmi_bmcs`, `[ipmi] bmcs_file`).
 */
export * from './options.js';
export * from './target.js';
export * from './ipmi-command-error.js';
export { IpmiTool, IPMI_TOOL_SERVICE, ipmiToolOf } from './ipmitool.js';
export * from './sdr-output.js';
export * from './sensor-reading.js';
export * from './bmcs-file.js';
export * from './target-health.js';
export * from './sensor-reader.js';
export * from './sensor-pollsters.js';
export * from './discovery/local-node.js';
export * from './discovery/bmcs.js';
