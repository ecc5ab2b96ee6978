import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginImportError, type EntryPointRef } from '@ceilometer-ts/sdk';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { ExtensionManager, NamedExtensionManager, type PluginRegistry } from '../../src/registry/index.js';
import { fixtures, recordingLogger, scanApp } from './helpers.js';

let app: FixtureApp;
let registry: PluginRegistry;
beforeAll(async () => {
  app = await createFixtureApp({
    layout: 'npm',
    packages: await fixtures('import-throws', 'module-missing', 'export-missing', 'ctor-throws', 'setup-skips', 'second-plugins'),
  });
  registry = await scanApp(app);
});
afterAll(() => app.remove());

const load = (name: string, onLoadFailure: (ep: EntryPointRef, error: Error) => void) =>
  NamedExtensionManager.create({ namespace: 'test.broken', names: [name], registry, invokeOnLoad: true, onLoadFailure, warnOnMissingNames: false });

describe('a bad plugin is isolated and reported', () => {
  it.each([
    ['boom', 'fixture-import-throws@0.3.0 test.broken/boom (./index.js:Boom): cannot import ./index.js: libvirt bindings not found'],
    ['absent', 'fixture-module-missing@0.3.1 test.broken/absent (./dist/absent.js:Absent): cannot import ./dist/absent.js: '],
    ['nope', 'fixture-export-missing@0.4.0 test.broken/nope (./index.js:Nope): ./index.js has no export "Nope" (exports: Other)'],
    ['ctor', 'fixture-ctor-throws@0.5.0 test.broken/ctor (./index.js:CtorThrows): constructor failed: no hardware here'],
  ])('%s: onLoadFailure gets a PluginImportError', async (name, message) => {
    const failures: [EntryPointRef, Error][] = [];
    const mgr = await load(name, (ep, error) => failures.push([ep, error]));
    expect(mgr.extensions).toEqual([]);
    expect(failures).toHaveLength(1);
    const [ep, error] = failures[0] as [EntryPointRef, Error];
    expect(ep.name).toBe(name);
    expect(error).toBeInstanceOf(PluginImportError);
    expect((error as PluginImportError).code).toBe('CEILO_ERR_PLUGIN_IMPORT');
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('setup() throwing ExtensionLoadError reaches onLoadFailure untouched', async () => {
    const failures: Error[] = [];
    await load('skip', (_ep, error) => failures.push(error));
    expect(failures.map((e) => [(e as { code?: string }).code, e.message])).toEqual([['CEILO_ERR_EXT_SKIPPED', '[hardware] readonly_user_name is empty']]);
  });

  it('by default logs package, version, entry point and error, the stack only at debug, and loads the rest', async () => {
    const logger = recordingLogger();
    const mgr = await ExtensionManager.create({ namespace: 'test.broken', registry, invokeOnLoad: true, logger });
    expect(mgr.extensions).toEqual([]);
    const lines = logger.records.filter((r) => r.level === 'error' || r.level === 'info');
    expect(lines.map((r) => [r.level, r.fields['pkg'], r.fields['version'], r.fields['ep']])).toEqual([
      ['error', 'fixture-ctor-throws', '0.5.0', 'ctor'],
      ['error', 'fixture-export-missing', '0.4.0', 'nope'],
      ['error', 'fixture-import-throws', '0.3.0', 'boom'],
      ['error', 'fixture-module-missing', '0.3.1', 'absent'],
      ['info', 'fixture-setup-skips', '0.6.0', 'skip'],
    ]);
    expect(lines.every((r) => !('stack' in r.fields))).toBe(true);
    expect(logger.records.filter((r) => r.level === 'debug' && 'stack' in r.fields)).toHaveLength(4);
    expect(lines[4]?.msg).toBe('skipping test.broken/skip: [hardware] readonly_user_name is empty');
    const other = await ExtensionManager.create({ namespace: 'test.driver', registry, logger });
    expect(other.names()).toEqual(['file', 'http']);
  });

  it('an onLoadFailure that throws aborts the manager', async () => {
    await expect(load('boom', (_ep, error) => { throw error; })).rejects.toBeInstanceOf(PluginImportError);
  });

  it('invokeOnLoad on an export that is not callable is a load failure', async () => {
    const failures: Error[] = [];
    const fake = { entryPoints: () => [{ ...registry.find('test.driver', 'file')!, name: 'value', load: async () => 42 }] };
    await ExtensionManager.create({ namespace: 'x', registry: fake, invokeOnLoad: true, onLoadFailure: (_ep, e) => failures.push(e) });
    expect(failures[0]?.message).toContain('invokeOnLoad needs a class or a function, the export is number');
  });
});
