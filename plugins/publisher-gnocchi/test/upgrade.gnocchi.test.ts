/**
 * The `ceilometer.upgrade` step against a real Gnocchi 4.4 (a private, empty one): twice (the
 * second run changes nothing), the seed's resource types, attributes and archive policies, the
 * skip flag, and typed errors for an unreachable Gnocchi and refused credentials.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type PluginContext, type UpgradeOptions } from '@ceilometer-ts/sdk';
import { gnocchiUnavailable, startGnocchi, type GnocchiService } from '@ceilometer-ts/test-services';
import { GnocchiAuthError, GnocchiUnreachableError, GnocchiUpgrade } from '../src/index.js';
import { basicContext } from './fake-gnocchi.js';

const SEED = fileURLToPath(new URL('../../../etc/ceilometer/gnocchi_resources.yaml', import.meta.url));

/** A context whose gnocchi_resources.yaml is the seed's (found as next to ceilometer.conf). */
function seedContext(url: string, user = 'admin'): PluginContext {
  const ctx = basicContext(url, silentLogger, { 'service_credentials.user': user });
  return { ...ctx, config: { ...ctx.config, findFile: (name) => (name === 'gnocchi_resources.yaml' ? SEED : undefined) } };
}

function options(flags: string[] = [], retry = 0): UpgradeOptions & { lines: string[] } {
  const lines: string[] = [];
  return { flags: new Set(flags), retry, progress: (l) => lines.push(l), logger: silentLogger, signal: new AbortController().signal, lines };
}

const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('ceilometer-upgrade step gnocchi (real Gnocchi)', () => {
  let gnocchi: GnocchiService;
  beforeAll(async () => {
    gnocchi = await startGnocchi({ private: true, env: { GNOCCHI_METRICD: '0' } });
  }, 180_000);
  afterAll(async () => {
    await gnocchi?.stop();
  });

  it('refused credentials (a non-admin user) are a typed error, before anything changed', async () => {
    const err = await new GnocchiUpgrade(seedContext(gnocchi.url, 'nobody')).run(options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GnocchiAuthError);
    expect((err as GnocchiAuthError).message).toMatch(/^Gnocchi refused the credentials while trying to create resource type image: HTTP 403/);
  });

  it('creates what an empty Gnocchi lacks, then changes nothing the second time', async () => {
    const first = options();
    const result = await new GnocchiUpgrade(seedContext(gnocchi.url)).run(first);
    expect(result.changed).toContain('created resource type instance (initial type)');
    expect(result.changed).toContain('updated resource type instance: add flavor_name to instance');
    expect(result.changed).toContain('created archive policy horizon-mimic');
    expect(first.lines[0]).toMatch(/^Gnocchi 4\.4\.\d+ at http:\/\/127\.0\.0\.1:\d+$/);
    const second = options();
    const again = await new GnocchiUpgrade(seedContext(gnocchi.url)).run(second);
    expect(again.changed).toEqual([]);
    expect(second.lines).toHaveLength(again.unchanged.length + 1);

    const instance = await gnocchi.request('GET', '/v1/resource_type/instance');
    expect(Object.keys((instance.body as { attributes: object }).attributes).sort()).toEqual(
      ['availability_zone', 'created_at', 'deleted_at', 'display_name', 'flavor_id', 'flavor_name', 'host', 'image_ref', 'launched_at', 'server_group'],
    );
    for (const type of ['host', 'host_disk', 'host_network_interface', 'instance_disk', 'instance_network_interface']) {
      expect((await gnocchi.request('GET', `/v1/resource_type/${type}`)).status).toBe(200);
    }
    const policy = await gnocchi.request('GET', '/v1/archive_policy/horizon-mimic');
    expect(policy.body).toMatchObject({ name: 'horizon-mimic', back_window: 0 });
    expect((policy.body as { definition: unknown[] }).definition).toHaveLength(5);
  }, 120_000);

  it('--skip-gnocchi-resource-types leaves resource types alone', async () => {
    const o = options(['skip-gnocchi-resource-types']);
    const result = await new GnocchiUpgrade(seedContext(gnocchi.url)).run(o);
    expect(result).toEqual({ changed: [], unchanged: expect.arrayContaining(['resource types skipped (--skip-gnocchi-resource-types)']) as unknown });
  });

  it('an unreachable Gnocchi is retried --retry times, then a typed error', async () => {
    const o = options([], 1);
    const err = await new GnocchiUpgrade(seedContext('http://127.0.0.1:9')).run(o).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GnocchiUnreachableError);
    expect((err as Error).message).toMatch(/^Gnocchi is unreachable after 2 attempt\(s\): Gnocchi GET http:\/\/127\.0\.0\.1:9\/ failed: ECONNREFUSED/);
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0]).toMatch(/retrying in 1 s \(attempt 2 of 2\)$/);
  }, 30_000);

  it('without --retry it retries until the command aborts it (SIGINT, SIGTERM)', async () => {
    const controller = new AbortController();
    const o = { ...options([], Number.POSITIVE_INFINITY), signal: controller.signal };
    setTimeout(() => controller.abort(), 2500);
    const started = Date.now();
    await expect(new GnocchiUpgrade(seedContext('http://127.0.0.1:9')).run(o)).rejects.toBeInstanceOf(GnocchiUnreachableError);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(o.lines[0]).toMatch(/retrying in 1 s \(attempt 2\)$/);
  }, 30_000);
});
