import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORE_PACKAGE_NAME, coreOptions, loadConfig, OptionRegistry } from '@ceilometer-ts/core';
import { listOpenStackClientOptions, readCredentials, serviceCredentialsOptions, serviceTypesOptions } from '../src/index.js';

const seed = fileURLToPath(new URL('./fixtures/seed-service-credentials.conf', import.meta.url));

describe('option declarations', () => {
  it('may be registered by several packages (the commands and each plugin that lists them)', () => {
    const registry = new OptionRegistry()
      .register(CORE_PACKAGE_NAME, coreOptions)
      .register('@ceilometer-ts/openstack-client', listOpenStackClientOptions)
      .register('@ceilometer-ts/pollsters-compute', [...serviceCredentialsOptions, ...serviceTypesOptions])
      .register('@ceilometer-ts/publisher-gnocchi', listOpenStackClientOptions());
    expect(registry.options('service_credentials').map((o) => o.owner)).toEqual(serviceCredentialsOptions.map(() => '@ceilometer-ts/openstack-client'));
    expect(registry.get('service_types', 'nova')?.declaration.default).toBe('compute');
    expect(registry.get('service_types', 'cinder')?.declaration.deprecatedNames).toEqual(['cinderv2']);
  });

  it("reads the seed deployment's [service_credentials] unchanged, internalURL as internal", () => {
    const registry = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('@ceilometer-ts/openstack-client', listOpenStackClientOptions);
    const { config, warnings } = loadConfig({ configFiles: [seed], configDirs: [], registry });
    expect(warnings).toEqual([]);
    expect(config.get('service_types', 'nova')).toBe('compute');
    expect(readCredentials(config)).toEqual({
      authUrl: 'http://127.0.0.1:5000/v3',
      method: { kind: 'password', user: { name: 'ceilometer', domainId: 'default' }, password: 'secret@123' },
      project: { name: 'service', domainId: 'default' },
      interface: 'internal',
      regionName: 'RegionOne',
      insecure: false,
    });
    expect(JSON.stringify(config)).not.toContain('secret@123');
  });
});

describe('README example config', () => {
  it('every ```ini block loads without warnings and gives credentials', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'osc-readme-'));
    try {
      const kinds = blocks.map((block, i) => {
        const file = join(dir, `example-${i}.conf`);
        writeFileSync(file, block);
        const registry = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('@ceilometer-ts/openstack-client', listOpenStackClientOptions);
        const { config, warnings } = loadConfig({ configFiles: [file], configDirs: [], registry });
        expect(warnings).toEqual([]);
        return readCredentials(config)?.method.kind;
      });
      expect(kinds).toEqual(['password', 'application_credential']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
