import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp, type FixtureLayout } from '@ceilometer-ts/sdk/testing';
import { defaultScanRoots, ExtensionManager, PluginRegistry } from '../../src/registry/index.js';
import { fixtures, namesByNamespace, scanApp, SDK_VERSION } from './helpers.js';

let app: FixtureApp | undefined;
afterEach(async () => {
  await app?.remove();
  app = undefined;
});

describe.each<FixtureLayout>(['npm', 'pnpm'])('dependency tree, %s layout', (layout) => {
  it('finds direct and transitive plugins, not packages nobody depends on', async () => {
    app = await createFixtureApp({
      layout,
      packages: await fixtures('good-pollsters', 'second-plugins', 'plain-dep', 'transitive', 'hidden'),
      dependencies: ['@fixture/good-pollsters', 'fixture-second', 'fixture-plain-dep'],
    });
    const registry = await scanApp(app);
    expect(namesByNamespace(registry)).toEqual({
      'test.poll': ['cpu', 'memory', 'disk', 'ready', 'network', 'transitive'],
      'test.driver': ['file', 'http'],
    });
    expect(registry.problems).toEqual([]);
    const cpu = registry.find('test.poll', 'cpu');
    expect(cpu).toMatchObject({
      packageName: '@fixture/good-pollsters', packageVersion: '1.2.0', origin: 'dependencies',
      target: './dist/cpu.js:CpuPollster', modulePath: './dist/cpu.js', exportName: 'CpuPollster',
      packageDir: app.packageDir('@fixture/good-pollsters'),
    });
    if (layout === 'pnpm') expect(cpu?.packageDir).toContain(join('node_modules', '.pnpm', '@fixture+good-pollsters@1.2.0'));
    expect(registry.find('test.poll', 'disk')?.exportName).toBe('default');
  });

  it('loads extensions from the real package directories', async () => {
    app = await createFixtureApp({ layout, packages: await fixtures('good-pollsters') });
    const registry = await scanApp(app);
    const mgr = await ExtensionManager.create<{ describe(p: string): string }>({ namespace: 'test.poll', registry, invokeOnLoad: true });
    expect(await mgr.mapMethod('describe', 'x')).toEqual(['x:cpu', 'x:memory', 'x:disk', 'x:ready']);
  });
});

describe('operator plugin dir (npm install --prefix DIR)', () => {
  it('finds every package in DIR/node_modules, scoped ones included', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: await fixtures('good-pollsters', 'second-plugins') });
    const registry = await scanApp(app);
    expect(namesByNamespace(registry)['test.poll']).toEqual(['cpu', 'memory', 'disk', 'ready', 'network']);
    expect(registry.find('test.poll', 'network')?.origin).toBe('plugin-dir');
  });

  it('accepts a node_modules folder itself, and CEILOMETER_PLUGIN_PATH', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: await fixtures('second-plugins') });
    const roots = defaultScanRoots({ appDir: app.appDir, env: { CEILOMETER_PLUGIN_PATH: `/nonexistent:${app.nodeModulesDir}` } });
    expect(roots.map((r) => r.kind)).toEqual(['dependencies', 'plugin-dir', 'plugin-dir']);
    const registry = await PluginRegistry.scan({ roots, cache: false, sdkVersion: SDK_VERSION });
    expect(registry.entryPoints('test.driver').map((ep) => ep.name)).toEqual(['file', 'http']);
  });
});

describe('global install', () => {
  it('treats the siblings of <prefix>/lib/node_modules/@ceilometer-ts/cli as plugins', async () => {
    app = await createFixtureApp({ layout: 'global', packages: await fixtures('good-pollsters', 'second-plugins') });
    const roots = defaultScanRoots({ appDir: app.appDir, env: {} });
    expect(roots).toEqual([
      { kind: 'dependencies', dir: app.appDir },
      { kind: 'plugin-dir', dir: app.nodeModulesDir },
    ]);
    const registry = await scanApp(app);
    expect(namesByNamespace(registry)['test.driver']).toEqual(['file', 'http']);
    expect(registry.packages.map((p) => p.name)).toEqual(['@fixture/good-pollsters', 'fixture-second']);
  });
});

describe('the ceilometer-ts meta-package', () => {
  it('treats the node_modules the cli is nested in as plugins (npm -g layout and npm --prefix layout)', () => {
    // npm install -g --prefix /opt/ceilometer-ts ceilometer-ts: the cli and the default plugins sit in
    // the meta-package's own node_modules
    const nested = '/nonexistent/opt/lib/node_modules/ceilometer-ts/node_modules';
    expect(defaultScanRoots({ appDir: `${nested}/@ceilometer-ts/cli`, env: {} })).toEqual([
      { kind: 'dependencies', dir: `${nested}/@ceilometer-ts/cli` },
      { kind: 'plugin-dir', dir: nested },
    ]);
    // npm install --prefix DIR ceilometer-ts: everything hoisted into DIR/node_modules
    expect(defaultScanRoots({ appDir: '/nonexistent/dir/node_modules/@ceilometer-ts/cli', env: {} })[1]).toEqual({ kind: 'plugin-dir', dir: '/nonexistent/dir/node_modules' });
  });
});

describe('workspace', () => {
  it('follows pnpm-workspace.yaml globs, negations included', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: [] });
    const ws = join(app.root, 'ws');
    await mkdir(ws, { recursive: true });
    await writeFile(join(ws, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n  - \"plugins/**\"  # all plugins\n  - '!**/excluded/**'\n");
    const put = async (rel: string, name: string, ns: Record<string, string>) => {
      await mkdir(join(ws, rel), { recursive: true });
      await writeFile(join(ws, rel, 'package.json'), JSON.stringify({ name, version: '0.0.1', ceilometer: { entryPoints: { 'test.ws': ns } } }));
    };
    await put('packages/core', 'ws-core', { core: './a.js' });
    await put('plugins/group/deep', 'ws-deep', { deep: './a.js' });
    await put('plugins/excluded/skip', 'ws-skip', { skip: './a.js' });
    await put('other/nope', 'ws-nope', { nope: './a.js' });
    const registry = await PluginRegistry.scan({ roots: [{ kind: 'workspace', dir: ws }], cache: false, sdkVersion: SDK_VERSION });
    expect(registry.entryPoints('test.ws').map((ep) => `${ep.name}:${ep.origin}`)).toEqual(['core:workspace', 'deep:workspace']);
  });
});

describe('dedupe and roots', () => {
  it('counts a package reached from two roots once', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('second-plugins') });
    const registry = await PluginRegistry.scan({
      roots: [{ kind: 'dependencies', dir: app.appDir }, { kind: 'plugin-dir', dir: app.appDir }],
      cache: false, sdkVersion: SDK_VERSION,
    });
    expect(registry.packages).toHaveLength(1);
    expect(registry.problems).toEqual([]);
  });

  it('builds default roots in order, without duplicates', () => {
    const roots = defaultScanRoots({
      appDir: '/nonexistent/app', workspaceRoot: '/nonexistent/ws', pluginDirs: ['/opt/plugins', '/srv/p'],
      env: { CEILOMETER_PLUGIN_PATH: ['/srv/p', '', '/opt/more'].join(':') },
    });
    expect(roots).toEqual([
      { kind: 'dependencies', dir: '/nonexistent/app' },
      { kind: 'workspace', dir: '/nonexistent/ws' },
      { kind: 'plugin-dir', dir: '/srv/p' },
      { kind: 'plugin-dir', dir: '/opt/more' },
      { kind: 'plugin-dir', dir: '/opt/plugins' },
    ]);
  });
});
