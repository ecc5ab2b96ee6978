import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoMatchesError } from '@ceilometer-ts/sdk';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import {
  DispatchExtensionManager, EnabledExtensionManager, makeTestExtension, NameDispatchExtensionManager, type PluginRegistry,
} from '../../src/registry/index.js';
import { fixtures, recordingLogger, scanApp } from './helpers.js';

interface Described {
  describe(prefix: string): string;
}

let app: FixtureApp;
let registry: PluginRegistry;
beforeAll(async () => {
  app = await createFixtureApp({ layout: 'plugin-dir', packages: await fixtures('good-pollsters', 'second-plugins') });
  registry = await scanApp(app);
});
afterAll(() => app.remove());

describe('EnabledExtensionManager', () => {
  it('keeps the extensions checkFunc accepts (it sees the loaded object)', async () => {
    const seen: unknown[] = [];
    const mgr = await EnabledExtensionManager.create<Described>({
      namespace: 'test.poll', registry, invokeOnLoad: true,
      checkFunc: (ext) => {
        seen.push(ext.obj !== undefined);
        return ext.entryPoint.packageName === 'fixture-second' || ext.name === 'cpu';
      },
    });
    expect(mgr.names()).toEqual(['cpu', 'network']);
    expect(seen.every(Boolean)).toBe(true);
    expect(await mgr.mapMethod('describe', 'e')).toEqual(['e:cpu', 'e:network']);
  });
});

describe('DispatchExtensionManager', () => {
  it('map(filter, fn, ...args) calls the extensions the filter accepts for these arguments', async () => {
    const mgr = await DispatchExtensionManager.create<Described>({ namespace: 'test.poll', registry, invokeOnLoad: true });
    const startsWith = (ext: { name: string }, letter: string) => ext.name.startsWith(letter);
    expect(await mgr.map(startsWith, (ext, letter) => `${letter}${ext.name}`, 'm')).toEqual(['mmemory']);
    expect(await mgr.mapMethod((ext) => ext.name.length === 4, 'describe', 'd')).toEqual(['d:disk']);
  });

  it('honours checkFunc, logs map errors unless propagateMapExceptions, and raises NoMatches when empty', async () => {
    const logger = recordingLogger();
    const mgr = await DispatchExtensionManager.create({ namespace: 'test.poll', registry, checkFunc: (e) => e.name !== 'cpu', logger });
    expect(mgr.names()).toEqual(['memory', 'disk', 'ready', 'network']);
    expect(await mgr.map(() => true, (ext) => { if (ext.name === 'disk') throw new Error('bad'); return ext.name; })).toEqual(['memory', 'ready', 'network']);
    expect(logger.records.some((r) => r.level === 'error' && r.msg.includes('bad'))).toBe(true);
    const strict = DispatchExtensionManager.forTesting('t', [makeTestExtension('a', 1)], { propagateMapExceptions: true });
    await expect(strict.map(() => true, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(DispatchExtensionManager.forTesting('t', []).map(() => true, () => 1)).rejects.toBeInstanceOf(NoMatchesError);
  });
});

describe('NameDispatchExtensionManager', () => {
  it('map(names, fn, ...args) calls the named extensions in the order given, ignoring unknown names', async () => {
    const mgr = await NameDispatchExtensionManager.create<Described>({ namespace: 'test.poll', registry, invokeOnLoad: true });
    expect(await mgr.map(['network', 'nope', 'cpu'], (ext, p: string) => ext.obj?.describe(p), 'n')).toEqual(['n:network', 'n:cpu']);
    expect(await mgr.mapMethod(['disk'], 'describe', 'q')).toEqual(['q:disk']);
    expect(await NameDispatchExtensionManager.forTesting('t', []).map(['x'], () => 1)).toEqual([]);
  });
});
