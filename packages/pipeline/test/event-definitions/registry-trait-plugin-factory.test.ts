import type { EntryPoint, PluginRegistryLike } from '@ceilometer-ts/core';
import { Namespaces } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { registryTraitPluginFactory } from '../../src/event-definitions/index.js';
import { SplitterTraitPlugin } from '../../../../plugins/event-trait-plugins/src/index.js';

function entryPoint(name: string, exported: unknown): EntryPoint {
  return {
    namespace: Namespaces.eventTraitPlugin, name, packageName: '@ceilometer-ts/event-trait-plugins', packageVersion: '0.1.0',
    target: `./dist/${name}.js:X`, packageDir: '/x', modulePath: '/x/dist/x.js', exportName: 'X', origin: 'test',
    load: () => Promise.resolve(exported),
  };
}

describe('registryTraitPluginFactory', () => {
  it('constructs plugins found in ceilometer.event.trait_plugin with their parameters', async () => {
    const registry: PluginRegistryLike = { entryPoints: (ns) => (ns === Namespaces.eventTraitPlugin ? [entryPoint('split', SplitterTraitPlugin)] : []) };
    const factory = await registryTraitPluginFactory({ registry });
    expect(factory.names).toEqual(['split']);
    expect(factory.create('split', { segment: 1 }).traitValues([['p', 'a.b']])).toEqual(['b']);
    expect(() => factory.create('bitfieldz', {})).toThrow(/no trait plugin named "bitfieldz" \(available: split\)/);
  });
});
