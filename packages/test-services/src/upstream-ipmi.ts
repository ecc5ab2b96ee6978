import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runUpstreamAgent, type UpstreamPollingResult } from './upstream-polling.js';

/**
 * Upstream Ceilometer 19.0's IPMI pollsters (`ceilometer-polling --polling-namespaces ipmi`) against
 * a simulated BMC. Upstream polls in-band only: it runs plain `ipmitool sdr -v type ...` through
 * oslo.privsep, whose daemon it starts with `sudo privsep-helper ...` (the `[ceilometer_sys_admin]
 * helper_command` option is registered on oslo.config's global CONF, which ceilometer never loads,
 * so it cannot be configured). sudo resets PATH to its secure_path, so the simulator's ipmitool
 * wrapper would be lost in the daemon: a `sudo` shim first on the agent's PATH runs the real sudo
 * with the agent's PATH kept. Everything else is upstream's real path (privsep daemon included).
 */

/** The sudo shim's text: the real sudo, PATH kept (see the module comment). */
const SUDO_SHIM = [
  '#!/bin/sh',
  '# sudo resets PATH to its secure_path: keep the caller\'s, so that upstream\'s privsep daemon',
  '# finds the simulator\'s ipmitool wrapper first, as the agent does',
  'exec /usr/bin/sudo env "PATH=$PATH" "$@"',
  '',
].join('\n');

/** Writes `dir/sudo` (the shim) and returns `dir`. */
export async function writePrivsepSudoShim(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'sudo'), SUDO_SHIM);
  await chmod(join(dir, 'sudo'), 0o755);
  return dir;
}

/** PATH for an upstream IPMI run: the sudo shim, then the BMC's ipmitool wrapper, then the usual. */
export function upstreamIpmiPath(shimDir: string, wrapperDir: string): string {
  return [shimDir, wrapperDir, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
}

/** The ceilometer.conf of an IPMI agent (ours reads the same): host, polling.yaml, `[ipmi]`. */
export function upstreamIpmiConf(o: {
  readonly host: string;
  readonly pollingFile: string;
  readonly logFile?: string;
  /** `[ipmi] polling_retry` (upstream default 3). */
  readonly pollingRetry?: number;
  /** More text at the end (whole sections, or `[ipmi]` options: the section is open). */
  readonly extraConf?: string;
}): string {
  return [
    '[DEFAULT]',
    `host = ${o.host}`,
    // never used (the notifier is replaced / ours prints samples), but oslo.messaging builds a transport at start
    'transport_url = fake:/',
    ...(o.logFile ? [`log_file = ${o.logFile}`] : []),
    '',
    '[polling]',
    `cfg_file = ${o.pollingFile}`,
    '',
    '[ipmi]',
    ...(o.pollingRetry !== undefined ? [`polling_retry = ${o.pollingRetry}`] : []),
    o.extraConf ?? '',
    '',
  ].join('\n');
}

/** Options of {@link runUpstreamIpmiPolling}. */
export interface UpstreamIpmiPollingOptions {
  readonly dir: string;
  /** The simulator's `wrapperDir` (an `ipmitool` that reaches it). */
  readonly wrapperDir: string;
  /** `[DEFAULT] host`: resource ids are `<host>-<sensor id>` (default `bm-test`). */
  readonly host?: string;
  readonly meters?: readonly string[];
  readonly cycles?: number;
  readonly intervalSeconds?: number;
  readonly pollingRetry?: number;
  readonly extraConf?: string;
  readonly timeoutMs?: number;
}

/** Runs upstream 19.0's ipmi namespace for N cycles against one simulated BMC, samples captured. */
export async function runUpstreamIpmiPolling(options: UpstreamIpmiPollingOptions): Promise<UpstreamPollingResult> {
  const dir = resolve(options.dir);
  const shim = await writePrivsepSudoShim(join(dir, 'sudo-shim'));
  return runUpstreamAgent({
    dir,
    namespaces: ['ipmi'],
    meters: options.meters,
    cycles: options.cycles,
    intervalSeconds: options.intervalSeconds,
    timeoutMs: options.timeoutMs,
    env: { PATH: upstreamIpmiPath(shim, options.wrapperDir) },
    conf: ({ pollingFile, logFile }) =>
      upstreamIpmiConf({ host: options.host ?? 'bm-test', pollingFile, logFile, pollingRetry: options.pollingRetry, extraConf: options.extraConf }),
  });
}
