/**
 * A plugin that would import a second copy of the sdk (its own nested or peer-installed one): the
 * scan records it, the registry names it when the plugin cannot take the host's sdk instead, and
 * marks the entry points of the others so their import gets the host's modules.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { PackageEntryPoint, problemToError, type RegistryProblem } from '../../src/registry/index.js';
import { scanApp } from './helpers.js';

let app: FixtureApp | undefined;
afterEach(async () => {
  await app?.remove();
  app = undefined;
});

const sdkCopy = (version: string) => ({ 'node_modules/@ceilometer-ts/sdk/package.json': JSON.stringify({ name: '@ceilometer-ts/sdk', version }) });
const plugin = (name: string, packageJson: Record<string, unknown>, files: Record<string, string> = {}) => ({
  name, packageJson: { ...packageJson, ceilometer: { entryPoints: { 'test.poll': { [name]: './a.js:A' } } } }, files: { 'a.js': 'export class A {}\n', ...files },
});

describe('second copies of the sdk', () => {
  it('disables a plugin whose own copy the host sdk cannot replace, naming the range, the host version and the copy', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: [plugin('bundles-v9', {}, sdkCopy('9.0.0')), plugin('peer-v9', { peerDependencies: { '@ceilometer-ts/sdk': '^9.0.0' } }, sdkCopy('9.1.0'))] });
    const registry = await scanApp(app);
    expect(registry.entryPoints('test.poll')).toEqual([]);
    const copyOf = (name: string) => join(app!.packageDir(name), 'node_modules/@ceilometer-ts/sdk');
    expect(registry.problems.map((p) => p.message)).toEqual([
      `bundles-v9@1.0.0: its own @ceilometer-ts/sdk 9.0.0 (range "^9.0.0") does not accept the installed 1.2.3; a second copy, sdk 9.0.0, is installed at ${copyOf('bundles-v9')} (plugins always get the host's sdk, ${registry.info.sdkDir}); its entry points are disabled (install a version built for sdk 1.2.3)`,
      `peer-v9@1.0.0: peerDependencies["@ceilometer-ts/sdk"] "^9.0.0" does not accept the installed 1.2.3; a second copy, sdk 9.1.0, is installed at ${copyOf('peer-v9')} (plugins always get the host's sdk, ${registry.info.sdkDir}); its entry points are disabled (install a version built for sdk 1.2.3)`,
    ]);
    expect(registry.problems[1]).toMatchObject({ kind: 'sdk-range', wanted: '^9.0.0', installed: '1.2.3', secondCopy: copyOf('peer-v9') });
    expect(problemToError(registry.problems[1] as RegistryProblem).code).toBe('CEILO_ERR_PLUGIN_METADATA');
  });

  it('loads a compatible plugin with its own copy, or with none, through the host modules', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: [plugin('peer-ok', { peerDependencies: { '@ceilometer-ts/sdk': '^1.0.0' } }, sdkCopy('1.0.0')), plugin('no-sdk', {})] });
    const registry = await scanApp(app);
    expect(registry.problems).toEqual([]);
    const eps = registry.entryPoints('test.poll') as PackageEntryPoint[];
    expect(eps.map((ep) => [ep.name, ep.needsHostSdk])).toEqual([['no-sdk', true], ['peer-ok', true]]);
    expect(registry.packages.find((p) => p.name === 'peer-ok')?.sdk).toEqual({ dir: join(app.packageDir('peer-ok'), 'node_modules/@ceilometer-ts/sdk'), version: '1.0.0' });
  });
});
