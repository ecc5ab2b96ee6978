import type { OptionList } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { CORE_PACKAGE_NAME, coreOptions, loadConfig, OptionRegistry } from '../../src/config/index.js';
import { fixture } from './test-options.js';

/**
 * Stand-ins for options other packages own (messaging, polling, pipeline, openstack-client), as the
 * seed sets them. The real `[service_credentials]` declarations are tested with this file in
 * `@ceilometer-ts/openstack-client` (test/options.test.ts).
 */
const credentialStubs: OptionList = ['auth_url', 'auth_type', 'project_domain_id', 'user_domain_id', 'project_name', 'username', 'interface', 'region_name']
  .map((name) => ({ group: 'service_credentials', name, type: 'string' as const, help: 'stub' }));
const stubOptions: OptionList = [
  ...credentialStubs,
  { group: 'service_credentials', name: 'password', type: 'string', secret: true, help: 'stub' },
  { group: 'service_credentials', name: 'memcached_servers', type: 'list', help: 'stub' },
  { group: 'DEFAULT', name: 'auth_strategy', type: 'string', default: 'keystone', help: 'stub' },
  { group: 'DEFAULT', name: 'transport_url', type: 'string', secret: true, help: 'stub' },
  { group: 'DEFAULT', name: 'pipeline_cfg_file', type: 'string', default: 'pipeline.yaml', help: 'stub' },
  { group: 'compute', name: 'instance_discovery_method', type: 'string', default: 'libvirt_metadata', choices: ['naive', 'libvirt_metadata', 'workload_partitioning'], help: 'stub' },
  { group: 'notification', name: 'store_events', type: 'boolean', default: false, help: 'stub' },
  { group: 'notification', name: 'messaging_urls', type: 'multistring', default: [], secret: true, help: 'stub' },
  { group: 'oslo_messaging_rabbit', name: 'heartbeat_timeout_threshold', type: 'integer', default: 60, help: 'stub' },
  { group: 'polling', name: 'cfg_file', type: 'string', default: 'polling.yaml', help: 'stub' },
];

describe('the seed deployment ceilometer.conf', () => {
  const registry = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('stubs', stubOptions);
  const { config, warnings } = loadConfig({ configFiles: [fixture('seed-ceilometer.conf')], configDirs: [], registry });

  it('loads without warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('reads core values, trailing spaces stripped', () => {
    expect(config.get('DEFAULT', 'debug')).toBe(true);
    expect(config.get('notification', 'store_events')).toBe(true);
    expect(config.get('notification', 'messaging_urls')).toEqual(['rabbit://openstack:secret@123@127.0.0.1:5672/']);
    expect(config.get('publisher', 'telemetry_secret')).toBe('change this for valid signing');
    expect(config.group('service_credentials')).toMatchObject({
      auth_url: 'http://127.0.0.1:5000/v3',
      auth_type: 'password',
      username: 'ceilometer',
      password: 'secret@123',
      project_name: 'service',
      project_domain_id: 'default',
      user_domain_id: 'default',
      interface: 'internalURL',
      region_name: 'RegionOne',
      memcached_servers: ['127.0.0.1:11211'],
    });
    expect(config.findFile('pipeline.yaml')).toBeUndefined();
  });

  it('masks secrets when serialised', () => {
    const json = JSON.stringify(config);
    expect(json).not.toContain('secret@123');
    expect(json).toContain('"password":"****"');
    expect(json).toContain('"telemetry_secret":"****"');
  });
});
