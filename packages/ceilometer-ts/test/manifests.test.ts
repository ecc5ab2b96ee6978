/**
 * Every public package of the workspace is publishable as it is: the fields a registry and its users
 * need, `files` covering everything `exports`, `bin` and the entry points name, publishConfig.exports
 * without the workspace-only source condition, and dependency ranges pnpm rewrites into real ones.
 * (`node scripts/sync-manifests.mjs` fixes most of what this finds.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from '@ceilometer-ts/core';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCE_CONDITION = '@ceilometer-ts/source';
const COMMANDS = ['ceilometer-polling', 'ceilometer-agent-notification', 'ceilometer-config-generator', 'ceilometer-plugins', 'ceilometer-send-sample', 'ceilometer-upgrade'];

type Deps = Record<string, string>;
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly license?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly engines?: { readonly node?: string };
  readonly main?: string;
  readonly types?: string;
  readonly exports?: unknown;
  readonly bin?: Record<string, string>;
  readonly files?: readonly string[];
  readonly dependencies?: Deps;
  readonly peerDependencies?: Deps;
  readonly optionalDependencies?: Deps;
  readonly devDependencies?: Deps;
  readonly publishConfig?: { readonly access?: string; readonly exports?: unknown };
  readonly ceilometer?: { readonly entryPoints?: Record<string, Record<string, string>> };
}
interface WorkspacePackage {
  readonly folder: string;
  readonly manifest: Manifest;
}

function workspacePackages(): WorkspacePackage[] {
  return ['packages', 'plugins'].flatMap((parent) =>
    readdirSync(join(ROOT, parent))
      .sort()
      .filter((name) => existsSync(join(ROOT, parent, name, 'package.json')))
      .map((name) => ({ folder: `${parent}/${name}`, manifest: JSON.parse(readFileSync(join(ROOT, parent, name, 'package.json'), 'utf8')) as Manifest })),
  );
}

const all = workspacePackages();
const publicPackages = all.filter((p) => p.manifest.private !== true);
const byName = new Map(all.map((p) => [p.manifest.name, p]));

/** Every string target in an exports value (conditions and subpaths flattened). */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

function conditions(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...conditions(inner)]);
}

function withoutSourceCondition(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== SOURCE_CONDITION).map(([key, inner]) => [key, withoutSourceCondition(inner)]));
}

/** Whether an npm `files` list includes a package-relative path (patterns `dir` and `dir/**` style). */
function filesCover(files: readonly string[], target: string): boolean {
  const path = target.replace(/^\.\//, '').replace(/\*.*$/, '');
  if (path === 'package.json') return true; // always packed
  return files.some((entry) => {
    const e = entry.replace(/^\.\//, '').replace(/\/\*\*.*$/, '').replace(/\/$/, '');
    return path === e || path.startsWith(`${e}/`);
  });
}

/** Everything the published package points at: exports, main, types, bin and entry point modules. */
function pointedAt(m: Manifest): string[] {
  const entryModules = Object.values(m.ceilometer?.entryPoints ?? {}).flatMap((eps) => Object.values(eps).map((t) => t.split(':')[0]!));
  return [...targets(m.publishConfig?.exports ?? m.exports), ...(m.main ? [m.main] : []), ...(m.types ? [m.types] : []), ...Object.values(m.bin ?? {}), ...entryModules];
}

describe('public package manifests', () => {
  it('the workspace root is not the meta-package', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    expect(root).toMatchObject({ name: 'ceilometer-ts-workspace', private: true });
    expect(byName.get('ceilometer-ts')?.folder).toBe('packages/ceilometer-ts');
  });

  it.each(publicPackages.map((p) => [p.manifest.name, p] as const))('%s has what a registry and its users need', (_name, { folder, manifest: m }) => {
    expect(m.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(m.description ?? '').not.toBe('');
    expect(m.license).toBe('Apache-2.0');
    expect(m.keywords ?? []).toEqual(expect.arrayContaining(['openstack', 'ceilometer']));
    if (folder.startsWith('plugins/')) expect(m.keywords).toContain('ceilometer-ts-plugin');
    expect(m.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: folder });
    expect(m.homepage).toMatch(new RegExp(`/${folder}#readme$`));
    expect(m.bugs?.url).toMatch(/^https:\/\//);
    expect(m.engines?.node).toBe('>=20.0.0');
    expect(m.publishConfig?.access).toBe('public');
    expect(existsSync(join(ROOT, folder, 'README.md')), `${folder}/README.md`).toBe(true);
    expect(existsSync(join(ROOT, folder, 'CHANGELOG.md')), `${folder}/CHANGELOG.md`).toBe(true);
    expect(m.files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'LICENSE']));
    expect(readFileSync(join(ROOT, folder, 'LICENSE'), 'utf8'), `${folder}/LICENSE is the root LICENSE`).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
  });

  it.each(publicPackages.map((p) => [p.manifest.name, p] as const))('%s: files cover every published target, without the source condition', (_name, { manifest: m }) => {
    const files = m.files ?? [];
    for (const target of pointedAt(m)) expect(filesCover(files, target), `files ${JSON.stringify(files)} miss ${target}`).toBe(true);
    if (m.exports !== undefined) {
      expect(m.publishConfig?.exports).toEqual(withoutSourceCondition(m.exports));
      expect(conditions(m.publishConfig?.exports)).not.toContain(SOURCE_CONDITION);
      // the declaration and source maps in dist name ../src: shipped with them
      expect(files).toContain('src');
    }
    for (const entry of files) expect(entry, 'tests are never published').not.toMatch(/(^|\/)test(\/|$)/);
  });

  it.each(publicPackages.map((p) => [p.manifest.name, p] as const))('%s: dependency ranges publish as real ones', (_name, { manifest: m }) => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
      for (const [dep, range] of Object.entries(m[field] ?? {})) {
        const local = byName.get(dep);
        if (range.startsWith('workspace:')) {
          // workspace:* and workspace:<version> publish as an exact pin; only ^ and ~ become ranges
          expect(range, `${field}.${dep}`).toMatch(/^workspace:[\^~]$/);
          expect(field, `${dep}: a peer range must be written out`).not.toBe('peerDependencies');
        } else if (local) {
          expect(satisfies(local.manifest.version, range), `${field}.${dep} ${range} must accept the workspace's ${local.manifest.version}`).toBe(true);
        }
        if (local) expect(local.manifest.private, `${field}.${dep}: a published package cannot need a private one`).not.toBe(true);
      }
    }
    for (const peer of Object.keys(m.peerDependencies ?? {})) {
      if (byName.has(peer)) expect(m.devDependencies?.[peer] ?? m.dependencies?.[peer], `${peer} is a peer: the workspace copy must be a devDependency`).toBe('workspace:^');
    }
  });

  it('scripts/sync-manifests.mjs has nothing to change', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/sync-manifests.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the ceilometer-ts meta-package', () => {
  const meta = byName.get('ceilometer-ts')!;

  it('depends on the cli, the sdk and every public plugin', () => {
    const plugins = publicPackages.filter((p) => p.folder.startsWith('plugins/')).map((p) => p.manifest.name);
    expect(Object.keys(meta.manifest.dependencies ?? {}).sort()).toEqual(['@ceilometer-ts/cli', '@ceilometer-ts/sdk', ...plugins].sort());
  });

  it('installs the six commands through launchers that exist and import the cli bin of the same name', () => {
    expect(Object.keys(meta.manifest.bin ?? {}).sort()).toEqual([...COMMANDS].sort());
    for (const [command, target] of Object.entries(meta.manifest.bin ?? {})) {
      const text = readFileSync(join(ROOT, meta.folder, target), 'utf8');
      expect(text.startsWith('#!/usr/bin/env node\n'), target).toBe(true);
      expect(text).toContain(`import '@ceilometer-ts/cli/bin/${command}';`);
      expect(byName.get('@ceilometer-ts/cli')?.manifest.bin?.[command]).toBe(`./dist/bin/${command}.js`);
    }
  });
});
