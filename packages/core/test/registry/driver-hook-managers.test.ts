import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultipleMatchesError, NoMatchesError, PluginImportError } from '@ceilometer-ts/sdk';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { DriverManager, HookManager, makeTestExtension, type PluginRegistry } from '../../src/registry/index.js';
import { fixtures, recordingLogger, scanApp } from './helpers.js';

let app: FixtureApp;
let registry: PluginRegistry;
beforeAll(async () => {
  app = await createFixtureApp({ layout: 'pnpm', packages: await fixtures('second-plugins', 'dup-a', 'dup-b', 'import-throws') });
  registry = await scanApp(app);
});
afterAll(() => app.remove());

describe('DriverManager', () => {
  it('loads exactly one driver; .driver is the object, or the export without invokeOnLoad', async () => {
    const mgr = await DriverManager.create<{ url: string }>({ namespace: 'test.driver', name: 'http', registry, invokeOnLoad: true, invokeArgs: ['http://x'] });
    expect(mgr.driver.url).toBe('http://x');
    expect(await mgr.call((ext, suffix: string) => `${ext.name}${suffix}`, '!')).toBe('http!');
    const plain = await DriverManager.create({ namespace: 'test.driver', name: 'file', registry });
    expect(plain.driver).toBe(plain.extensions[0]?.plugin);
  });

  it('raises NoMatchesError listing the available names', async () => {
    const err = await DriverManager.create({ namespace: 'test.driver', name: 'kafka', registry }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoMatchesError);
    expect((err as Error).message).toMatchInlineSnapshot(`"no extension found in namespace test.driver for "kafka" (available: file, http)"`);
    const typo = await DriverManager.create({ namespace: 'test.driver', name: 'htp', registry }).catch((e: unknown) => e);
    expect((typo as Error).message).toBe('no extension found in namespace test.driver for "htp" (available: file, http); did you mean http?');
  });

  it('raises MultipleMatchesError naming the candidate packages, before importing them', async () => {
    const err = await DriverManager.create({ namespace: 'test.dup', name: 'shared', registry }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MultipleMatchesError);
    expect((err as MultipleMatchesError).code).toBe('CEILO_ERR_EXT_MULTIPLE_MATCHES');
    expect((err as Error).message).toMatchInlineSnapshot(`"test.dup: "shared" is provided by several packages: fixture-dup-a@1.0.0 (./index.js:Shared), fixture-dup-b@2.0.0 (./index.js:Shared)"`);
  });

  it('throws a load failure by default, and reports NoMatches when a custom callback swallows it', async () => {
    await expect(DriverManager.create({ namespace: 'test.broken', name: 'boom', registry })).rejects.toBeInstanceOf(PluginImportError);
    const logger = recordingLogger();
    await expect(DriverManager.create({ namespace: 'test.broken', name: 'boom', registry, onLoadFailure: () => {}, logger }))
      .rejects.toBeInstanceOf(NoMatchesError);
  });

  it('forTesting wants exactly one extension', () => {
    expect(DriverManager.forTesting('t', [makeTestExtension('one', { n: 1 })]).driver).toEqual({ n: 1 });
    expect(() => DriverManager.forTesting('t', [])).toThrow(NoMatchesError);
    expect(() => DriverManager.forTesting('t', [makeTestExtension('a', 1), makeTestExtension('a', 2)])).toThrow(MultipleMatchesError);
  });
});

describe('HookManager', () => {
  it('loads every extension with the name, from each package, by package name', async () => {
    const mgr = await HookManager.create<{ who(): string }>({ namespace: 'test.dup', name: 'shared', registry, invokeOnLoad: true });
    expect(mgr.name).toBe('shared');
    expect(await mgr.mapMethod('who')).toEqual(['dup-a', 'dup-b']);
    expect(mgr.getAll('shared')).toHaveLength(2);
  });

  it('is quiet about a missing hook unless asked', async () => {
    const logger = recordingLogger();
    const missing: string[] = [];
    const mgr = await HookManager.create({ namespace: 'test.dup', name: 'absent', registry, logger, onMissingNames: (n) => missing.push(...n) });
    expect(mgr.extensions).toEqual([]);
    expect(missing).toEqual(['absent']);
    await HookManager.create({ namespace: 'test.dup', name: 'absent', registry, logger });
    expect(logger.records.filter((r) => r.level === 'warn')).toEqual([]);
    await HookManager.create({ namespace: 'test.dup', name: 'absent', registry, logger, warnOnMissingNames: true });
    expect(logger.records.filter((r) => r.level === 'warn').map((r) => r.msg)).toEqual(['no absent hook in test.dup']);
  });
});
