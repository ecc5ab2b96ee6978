import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigView } from '@ceilometer-ts/sdk';
import { pollingOptions, pollingSettingsFromConfig } from '../src/index.js';

function view(values: Record<string, unknown> = {}): ConfigView {
  const get = <T,>(group: string, name: string): T => {
    const key = `${group}.${name}`;
    if (key in values) return values[key] as T;
    const decl = pollingOptions.find((o) => o.group === group && o.name === name);
    if (!decl) throw new Error(`undeclared ${key}`);
    return decl.default as T;
  };
  return { get, has: () => true, group: () => ({}), files: ['/etc/ceilometer/ceilometer.conf'], configDirs: [], findFile: () => undefined };
}

describe('pollingSettingsFromConfig', () => {
  it('has upstream defaults', () => {
    expect(pollingSettingsFromConfig(view())).toMatchObject({
      cfgFile: 'polling.yaml',
      batchSize: 50,
      threadsToProcessPollsters: 1,
      enableNotifications: true,
      enablePrometheusExporter: false,
      prometheusListenAddresses: ['127.0.0.1:9101'],
      pollingNamespaces: ['compute', 'central'],
      sampleSource: 'openstack',
      heartbeatSocketDir: undefined,
      coordinationBackendUrl: undefined,
      identityNameDiscovery: false,
    });
  });

  it('reads [polling] identity_name_discovery', () => {
    expect(pollingSettingsFromConfig(view({ 'polling.identity_name_discovery': true })).identityNameDiscovery).toBe(true);
  });

  it('requires TLS files when TLS is on', () => {
    expect(() => pollingSettingsFromConfig(view({ 'polling.prometheus_tls_enable': true }))).toThrow(ConfigError);
  });
});
