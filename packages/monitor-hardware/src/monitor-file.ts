/**
 * `monitor_hardware.yaml`: which disks and network interfaces are collected. Format (the seed
 * deployment's): `host: {disk_name: [...], network_interface_name: [...]}` for physical hosts (the
 * hardware pollsters) and the same keys under `instance:` for the disks and vNICs of instances (the
 * compute pollsters). A missing file, a missing section or an empty list means everything.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, didYouMean, type ConfigIssue } from '@ceilometer-ts/sdk';
import { parseLocatedYaml, type LocatedYaml } from '@ceilometer-ts/located-yaml';

/** Decides per disk and per interface name. */
export interface MonitorFilter {
  /** Whether a disk (`/dev/sda`, `sda`, `/dev/sda1`) is collected. */
  disk(device: string): boolean;
  /** Whether an interface (ifDescr or ifName, a vNIC's target device) is collected. */
  networkInterface(...names: readonly string[]): boolean;
}

/** Both sections of the file. */
export interface MonitorSections {
  /** `host:`: disks and interfaces of physical hosts. */
  readonly host: MonitorFilter;
  /** `instance:`: disks (`vda`) and vNICs (`tap...`) of instances. */
  readonly instance: MonitorFilter;
}

/** Collects everything. */
export const ALLOW_ALL: MonitorFilter = { disk: () => true, networkInterface: () => true };

const ALLOW_ALL_SECTIONS: MonitorSections = { host: ALLOW_ALL, instance: ALLOW_ALL };

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
  if (disks.length === 0 && interfaces.length === 0) return ALLOW_ALL;
  const ifSet = new Set(interfaces);
  return {
    disk: (device) => disks.length === 0 || disks.some((e) => diskMatches(device, e)),
    networkInterface: (...names) => ifSet.size === 0 || names.some((n) => ifSet.has(n)),
  };
}

const SECTIONS = ['host', 'instance'] as const;
const KEYS = ['disk_name', 'network_interface_name'] as const;
type Key = (typeof KEYS)[number];

/** One section's lists; problems are added to `issues`. */
function readSection(y: LocatedYaml, section: string, value: unknown, issues: ConfigIssue[]): MonitorFilter {
  if (value === undefined || value === null) return ALLOW_ALL;
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push(y.issue([section], 'expected a mapping with disk_name and network_interface_name lists'));
    return ALLOW_ALL;
  }
  const lists: Partial<Record<Key, string[]>> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      issues.push(y.issue([section, key], `unknown key "${key}" (expected ${KEYS.join(', ')})${didYouMean(key, KEYS)}`));
      continue;
    }
    if (list === null) continue;
    if (!Array.isArray(list)) {
      issues.push(y.issue([section, key], `expected a list of names, got ${JSON.stringify(list)}`));
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item !== 'string' || !item.trim()) issues.push(y.issue([section, key, i], `expected a name, got ${JSON.stringify(item)}`));
    });
    lists[key as Key] = list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  }
  return monitorFilter(lists.disk_name, lists.network_interface_name);
}

/** Validates parsed file content; throws ConfigError listing every problem. */
export function parseMonitorSections(text: string, file: string): MonitorSections {
  const y = parseLocatedYaml(text, file);
  const root = y.value;
  if (root === null) return ALLOW_ALL_SECTIONS;
  if (typeof root !== 'object' || Array.isArray(root)) throw new ConfigError([y.issue([], 'expected a mapping with "host" and "instance" sections')]);
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(root)) {
    if (!(SECTIONS as readonly string[]).includes(key)) issues.push(y.issue([key], `unknown section "${key}" (expected ${SECTIONS.join(', ')})`));
  }
  const sections = root as Record<string, unknown>;
  const host = readSection(y, 'host', sections.host, issues);
  const instance = readSection(y, 'instance', sections.instance, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return { host, instance };
}

/** Reads the file; a missing file means everything, an unreadable or malformed one is a ConfigError. */
export async function loadMonitorSections(path: string): Promise<MonitorSections> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ALLOW_ALL_SECTIONS;
    throw new ConfigError([{ file: path, path: '(file)', message: `cannot read: ${(err as Error).message}` }], { cause: err });
  }
  return parseMonitorSections(text, path);
}
