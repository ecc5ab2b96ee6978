/**
 * `monitor_hardware.yaml`: which disks and network interfaces of physical hosts are collected.
 * Format (the seed deployment's): `host: {disk_name: [...], network_interface_name: [...]}`; the
 * `instance` section belongs to the compute agent and is ignored here. A missing file or an empty
 * list means everything.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, type ConfigIssue } from '@ceilometer-ts/sdk';
import { parseLocatedYaml } from '@ceilometer-ts/located-yaml';

/** Decides per disk and per interface name. */
export interface MonitorFilter {
  /** Whether a disk (`/dev/sda`, `sda`, `/dev/sda1`) is collected. */
  disk(device: string): boolean;
  /** Whether an interface (ifDescr or ifName) is collected. */
  networkInterface(...names: readonly string[]): boolean;
}

/** Collects everything. */
export const ALLOW_ALL: MonitorFilter = { disk: () => true, networkInterface: () => true };

const stripDev = (name: string): string => name.replace(/^\/dev\//, '');

/**
 * A disk matches an entry with or without `/dev/`, and a partition matches its disk
 * (`sda1` and `nvme0n1p1` match `sda` and `nvme0n1`).
 */
export function diskMatches(device: string, entry: string): boolean {
  const d = stripDev(device.trim());
  const e = stripDev(entry.trim());
  if (d === e) return true;
  if (!d.startsWith(e)) return false;
  const rest = d.slice(e.length);
  return /\d$/.test(e) ? /^p\d+$/.test(rest) : /^\d+$/.test(rest);
}

/** Builds a filter from lists (empty or undefined list = everything). */
export function monitorFilter(disks: readonly string[] = [], interfaces: readonly string[] = []): MonitorFilter {
  const ifSet = new Set(interfaces);
  return {
    disk: (device) => disks.length === 0 || disks.some((e) => diskMatches(device, e)),
    networkInterface: (...names) => ifSet.size === 0 || names.some((n) => ifSet.has(n)),
  };
}

const HOST_KEYS = ['disk_name', 'network_interface_name'] as const;

/** Validates parsed file content; throws ConfigError listing every problem. */
export function parseMonitorFile(text: string, file: string): MonitorFilter {
  const y = parseLocatedYaml(text, file);
  const root = y.value;
  if (root === null) return ALLOW_ALL;
  const issues: ConfigIssue[] = [];
  if (typeof root !== 'object' || Array.isArray(root)) throw new ConfigError([y.issue([], 'expected a mapping with a "host" section')]);
  for (const key of Object.keys(root)) {
    if (key !== 'host' && key !== 'instance') issues.push(y.issue([key], `unknown section "${key}" (expected host, instance)`));
  }
  const host = (root as Record<string, unknown>).host;
  const lists: Partial<Record<(typeof HOST_KEYS)[number], string[]>> = {};
  if (host !== undefined && host !== null) {
    if (typeof host !== 'object' || Array.isArray(host)) issues.push(y.issue(['host'], 'expected a mapping with disk_name and network_interface_name lists'));
    else {
      for (const [key, value] of Object.entries(host)) {
        if (!(HOST_KEYS as readonly string[]).includes(key)) {
          issues.push(y.issue(['host', key], `unknown key "${key}" (expected ${HOST_KEYS.join(', ')})`));
          continue;
        }
        if (value === null) continue;
        if (!Array.isArray(value)) {
          issues.push(y.issue(['host', key], `expected a list of names, got ${JSON.stringify(value)}`));
          continue;
        }
        value.forEach((item, i) => {
          if (typeof item !== 'string' || !item.trim()) issues.push(y.issue(['host', key, i], `expected a name, got ${JSON.stringify(item)}`));
        });
        lists[key as (typeof HOST_KEYS)[number]] = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return monitorFilter(lists.disk_name, lists.network_interface_name);
}

/** Reads the file; a missing file means everything, an unreadable or malformed one is a ConfigError. */
export async function loadMonitorFile(path: string): Promise<MonitorFilter> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ALLOW_ALL;
    throw new ConfigError([{ file: path, path: '(file)', message: `cannot read: ${(err as Error).message}` }], { cause: err });
  }
  return parseMonitorFile(text, path);
}
