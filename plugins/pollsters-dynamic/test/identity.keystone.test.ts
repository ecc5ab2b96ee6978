/**
 * An OpenStack dynamic pollster against a real Keystone 22 (scripts/services/start-keystone.sh):
 * the `[service_credentials]` password session, the catalog's identity endpoint (what
 * `endpoint:identity` discovery gives), token-authenticated requests, and extra metadata from a
 * second Keystone call per project, cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import type { PluginContext } from '@ceilometer-ts/sdk';
import { startKeystone, type KeystoneService } from '@ceilometer-ts/test-services';
import { createOpenStackSession } from '@ceilometer-ts/openstack-client';
import { build, capturingLogger, definitionsDir, poll } from './helpers.js';

let keystone: KeystoneService;
beforeAll(async () => {
  keystone = await startKeystone();
}, 180_000);
afterAll(async () => {
  await keystone?.stop();
});

function keystoneContext(dir: string): PluginContext {
  const values: Record<string, unknown> = {
    'polling.pollsters_definitions_dirs': [dir],
    'service_credentials.auth_type': 'password',
    'service_credentials.auth_url': keystone.url,
    'service_credentials.region_name': keystone.region,
    'service_credentials.username': 'ceilometer',
    'service_credentials.password': keystone.servicePassword,
    'service_credentials.user_domain_id': 'default',
    'service_credentials.project_name': 'service',
    'service_credentials.project_domain_id': 'default',
    'service_credentials.interface': 'internalURL',
  };
  return { ...fakePluginContext(values), logger: capturingLogger() };
}

describe('dynamic pollsters against Keystone', () => {
  it('lists projects with a token, maps enabled to 1/0, and adds the domain name from a second Keystone call per project', async () => {
    const dir = await definitionsDir({
      'identity.yaml': `
- name: dynamic.identity.project.enabled
  sample_type: gauge
  unit: project
  value_attribute: "enabled | 1 if value else 0"
  endpoint_type: identity
  url_path: projects
  response_entries_key: projects
  project_id_attribute: id
  metadata_fields: [name, is_domain]
  extra_metadata_fields:
    - name: domain_name
      endpoint_type: identity
      url_path: "'domains/' + sample['domain_id']"
      response_entries_key: domain
      value: name
`,
    });
    const ctx = keystoneContext(dir);
    const built = await build(ctx);
    expect(built.map((b) => b.name)).toEqual(['dynamic.identity.project.enabled']);
    const session = createOpenStackSession(ctx.config, ctx.logger)!;
    const identity = await session.endpoint('identity');
    session.close();
    const samples = await poll(built, 'dynamic.identity.project.enabled', [identity]);
    const byName = new Map(samples.map((s) => [s.resource_metadata['name'], s]));
    expect(byName.get('service')).toMatchObject({ volume: 1, type: 'gauge', unit: 'project', resource_metadata: { name: 'service', is_domain: false, domain_name: 'Default' } });
    expect(byName.get('admin')?.project_id).toBe(byName.get('admin')?.resource_id);
  }, 60_000);
});
