/**
 * The README's example configs: every ```ini block loads without warnings with this package's
 * option declarations and gives the credentials it describes; the pipeline example's URL parses.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CORE_PACKAGE_NAME, coreOptions, loadConfig, OptionRegistry } from '@ceilometer-ts/core';
import { readSessionCredentials } from '@ceilometer-ts/openstack-client';
import { gnocchiSessionSettings, listGnocchiPublisherOptions, parseGnocchiSettings } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('every ini block loads and gives credentials', () => {
  const blocks = [...readme.matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(3);
  const dir = mkdtempSync(join(tmpdir(), 'gnocchi-readme-'));
  try {
    const kinds = blocks.map((block, i) => {
      const file = join(dir, `example-${i}.conf`);
      writeFileSync(file, block);
      const registry = new OptionRegistry().register(CORE_PACKAGE_NAME, coreOptions).register('@ceilometer-ts/publisher-gnocchi', listGnocchiPublisherOptions);
      const { config, warnings } = loadConfig({ configFiles: [file], configDirs: [], registry });
      expect(warnings).toEqual([]);
      const section = gnocchiSessionSettings(config).authSection;
      const c = readSessionCredentials(config, section);
      return [section, c && 'authType' in c ? c.authType : c?.method.kind];
    });
    expect(kinds).toEqual([['service_credentials', 'password'], ['service_credentials', 'gnocchi-basic'], ['gnocchi', 'gnocchi-noauth']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the pipeline example URL parses', () => {
  const url = /- (gnocchi:\/\/\S+)/.exec(readme)![1]!;
  expect(parseGnocchiSettings(url)).toMatchObject({ filterProject: 'service', archivePolicyOverride: 'horizon-mimic' });
});
