/**
 * What `pnpm pack` (the tarball `pnpm publish` uploads) really holds: real version ranges instead of
 * workspace: ones, no source condition, every target present, no tests, source maps that resolve.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { workspacePackLock } from '@ceilometer-ts/test-services';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const built = existsSync(join(ROOT, 'packages/cli/dist/bin/ceilometer-polling.js'));
const work = mkdtempSync(join(tmpdir(), 'ceilo-pack-'));

interface PackedManifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly exports?: unknown;
  readonly bin?: Record<string, string>;
  readonly scripts?: Record<string, string>;
  readonly publishConfig?: Record<string, unknown>;
}

/** Packs the package in `folder` and unpacks it; returns the unpacked dir and its file list. */
function pack(folder: string): { dir: string; files: string[]; manifest: PackedManifest } {
  const dest = join(work, folder.replace('/', '-'));
  // NOTE: under the lock publishWorkspace() takes: the meta-package's prepack/postpack add and remove etc/
  const out = execFileSync('flock', [workspacePackLock(), 'pnpm', 'pack', '--pack-destination', dest], { cwd: join(ROOT, folder), encoding: 'utf8' });
  const tarball = out.trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', tarball, '-C', dest]);
  const dir = join(dest, 'package');
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  return { dir, files, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackedManifest };
}

function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => (key.includes('*') ? [] : targets(inner)));
  return [];
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!built)('pnpm pack', () => {
  it('@ceilometer-ts/cli: real ranges, no source condition, targets present, nothing but dist, src and docs', () => {
    const { dir, files, manifest } = pack('packages/cli');
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      expect(range, dep).toMatch(/^[\^~]?\d+\.\d+\.\d+/);
    }
    expect(manifest.dependencies?.['@ceilometer-ts/core']).toBe(`^${(JSON.parse(readFileSync(join(ROOT, 'packages/core/package.json'), 'utf8')) as { version: string }).version}`);
    expect(JSON.stringify(manifest.exports)).not.toContain('@ceilometer-ts/source');
    for (const target of [...targets(manifest.exports), ...Object.values(manifest.bin ?? {})]) expect(existsSync(join(dir, target)), target).toBe(true);
    expect(existsSync(join(dir, 'dist/bin/ceilometer-polling.js'))).toBe(true);
    const outside = files.filter((f) => !/^(dist|src)\//.test(f) && !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => /(^|\/)test\/|\.test\.|tsbuildinfo/.test(f))).toEqual([]);
    // every source a shipped map names is in the tarball
    const maps = files.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      for (const source of (JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources: string[] }).sources) {
        const path = posix.normalize(posix.join(dirname(map), source));
        expect(files, `${map} names ${source}`).toContain(path);
      }
    }
  });

  it('ceilometer-ts: the launchers and the example configs (copied by prepack, removed by postpack)', () => {
    const { files, manifest } = pack('packages/ceilometer-ts');
    expect(files).toEqual(expect.arrayContaining(['bin/ceilometer-polling.js', 'bin/ceilometer-upgrade.js', 'etc/ceilometer/embedded/ceilometer.conf', 'etc/ceilometer/polling.yaml', 'README.md']));
    expect(Object.values(manifest.dependencies ?? {}).filter((r) => r.startsWith('workspace:'))).toEqual([]);
    expect(readdirSync(join(ROOT, 'packages/ceilometer-ts'))).not.toContain('etc');
  });
});
