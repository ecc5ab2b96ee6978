import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOpenStackStub, type OpenStackStub } from './openstack-stub.js';

/**
 * Upstream Python Ceilometer 19.0 (Debian's python3-ceilometer, run with /usr/bin/python3) polling
 * for N cycles, its samples captured: `python/upstream_polling.py` builds the same AgentManager
 * `ceilometer-polling` builds and calls its `interval_task` once per cycle, with the notifier
 * replaced by a file writer (no broker, no fork). Used by the compatibility tests and the bench.
 */

/** A sample as upstream puts it on the wire (`meter_message_from_counter`). */
export interface UpstreamSample {
  readonly counter_name: string;
  readonly counter_type: string;
  readonly counter_unit: string;
  readonly counter_volume: number | null;
  readonly resource_id: string;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly timestamp: string;
  readonly resource_metadata: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** One cycle's cost, measured inside the Python process. */
export interface UpstreamCycleStats {
  readonly wall_s: number;
  /** Process CPU (user + system) spent in the cycle. */
  readonly cpu_s: number;
  readonly samples: number;
  /** Peak RSS of the process so far (kB). */
  readonly maxrss_kb: number;
}

export interface UpstreamPollingOptions {
  /** Working folder for ceilometer.conf, polling.yaml, the log and the samples. */
  readonly dir: string;
  /** `[DEFAULT] libvirt_uri` (`test:///abs/node.xml`, `qemu:///system?socket=...`). */
  readonly libvirtUri: string;
  /** `[DEFAULT] host` (default `compute-test`). */
  readonly host?: string;
  /** Polling namespaces (default `compute`). */
  readonly namespaces?: readonly string[];
  /** Meters of the one polling.yaml source (default every one: `*`). */
  readonly meters?: readonly string[];
  /** Cycles to run (default 1). */
  readonly cycles?: number;
  /** Seconds between cycles (default 0). */
  readonly intervalSeconds?: number;
  /** Keystone/Nova to use; default: a stub started (and stopped) for this run. */
  readonly openstack?: OpenStackStub;
  /** More ceilometer.conf text appended at the end (whole sections). */
  readonly extraConf?: string;
  /** `[compute] instance_discovery_method` (default libvirt_metadata). */
  readonly discoveryMethod?: string;
  /** Kill the run after this long (default 300 s). */
  readonly timeoutMs?: number;
  /** Python interpreter (default /usr/bin/python3: the pyenv python on PATH lacks ceilometer). */
  readonly python?: string;
}

export interface UpstreamPollingResult {
  /** Samples per cycle: `cycles[0]` is the first cycle's. */
  readonly cycles: readonly (readonly UpstreamSample[])[];
  readonly stats: readonly UpstreamCycleStats[];
  /** Upstream's oslo.log file. */
  readonly logFile: string;
  /** The ceilometer.conf written for the run. */
  readonly configFile: string;
}

export const UPSTREAM_PYTHON = '/usr/bin/python3';
const UPSTREAM_PACKAGE = '/usr/lib/python3/dist-packages/ceilometer/polling/manager.py';

/** Why upstream Ceilometer cannot run here, or undefined when it can. */
export function upstreamPollingUnavailable(python = UPSTREAM_PYTHON): string | undefined {
  if (!existsSync(python)) return `${python} not found`;
  if (!existsSync(UPSTREAM_PACKAGE)) return 'python3-ceilometer (upstream 19.0) is not installed';
  return undefined;
}

/** Path of the Python driver (the same from src/ and dist/). */
export function upstreamPollingScript(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'python', 'upstream_polling.py');
}

/** The ceilometer.conf the runner writes (exported for runs of our agent on the same settings). */
export function upstreamComputeConf(o: {
  readonly host: string;
  readonly libvirtUri: string;
  readonly pollingFile: string;
  readonly logFile?: string;
  readonly discoveryMethod: string;
  readonly serviceCredentials: string;
  readonly extraConf?: string;
}): string {
  return [
    '[DEFAULT]',
    `host = ${o.host}`,
    'hypervisor_inspector = libvirt',
    `libvirt_uri = ${o.libvirtUri}`,
    // never used (the notifier is replaced), but oslo.messaging builds a transport at start
    'transport_url = fake:/',
    ...(o.logFile ? [`log_file = ${o.logFile}`] : []),
    '',
    '[polling]',
    `cfg_file = ${o.pollingFile}`,
    '',
    '[compute]',
    `instance_discovery_method = ${o.discoveryMethod}`,
    '',
    o.serviceCredentials,
    o.extraConf ?? '',
  ].join('\n');
}

/** polling.yaml with one source `all` over `meters`. */
export function pollingYaml(meters: readonly string[], interval = 600): string {
  return ['---', 'sources:', '  - name: all', `    interval: ${interval}`, '    meters:', ...meters.map((m) => `      - "${m}"`), ''].join('\n');
}

function parseOut(text: string, cycles: number): Pick<UpstreamPollingResult, 'cycles' | 'stats'> {
  const perCycle: UpstreamSample[][] = Array.from({ length: cycles }, () => []);
  const stats: UpstreamCycleStats[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line) as { cycle: number; sample?: UpstreamSample; stats?: UpstreamCycleStats };
    if (rec.sample) perCycle[rec.cycle - 1]?.push(rec.sample);
    if (rec.stats) stats.push(rec.stats);
  }
  return { cycles: perCycle, stats };
}

/** What {@link runUpstreamAgent} needs: the driver's settings and the whole ceilometer.conf. */
export interface UpstreamAgentRun {
  readonly dir: string;
  /** The ceilometer.conf text, given the polling.yaml and log file paths the run uses. */
  readonly conf: (files: { readonly pollingFile: string; readonly logFile: string }) => string;
  readonly meters?: readonly string[];
  readonly namespaces: readonly string[];
  readonly cycles?: number;
  readonly intervalSeconds?: number;
  readonly timeoutMs?: number;
  readonly python?: string;
  /** Added to the driver's environment (e.g. PATH with an ipmitool wrapper first). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `python/upstream_polling.py` with the ceilometer.conf `run.conf` writes: the common part of
 * {@link runUpstreamPolling} (compute) and `runUpstreamCentralPolling` (central).
 */
export async function runUpstreamAgent(run: UpstreamAgentRun): Promise<UpstreamPollingResult> {
  const dir = resolve(run.dir);
  await mkdir(dir, { recursive: true });
  const cycles = run.cycles ?? 1;
  const configFile = join(dir, 'upstream-ceilometer.conf');
  const pollingFile = join(dir, 'upstream-polling.yaml');
  const logFile = join(dir, 'upstream.log');
  const outFile = join(dir, 'upstream-samples.jsonl');
  await writeFile(pollingFile, pollingYaml(run.meters ?? ['*']));
  await writeFile(configFile, run.conf({ pollingFile, logFile }));
  const args = [
    upstreamPollingScript(),
    '--out',
    outFile,
    '--cycles',
    String(cycles),
    '--interval',
    String(run.intervalSeconds ?? 0),
    '--',
    '--config-file',
    configFile,
    '--polling-namespaces',
    ...run.namespaces,
  ];
  await new Promise<void>((resolvePromise, reject) => {
    const options = { timeout: run.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...run.env } };
    execFile(run.python ?? UPSTREAM_PYTHON, args, options, (error, _stdout, stderr) => {
      if (error) reject(new Error(`upstream polling failed: ${error.message}\n${stderr.slice(-4000)}`, { cause: error }));
      else resolvePromise();
    });
  });
  return { ...parseOut(await readFile(outFile, 'utf8'), cycles), logFile, configFile };
}

/** Runs upstream's polling agent on `options.libvirtUri` for `options.cycles` cycles. */
export async function runUpstreamPolling(options: UpstreamPollingOptions): Promise<UpstreamPollingResult> {
  const stub = options.openstack ?? (await startOpenStackStub());
  try {
    return await runUpstreamAgent({
      dir: options.dir,
      namespaces: options.namespaces ?? ['compute'],
      meters: options.meters,
      cycles: options.cycles,
      intervalSeconds: options.intervalSeconds,
      timeoutMs: options.timeoutMs,
      python: options.python,
      conf: ({ pollingFile, logFile }) =>
        upstreamComputeConf({
          host: options.host ?? 'compute-test',
          libvirtUri: options.libvirtUri,
          pollingFile,
          logFile,
          discoveryMethod: options.discoveryMethod ?? 'libvirt_metadata',
          serviceCredentials: stub.serviceCredentialsConf(),
          extraConf: options.extraConf,
        }),
    });
  } finally {
    if (!options.openstack) await stub.stop();
  }
}
