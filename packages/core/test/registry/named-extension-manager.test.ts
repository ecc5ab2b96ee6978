import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { NamedExtensionManager, type PluginRegistry } from '../../src/registry/index.js';
import { fixtures, importsSeen, recordingLogger, resetImports, scanApp } from './helpers.js';

// A fresh app per test: Node caches modules by URL, and laziness is about the first import.
let app: FixtureApp;
let registry: PluginRegistry;
beforeEach(async () => {
  resetImports();
  app = await createFixtureApp({ layout: 'npm', packages: await fixtures('good-pollsters', 'second-plugins', 'sdk-range-miss') });
  registry = await scanApp(app);
});
afterEach(() => app.remove());

describe('NamedExtensionManager', () => {
  it('imports only the named extensions (filtering happens before import)', async () => {
    const mgr = await NamedExtensionManager.create({ namespace: 'test.poll', names: ['memory'], registry });
    expect(mgr.names()).toEqual(['memory']);
    expect(importsSeen()).toEqual(['good-pollsters/memory']);
    // Memoised: the same entry point does not import again.
    await NamedExtensionManager.create({ namespace: 'test.poll', names: ['memory'], registry });
    expect(importsSeen()).toEqual(['good-pollsters/memory']);
  });

  it('never imports a package disabled by its sdk range', async () => {
    const mgr = await NamedExtensionManager.create({ namespace: 'test.poll', names: ['future'], registry, onMissingNames: () => {} });
    expect(mgr.names()).toEqual([]);
    expect(importsSeen()).toEqual([]);
  });

  it('keeps registry order unless nameOrder', async () => {
    const names = ['network', 'disk', 'cpu'];
    expect((await NamedExtensionManager.create({ namespace: 'test.poll', names, registry })).names()).toEqual(['cpu', 'disk', 'network']);
    expect((await NamedExtensionManager.create({ namespace: 'test.poll', names, registry, nameOrder: true })).names()).toEqual(names);
  });

  it('tells onMissingNames about names that did not load, or warns', async () => {
    const missing: string[][] = [];
    const mgr = await NamedExtensionManager.create({
      namespace: 'test.poll', names: ['cpu', 'gpu', 'tpu'], registry, onMissingNames: (n) => missing.push([...n]),
    });
    expect(missing).toEqual([['gpu', 'tpu']]);
    expect(mgr.missingNames).toEqual(['gpu', 'tpu']);
    const logger = recordingLogger();
    await NamedExtensionManager.create({ namespace: 'test.poll', names: ['gpu'], registry, logger });
    expect(logger.records.filter((r) => r.level === 'warn').map((r) => r.msg)).toEqual(['could not load gpu from test.poll']);
    const quiet = recordingLogger();
    await NamedExtensionManager.create({ namespace: 'test.poll', names: ['gpu'], registry, logger: quiet, warnOnMissingNames: false });
    expect(quiet.records.filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('counts a name whose load failed as missing', async () => {
    const missing: string[] = [];
    const ep = registry.find('test.poll', 'cpu')!;
    const broken = { entryPoints: () => [{ ...ep, load: () => Promise.reject(new Error('gone')) }] };
    await NamedExtensionManager.create({ namespace: 'test.poll', names: ['cpu'], registry: broken, onLoadFailure: () => {}, onMissingNames: (n) => missing.push(...n) });
    expect(missing).toEqual(['cpu']);
  });
});
