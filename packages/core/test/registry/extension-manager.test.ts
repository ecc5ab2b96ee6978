import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapServiceRegistry, NoMatchesError, type PluginContext } from '@ceilometer-ts/sdk';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { ExtensionManager, makeTestExtension, type PluginRegistry } from '../../src/registry/index.js';
import { fixtures, recordingLogger, scanApp } from './helpers.js';

interface Described {
  describe(prefix: string): string;
}

let app: FixtureApp;
let registry: PluginRegistry;
beforeAll(async () => {
  app = await createFixtureApp({ layout: 'pnpm', packages: await fixtures('good-pollsters', 'second-plugins') });
  registry = await scanApp(app);
});
afterAll(() => app.remove());

describe('ExtensionManager on installed packages', () => {
  it('loads every extension of the namespace without instantiating by default', async () => {
    const mgr = await ExtensionManager.create({ namespace: 'test.poll', registry });
    expect(mgr.names()).toEqual(['cpu', 'memory', 'disk', 'ready', 'network']);
    expect(mgr.get('memory')?.obj).toBeUndefined();
    expect(mgr.get('memory')?.plugin).toBeTypeOf('function');
    expect(mgr.get('memory')?.entryPoint.packageName).toBe('@fixture/good-pollsters');
    expect(mgr.has('nope')).toBe(false);
    expect([...mgr].map((e) => e.name)).toEqual(mgr.names());
  });

  it('instantiates: injection for marked classes, invokeArgs for plain classes and functions, awaits setup()', async () => {
    const logger = recordingLogger();
    const services = new MapServiceRegistry();
    const mgr = await ExtensionManager.create<Record<string, unknown>>({
      namespace: 'test.poll', registry, invokeOnLoad: true, invokeArgs: ['a', 2], context: { logger, services },
    });
    const cpu = mgr.get('cpu')?.obj as { ctx: PluginContext; invokeArgs: unknown[] };
    expect(cpu.invokeArgs).toEqual(['a', 2]);
    expect(cpu.ctx.services).toBe(services);
    expect(cpu.ctx.entryPoint?.name).toBe('cpu');
    expect(cpu.ctx.config.has('DEFAULT', 'x')).toBe(false);
    cpu.ctx.logger.info('hello');
    expect(logger.records.at(-1)?.fields).toEqual({ pkg: '@fixture/good-pollsters', ns: 'test.poll', ep: 'cpu' });
    expect(mgr.get('memory')?.obj).toMatchObject({ args: ['a', 2] });
    expect(mgr.get('disk')?.obj).toMatchObject({ kind: 'disk', args: ['a', 2] });
    expect(mgr.get('ready')?.obj).toMatchObject({ ready: true });
  });

  it('map() collects results, logs a failure and goes on', async () => {
    const logger = recordingLogger();
    const mgr = await ExtensionManager.create<Described>({ namespace: 'test.poll', registry, invokeOnLoad: true, logger });
    const out = await mgr.map(async (ext, suffix: string) => {
      if (ext.name === 'disk') throw new Error('disk exploded');
      return `${ext.name}${suffix}`;
    }, '!');
    expect(out).toEqual(['cpu!', 'memory!', 'ready!', 'network!']);
    const err = logger.records.find((r) => r.level === 'error');
    expect(err?.msg).toBe('error calling test.poll/disk: disk exploded');
    expect(err?.fields).toMatchObject({ ns: 'test.poll', ep: 'disk', pkg: '@fixture/good-pollsters' });
  });

  it('map() rethrows with propagateMapExceptions', async () => {
    const mgr = await ExtensionManager.create<Described>({ namespace: 'test.poll', registry, propagateMapExceptions: true });
    await expect(mgr.map(() => { throw new Error('stop'); })).rejects.toThrow('stop');
  });

  it('mapMethod() calls a method on each object; a missing method is a map error', async () => {
    const mgr = await ExtensionManager.create<Described>({ namespace: 'test.poll', registry, invokeOnLoad: true, propagateMapExceptions: true });
    expect(await mgr.mapMethod('describe', 'p')).toEqual(['p:cpu', 'p:memory', 'p:disk', 'p:ready', 'p:network']);
    await expect(mgr.mapMethod('nope')).rejects.toThrow('extension "cpu" has no method nope()');
  });

  it('map() on an empty namespace raises NoMatchesError, and the empty namespace is logged once at debug', async () => {
    const logger = recordingLogger();
    const mgr = await ExtensionManager.create({ namespace: 'test.empty', registry, logger });
    await ExtensionManager.create({ namespace: 'test.empty', registry, logger });
    expect(logger.records.filter((r) => r.level === 'debug' && r.msg.startsWith('no extensions')).map((r) => r.msg)).toEqual(['no extensions found in namespace test.empty']);
    const err = await mgr.map(() => 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoMatchesError);
    expect((err as NoMatchesError).code).toBe('CEILO_ERR_EXT_NO_MATCHES');
  });
});

describe('ExtensionManager.forTesting', () => {
  it('wraps hand-made extensions', async () => {
    const mgr = ExtensionManager.forTesting('test.fake', [
      makeTestExtension('a', { describe: (p: string) => `${p}:a` }),
      ExtensionManager.makeTestExtension('b', { describe: (p: string) => `${p}:b` }),
    ]);
    expect(mgr.namespace).toBe('test.fake');
    expect(await mgr.mapMethod('describe', 'x')).toEqual(['x:a', 'x:b']);
    expect(mgr.get('a')?.entryPoint).toMatchObject({ name: 'a', packageName: '(test)', namespace: 'TESTING' });
    expect(await mgr.get('b')?.entryPoint.load()).toBe(Object);
  });
});
