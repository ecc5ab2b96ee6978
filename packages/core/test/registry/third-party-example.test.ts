/**
 * The example third-party pollster, packed with `npm pack` and installed into an operator plugin
 * dir from the tarball (offline), then found by a scan, loaded and polled.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapCycleCache, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import { defaultScanRoots, NamedExtensionManager, PluginRegistry } from '../../src/registry/index.js';
import { recordingLogger } from './helpers.js';

const run = promisify(execFile);
const EXAMPLE = fileURLToPath(new URL('../../../../examples/third-party-pollster/', import.meta.url));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ceilometer-example-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('examples/third-party-pollster installed with npm', () => {
  it('is found in a plugin dir, loaded and polled', async () => {
    const env = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work, EXAMPLE], { env });
    const tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    const pluginDir = join(work, 'plugins');
    await run('npm', ['install', '--prefix', pluginDir, '--offline', '--omit=peer', '--no-package-lock', tarball], { env });

    const roots = defaultScanRoots({ appDir: join(work, 'no-app'), env: { CEILOMETER_PLUGIN_PATH: pluginDir } });
    const registry = await PluginRegistry.scan({ roots, cache: false, sdkVersion: '1.0.0' });
    expect(registry.problems).toEqual([]);
    const ep = registry.find('ceilometer.poll.central', 'example.uptime');
    expect(ep).toMatchObject({ packageName: '@example/ceilometer-pollster-uptime', packageVersion: '1.0.0', origin: 'plugin-dir' });
    expect(ep?.packageDir.startsWith(join(pluginDir, 'node_modules'))).toBe(true);

    const logger = recordingLogger();
    const mgr = await NamedExtensionManager.create<Pollster>({
      namespace: 'ceilometer.poll.central', names: ['example.uptime'], registry, invokeOnLoad: true, context: { logger },
    });
    const pollster = mgr.get('example.uptime')!.obj!;
    expect(pollster.defaultDiscovery).toBeNull();
    const cycle = { cache: new MapCycleCache(), timestamp: '2025-01-01T00:00:00.000000+00:00', sourceName: 's', signal: new AbortController().signal };
    const samples: Sample[] = [];
    for await (const s of pollster.getSamples(cycle, []) as AsyncIterable<Sample>) samples.push(s);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ name: 'example.uptime', type: 'gauge', unit: 's', timestamp: cycle.timestamp });
    expect(samples[0]!.volume).toBeGreaterThan(0);
    expect(logger.records.find((r) => r.msg === 'reading host uptime')?.fields).toMatchObject({ pkg: '@example/ceilometer-pollster-uptime', ep: 'example.uptime' });
  }, 120_000);
});
