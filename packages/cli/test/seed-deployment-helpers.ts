/**
 * Helpers of the seed deployment end-to-end test: the five files of the deployment our first users
 * run (`fixtures/seed-deployment/`, copied unchanged from the reference) laid out in a directory
 * with only their addresses and ports rewritten to this run's services, SNMP overrides that give a
 * test agent the disk and interface names the seed's monitor file keeps, and a small Gnocchi reader.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seed deployment's files, as they live in that deployment (never edited). */
export const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/seed-deployment');
export const SEED_FILES = ['ceilometer.conf', 'polling.yaml', 'pipeline.yaml', 'gnocchi_resources.yaml', 'monitor_hardware.yaml'] as const;

/** The seed's SNMP agents: `snmp://127.0.0.1:16100` (polled by every node) to `:16107`. */
export const SEED_SNMP_PORTS = [16100, 16101, 16102, 16103, 16104, 16105, 16106, 16107] as const;

/** Where this run's services listen. */
export interface SeedPorts {
  /** RabbitMQ (the seed's `127.0.0.1:5672`, in `transport_url` and `messaging_urls`). */
  readonly rabbit: number;
  /** Keystone (the seed's `127.0.0.1:5000`, `[service_credentials] auth_url`). */
  readonly keystone: number;
  /** The SNMP agent standing for each of the seed's ports 16100..16107 (missing ones stay as they are). */
  readonly snmp: Readonly<Partial<Record<(typeof SEED_SNMP_PORTS)[number], number>>>;
}

/**
 * The only changes made to a seed file: each seed address `127.0.0.1:PORT` becomes this run's port.
 * Explicit on purpose (no generic rewriting): the `secret@123` passwords, the memcached address and
 * every other byte stay as they are. The Gnocchi endpoint is not in the files: it comes from the
 * Keystone catalog, as in the seed.
 */
export function rewriteSeedText(text: string, ports: SeedPorts): string {
  const table = new Map<number, number>([[5672, ports.rabbit], [5000, ports.keystone]]);
  for (const seedPort of SEED_SNMP_PORTS) {
    const port = ports.snmp[seedPort];
    if (port !== undefined) table.set(seedPort, port);
  }
  return text.replace(/127\.0\.0\.1:(\d+)\b/g, (whole, port: string) => {
    const to = table.get(Number(port));
    return to === undefined ? whole : `127.0.0.1:${to}`;
  });
}

/** Writes the five seed files into `dir`, rewritten by {@link rewriteSeedText}; returns their paths. */
export function writeSeedDeployment(dir: string, ports: SeedPorts): Record<(typeof SEED_FILES)[number], string> {
  const out = {} as Record<(typeof SEED_FILES)[number], string>;
  for (const name of SEED_FILES) {
    const path = join(dir, name);
    writeFileSync(path, rewriteSeedText(readFileSync(join(SEED_DIR, name), 'utf8'), ports));
    out[name] = path;
  }
  return out;
}

/** Runs one net-snmp CLI command; `env` is the agent's `cliEnv` (private, no MIB files). */
function snmpCli(command: string, args: readonly string[], env: Readonly<Record<string, string>>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** `{ index, value }` rows of one string column (`snmpbulkwalk -On -Oq`). */
export async function walkColumn(port: number, oid: string, env: Readonly<Record<string, string>>): Promise<{ index: string; value: string }[]> {
  const out = await snmpCli('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', '-Oq', `127.0.0.1:${port}`, oid], env);
  const rows: { index: string; value: string }[] = [];
  for (const line of out.split('\n')) {
    const m = /^\.?([\d.]+) "?(.*?)"?$/.exec(line.trim());
    if (m && m[1]!.startsWith(`${oid.replace(/^\./, '')}.`)) rows.push({ index: m[1]!.slice(oid.replace(/^\./, '').length + 1), value: m[2]! });
  }
  return rows;
}

/** Columns the hardware pollsters name disks and interfaces by. */
export const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';
export const DISK_IO_DEVICE = '1.3.6.1.4.1.2021.13.15.1.1.2';
export const DSK_DEVICE = '1.3.6.1.4.1.2021.9.1.3';

/**
 * snmpd `override` lines that make an agent on this machine look like the seed's hosts: its first
 * three interfaces are renamed ens192, ens224 and ens256, its first UCD-DISKIO device sda and its
 * first dskTable row /dev/sda, so that the seed's monitor_hardware.yaml (which keeps only those)
 * leaves host disks and interfaces to collect. Rows come from a walk of an agent without overrides,
 * since interface and mount indexes differ between machines.
 */
export async function seedHostOverrides(port: number, env: Readonly<Record<string, string>>): Promise<{ config: string; interfaces: string[]; disks: string[] }> {
  const ifs = (await walkColumn(port, IF_DESCR, env)).slice(0, 3);
  const io = (await walkColumn(port, DISK_IO_DEVICE, env)).slice(0, 1);
  const dsk = (await walkColumn(port, DSK_DEVICE, env)).slice(0, 1);
  const names = ['ens192', 'ens224', 'ens256'];
  const lines = [
    ...ifs.map((row, i) => `override .${IF_DESCR}.${row.index} octet_str "${names[i]}"`),
    ...io.map((row) => `override .${DISK_IO_DEVICE}.${row.index} octet_str "sda"`),
    ...dsk.map((row) => `override .${DSK_DEVICE}.${row.index} octet_str "/dev/sda"`),
  ];
  return { config: `${lines.join('\n')}\n`, interfaces: names.slice(0, ifs.length), disks: io.length + dsk.length > 0 ? ['sda'] : [] };
}

/** A Gnocchi resource as the REST API returns it. */
export interface GnocchiResource {
  readonly id: string;
  readonly original_resource_id: string;
  readonly type: string;
  readonly metrics: Readonly<Record<string, string>>;
  readonly [attribute: string]: unknown;
}

/** A few read-only Gnocchi calls (keystone mode: an `X-Auth-Token`). */
export class GnocchiReader {
  constructor(readonly url: string, private readonly headers: () => Promise<Record<string, string>>) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`, { headers: { accept: 'application/json', ...(await this.headers()) } });
    if (!res.ok) throw new Error(`gnocchi GET ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  resources(type: string): Promise<GnocchiResource[]> {
    return this.get<GnocchiResource[]>(`/v1/resource/${encodeURIComponent(type)}?limit=1000`);
  }

  /** `[timestamp, granularity, value]` rows of a metric, pending measures processed first. */
  measures(metricId: string, granularity = 60): Promise<[string, number, number][]> {
    return this.get<[string, number, number][]>(`/v1/metric/${metricId}/measures?refresh=true&granularity=${granularity}`);
  }

  metric(metricId: string): Promise<{ id: string; name: string; unit: string | null; archive_policy: { name: string } }> {
    return this.get(`/v1/metric/${metricId}`);
  }
}
