import type { KeystoneService } from './keystone.js';
import { runUpstreamAgent, type UpstreamPollingResult } from './upstream-polling.js';

/**
 * `[service_credentials]` for a central agent behind a real Keystone: the `ceilometer` service user
 * in project `service` (roles admin, service, ResellerAdmin: start-keystone.sh), public interface.
 * The same text works for our agent and upstream's.
 */
export function keystoneServiceCredentialsConf(keystone: KeystoneService): string {
  return [
    '[service_credentials]',
    'auth_type = password',
    `auth_url = ${keystone.url}`,
    'username = ceilometer',
    `password = ${keystone.servicePassword}`,
    'project_name = service',
    'user_domain_id = default',
    'project_domain_id = default',
    `region_name = ${keystone.region}`,
    'interface = public',
    '',
  ].join('\n');
}

/** A central agent's ceilometer.conf (ours and upstream's): Keystone credentials, polling.yaml, log file. */
export function upstreamCentralConf(o: {
  readonly keystone: KeystoneService;
  readonly pollingFile: string;
  readonly host?: string;
  readonly logFile?: string;
  readonly extraConf?: string;
}): string {
  return [
    '[DEFAULT]',
    `host = ${o.host ?? 'controller-test'}`,
    // never used (the notifier is replaced / ours prints samples), but oslo.messaging builds a transport at start
    'transport_url = fake:/',
    ...(o.logFile ? [`log_file = ${o.logFile}`] : []),
    '',
    '[polling]',
    `cfg_file = ${o.pollingFile}`,
    '',
    keystoneServiceCredentialsConf(o.keystone),
    o.extraConf ?? '',
  ].join('\n');
}

/** Options of {@link runUpstreamCentralPolling}. */
export interface UpstreamCentralPollingOptions {
  readonly dir: string;
  readonly keystone: KeystoneService;
  /** Meters of the one polling.yaml source (default every one: `*`). */
  readonly meters?: readonly string[];
  readonly cycles?: number;
  readonly intervalSeconds?: number;
  /** More ceilometer.conf text (whole sections). */
  readonly extraConf?: string;
  readonly timeoutMs?: number;
}

/**
 * Upstream Ceilometer 19.0's central polling (`ceilometer-polling --polling-namespaces central`) against
 * the real OpenStack services in `keystone`'s catalog, samples captured (see runUpstreamPolling).
 */
export function runUpstreamCentralPolling(options: UpstreamCentralPollingOptions): Promise<UpstreamPollingResult> {
  return runUpstreamAgent({
    dir: options.dir,
    namespaces: ['central'],
    meters: options.meters,
    cycles: options.cycles,
    intervalSeconds: options.intervalSeconds,
    timeoutMs: options.timeoutMs,
    conf: ({ pollingFile, logFile }) => upstreamCentralConf({ keystone: options.keystone, pollingFile, logFile, extraConf: options.extraConf }),
  });
}
