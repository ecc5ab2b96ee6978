import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortOpen, publishPackageDir, publishWorkspace, startVerdaccio, type VerdaccioService } from '@ceilometer-ts/test-services';

interface Packument {
  readonly 'dist-tags': Record<string, string>;
  readonly versions: Record<string, { readonly dependencies?: Record<string, string>; readonly peerDependencies?: Record<string, string> }>;
}

async function packument(registry: VerdaccioService, name: string): Promise<Packument> {
  const res = await fetch(new URL(name.replace('/', '%2f'), registry.url));
  expect(res.status, `GET ${name}`).toBe(200);
  return (await res.json()) as Packument;
}

describe('startVerdaccio / publishWorkspace (scripts/services/start-verdaccio.sh)', () => {
  let registry: VerdaccioService;
  let work: string;

  beforeAll(async () => {
    registry = await startVerdaccio();
    console.log(`verdaccio ${registry.url}: install ${registry.installSeconds} s, start ${registry.startSeconds} s`);
    work = await mkdtemp(join(tmpdir(), 'ceilo-verdaccio-test-'));
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('publishes workspace packages with workspace: ranges rewritten to real ones', async () => {
    const result = await publishWorkspace(registry.url, { packages: ['@ceilometer-ts/sdk', '@ceilometer-ts/core'] });
    console.log(`published ${result.published.join(', ')} in ${result.seconds.toFixed(1)} s`);
    expect(result.published.map((id) => id.replace(/@[^@]+$/, '')).sort()).toEqual(['@ceilometer-ts/core', '@ceilometer-ts/sdk']);
    const core = await packument(registry, '@ceilometer-ts/core');
    const latest = core.versions[core['dist-tags']['latest']!]!;
    for (const range of Object.values(latest.dependencies ?? {})) expect(range).not.toMatch(/^workspace:/);
    // a second call skips what is already there
    expect((await publishWorkspace(registry.url, { packages: ['@ceilometer-ts/sdk'] })).published).toEqual([]);
  }, 120_000);

  it('publishes a package dir from outside the workspace and proxies the rest from npmjs.org', async () => {
    const dir = join(work, 'plugin');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@example/verdaccio-probe', version: '1.0.0', main: 'index.js' }));
    await writeFile(join(dir, 'index.js'), 'export const probe = 1;\n');
    const result = await publishPackageDir(registry.url, dir);
    expect(result.published).toEqual(['@example/verdaccio-probe@1.0.0']);
    expect(Object.keys((await packument(registry, '@example/verdaccio-probe')).versions)).toEqual(['1.0.0']);
    // an ordinary package comes through the uplink
    expect((await packument(registry, 'commander'))['dist-tags']['latest']).toMatch(/^\d+\./);
  }, 120_000);

  it('stop() stops exactly its process', async () => {
    const { port } = registry;
    await registry.stop();
    expect(await isPortOpen(port)).toBe(false);
  }, 60_000);
});
