import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFixtureApp, withFixtureApp, type FixturePackage } from '@ceilometer-ts/sdk/testing';

const plugin: FixturePackage = { name: '@scope/plugin', version: '2.0.0', packageJson: { dependencies: { dep: '1.0.0' } }, files: { 'index.js': 'export const x = 1;\n' } };
const dep: FixturePackage = { name: 'dep', files: { 'index.js': 'export {};\n' } };

describe('createFixtureApp', () => {
  it('lays out pnpm: store directories, symlinked direct and dependency links', async () => {
    await withFixtureApp({ layout: 'pnpm', packages: [plugin, dep], dependencies: ['@scope/plugin'] }, async (app) => {
      const link = join(app.appDir, 'node_modules', '@scope', 'plugin');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(realpathSync(link)).toBe(app.packageDir('@scope/plugin'));
      expect(app.packageDir('@scope/plugin')).toContain(join('.pnpm', '@scope+plugin@2.0.0', 'node_modules'));
      expect(realpathSync(join(app.packageDir('@scope/plugin'), '..', '..', 'dep'))).toBe(app.packageDir('dep'));
      expect(existsSync(join(app.appDir, 'node_modules', 'dep'))).toBe(false);
      expect(JSON.parse(readFileSync(join(app.appDir, 'package.json'), 'utf8')).dependencies).toEqual({ '@scope/plugin': '2.0.0' });
    });
  });

  it('lays out npm (hoisted copies), a plugin dir and a global prefix, and removes everything', async () => {
    const npm = await createFixtureApp({ layout: 'npm', packages: [plugin, dep] });
    expect(lstatSync(join(npm.nodeModulesDir, 'dep')).isDirectory()).toBe(true);
    expect(readFileSync(join(npm.packageDir('@scope/plugin'), 'index.js'), 'utf8')).toBe('export const x = 1;\n');
    expect(JSON.parse(readFileSync(join(npm.packageDir('dep'), 'package.json'), 'utf8'))).toEqual({ name: 'dep', version: '1.0.0', type: 'module' });
    await npm.remove();
    expect(existsSync(npm.root)).toBe(false);

    await withFixtureApp({ layout: 'plugin-dir', packages: [dep] }, async (app) => {
      expect(app.nodeModulesDir).toBe(join(app.pluginDir!, 'node_modules'));
      await app.addPackage(plugin, { addDependency: false });
      expect(existsSync(join(app.nodeModulesDir, '@scope', 'plugin', 'package.json'))).toBe(true);
    });

    await withFixtureApp({ layout: 'global', packages: [dep] }, async (app) => {
      expect(app.appDir).toBe(join(app.root, 'prefix', 'lib', 'node_modules', '@ceilometer-ts', 'cli'));
      expect(app.packageDir('dep')).toBe(join(app.nodeModulesDir, 'dep'));
    });
  });

  it('moves a package.json mtime forward', async () => {
    await withFixtureApp({ layout: 'npm', packages: [dep] }, async (app) => {
      const file = join(app.packageDir('dep'), 'package.json');
      const before = lstatSync(file).mtimeMs;
      await app.touchPackageJson('dep');
      expect(lstatSync(file).mtimeMs).toBeGreaterThan(before);
    });
  });
});
