/**
 * PollingSettings: what the agent reads from configuration, as one plain object, so the agent and
 * its tests need no config machinery.
 */
import { ConfigError, type ConfigView } from '@ceilometer-ts/sdk';

/** Settings of the polling agent (see `options.ts` for each option's meaning). */
export interface PollingSettings {
  readonly cfgFile: string;
  readonly batchSize: number;
  readonly threadsToProcessPollsters: number;
  readonly heartbeatSocketDir: string | undefined;
  readonly enableNotifications: boolean;
  readonly enablePrometheusExporter: boolean;
  readonly prometheusListenAddresses: readonly string[];
  readonly prometheusTls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly partitioningGroupPrefix: string | undefined;
  readonly pipelineCfgFile: string | undefined;
  readonly stopTimeoutSeconds: number;
  readonly pollingNamespaces: readonly string[];
  readonly sampleSource: string;
  readonly coordinationBackendUrl: string | undefined;
  /** `[polling] identity_name_discovery`: samples get project and user names from Keystone. */
  readonly identityNameDiscovery: boolean;
}

/** Upstream's defaults, with `overrides` applied (tests, library use). */
export function defaultPollingSettings(overrides: Partial<PollingSettings> = {}): PollingSettings {
  return {
    cfgFile: 'polling.yaml',
    batchSize: 50,
    threadsToProcessPollsters: 1,
    heartbeatSocketDir: undefined,
    enableNotifications: true,
    enablePrometheusExporter: false,
    prometheusListenAddresses: ['127.0.0.1:9101'],
    prometheusTls: undefined,
    partitioningGroupPrefix: undefined,
    pipelineCfgFile: undefined,
    stopTimeoutSeconds: 30,
    pollingNamespaces: ['compute', 'central'],
    sampleSource: 'openstack',
    coordinationBackendUrl: undefined,
    identityNameDiscovery: false,
    ...overrides,
  };
}

/** Builds the settings from loaded configuration (the options of `pollingOptions` must be registered). */
export function pollingSettingsFromConfig(conf: ConfigView): PollingSettings {
  const p = (name: string): unknown => conf.get('polling', name);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const tlsEnabled = p('prometheus_tls_enable') === true;
  const certFile = str(p('prometheus_tls_certfile'));
  const keyFile = str(p('prometheus_tls_keyfile'));
  if (tlsEnabled && (!certFile || !keyFile)) {
    throw new ConfigError([
      { file: conf.files[0] ?? 'ceilometer.conf', path: 'polling.prometheus_tls_enable', message: 'Certfile and keyfile must be provided (prometheus_tls_certfile, prometheus_tls_keyfile)' },
    ]);
  }
  return {
    cfgFile: str(p('cfg_file')) ?? 'polling.yaml',
    batchSize: Number(p('batch_size') ?? 50),
    threadsToProcessPollsters: Number(p('threads_to_process_pollsters') ?? 1),
    heartbeatSocketDir: str(p('heartbeat_socket_dir')),
    enableNotifications: p('enable_notifications') !== false,
    enablePrometheusExporter: p('enable_prometheus_exporter') === true,
    prometheusListenAddresses: (p('prometheus_listen_addresses') as string[] | undefined) ?? ['127.0.0.1:9101'],
    prometheusTls: tlsEnabled && certFile && keyFile ? { certFile, keyFile } : undefined,
    partitioningGroupPrefix: str(p('partitioning_group_prefix')),
    pipelineCfgFile: str(p('pipeline_cfg_file')),
    stopTimeoutSeconds: Number(p('stop_timeout') ?? 30),
    pollingNamespaces: (conf.get<string[] | undefined>('DEFAULT', 'polling_namespaces') ?? ['compute', 'central']),
    sampleSource: str(conf.get('DEFAULT', 'sample_source')) ?? 'openstack',
    coordinationBackendUrl: str(conf.get('coordination', 'backend_url')),
    identityNameDiscovery: conf.has('polling', 'identity_name_discovery') && p('identity_name_discovery') === true,
  };
}
