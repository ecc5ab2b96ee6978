import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '@ceilometer-ts/sdk/testing';
import { cacheDisabledByEnv, resolveCacheDir } from '../../src/registry/index.js';
import { fixture, fixtures, scanApp } from './helpers.js';

let app: FixtureApp;
let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'ceilometer-cache-'));
});
afterEach(async () => {
  await app?.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

const names = (r: Awaited<ReturnType<typeof scanApp>>) => r.entryPoints('test.poll').map((ep) => ep.name);

describe('on-disk scan cache', () => {
  it('is written on a cold scan and used on the next one', async () => {
    app = await createFixtureApp({ layout: 'pnpm', packages: await fixtures('good-pollsters', 'plain-dep', 'transitive'), dependencies: ['@fixture/good-pollsters', 'fixture-plain-dep'] });
    const cold = await scanApp(app, { cache: true, cacheDir });
    expect(cold.cacheUsed).toBe(false);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const warm = await scanApp(app, { cache: true, cacheDir });
    expect(warm.cacheUsed).toBe(true);
    expect(warm.info.cacheFile).toBe(cold.info.cacheFile);
    expect(names(warm)).toEqual(names(cold));
    expect(names(warm)).toContain('transitive');
    // Entry points from the cache load like scanned ones.
    expect(await warm.find('test.poll', 'memory')?.load()).toBeTypeOf('function');
  });

  it('is stale after a package.json is touched', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('good-pollsters', 'transitive') });
    await scanApp(app, { cache: true, cacheDir });
    await app.touchPackageJson('fixture-transitive');
    expect((await scanApp(app, { cache: true, cacheDir })).cacheUsed).toBe(false);
    expect((await scanApp(app, { cache: true, cacheDir })).cacheUsed).toBe(true);
  });

  it('is stale after a package is added to a plugin dir (no package.json of ours changes)', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: await fixtures('good-pollsters') });
    expect(names(await scanApp(app, { cache: true, cacheDir }))).not.toContain('transitive');
    await app.addPackage(await fixture('transitive'), { addDependency: false });
    const after = await scanApp(app, { cache: true, cacheDir });
    expect(after.cacheUsed).toBe(false);
    expect(names(after)).toContain('transitive');
  });

  it('is stale after a dependency is installed (pnpm: new symlink)', async () => {
    app = await createFixtureApp({ layout: 'pnpm', packages: await fixtures('good-pollsters') });
    await scanApp(app, { cache: true, cacheDir });
    await app.addPackage(await fixture('second-plugins'));
    const after = await scanApp(app, { cache: true, cacheDir });
    expect(after.cacheUsed).toBe(false);
    expect(names(after)).toContain('network');
  });

  it('is keyed by the roots', async () => {
    app = await createFixtureApp({ layout: 'plugin-dir', packages: await fixtures('good-pollsters') });
    await scanApp(app, { cache: true, cacheDir });
    const other = await scanApp(app, { cache: true, cacheDir, roots: [{ kind: 'plugin-dir', dir: app.pluginDir as string }] });
    expect(other.cacheUsed).toBe(false);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it('ignores a corrupt cache file', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('good-pollsters') });
    const cold = await scanApp(app, { cache: true, cacheDir });
    writeFileSync(cold.info.cacheFile as string, '{"format":1,');
    const again = await scanApp(app, { cache: true, cacheDir });
    expect(again.cacheUsed).toBe(false);
    expect(names(again)).toEqual(names(cold));
  });

  it('is not read or written with cache: false', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('good-pollsters') });
    await scanApp(app, { cache: true, cacheDir });
    const off = await scanApp(app, { cache: false, cacheDir });
    expect(off.cacheUsed).toBe(false);
    expect(off.info.cacheFile).toBeUndefined();
  });

  it('is off with CEILOMETER_PLUGIN_CACHE=0, and follows CEILOMETER_PLUGIN_CACHE_DIR', async () => {
    app = await createFixtureApp({ layout: 'npm', packages: await fixtures('good-pollsters') });
    const env = { CEILOMETER_PLUGIN_CACHE_DIR: join(cacheDir, 'from-env') };
    await scanApp(app, { cache: true, env });
    expect(existsSync(join(cacheDir, 'from-env'))).toBe(true);
    expect((await scanApp(app, { cache: true, env })).cacheUsed).toBe(true);
    expect((await scanApp(app, { cache: true, env: { ...env, CEILOMETER_PLUGIN_CACHE: '0' } })).cacheUsed).toBe(false);
    expect(cacheDisabledByEnv({ CEILOMETER_PLUGIN_CACHE: 'false' })).toBe(true);
    expect(cacheDisabledByEnv({ CEILOMETER_PLUGIN_CACHE: '1' })).toBe(false);
  });

  it('defaults its directory to XDG_CACHE_HOME, then ~/.cache', () => {
    expect(resolveCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/ceilometer-ts');
    expect(resolveCacheDir({})).toBe(join(homedir(), '.cache', 'ceilometer-ts'));
    expect(resolveCacheDir({ XDG_CACHE_HOME: '/x', CEILOMETER_PLUGIN_CACHE_DIR: '/y' })).toBe('/y');
  });
});
