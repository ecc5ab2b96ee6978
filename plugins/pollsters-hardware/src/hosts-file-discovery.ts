/**
 * The `hardware_hosts_file` discovery (`ceilometer.discover.central`): hosts to poll read from a
 * file named by the discovery parameter (`discovery: [hardware_hosts_file:/etc/ceilometer/hosts.yaml]`).
 * The file is a YAML list of resource URLs (or `{resource_id, resource_url}` mappings), or plain
 * text with one URL per line (`#` comments). A bare address gets `[hardware] url_scheme`.
 */
import { readFile } from 'node:fs/promises';
import { inject, injectable, PLUGIN_CONTEXT, type Discovery, type PluginContext, type PollCycle } from '@ceilometer-ts/sdk';
import { parse } from 'yaml';
import { HardwareRuntime } from './runtime.js';

/** Parses a hosts file's text into resources. */
export function parseHostsFile(text: string, urlScheme = 'snmp://'): unknown[] {
  let parsed: unknown;
  try {
    parsed = parse(text, { version: '1.1' });
  } catch {
    parsed = undefined;
  }
  const items: unknown[] = Array.isArray(parsed)
    ? parsed
    : text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  return items
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '' && item !== null && item !== undefined)
    .map((item) => (typeof item === 'string' && !item.includes('://') ? `${urlScheme}${item}` : item));
}

/** Reads the file on every discovery (once per cycle), so edits apply without a restart. */
@injectable()
export class HardwareHostsFileDiscovery implements Discovery {
  readonly groupId = 'hardware_hosts_file';

  constructor(@inject(PLUGIN_CONTEXT) private readonly ctx: PluginContext) {}

  async discover(_cycle: PollCycle, param?: string): Promise<readonly unknown[]> {
    if (!param) throw new Error('hardware_hosts_file needs a file: hardware_hosts_file:/path/to/hosts.yaml');
    const runtime = HardwareRuntime.of(this.ctx);
    const path = runtime.findFile(param) ?? param;
    return parseHostsFile(await readFile(path, 'utf8'), runtime.settings.urlScheme);
  }
}
