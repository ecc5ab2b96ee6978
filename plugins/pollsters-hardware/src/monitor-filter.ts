/**
 * The `host:` section of monitor_hardware.yaml, read through `@ceilometer-ts/monitor-hardware`
 * (the compute pollsters read its `instance:` section from the same file).
 */
import { loadMonitorSections, parseMonitorSections, type MonitorFilter } from '@ceilometer-ts/monitor-hardware';

export { ALLOW_ALL, diskMatches, monitorFilter, type MonitorFilter } from '@ceilometer-ts/monitor-hardware';

/** Validates file content and returns its `host:` filter; throws ConfigError listing every problem. */
export function parseMonitorFile(text: string, file: string): MonitorFilter {
  return parseMonitorSections(text, file).host;
}

/** Reads the file's `host:` section; a missing file means everything, a malformed one is a ConfigError. */
export async function loadMonitorFile(path: string): Promise<MonitorFilter> {
  return (await loadMonitorSections(path)).host;
}
