/**
 * Keystone mode against a real Keystone and a Gnocchi behind keystonemiddleware: the endpoint from
 * the catalog (service type metric, interface internal), filter_project resolved through Keystone,
 * and a token renewal.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSample, silentLogger, type PluginContext } from '@ceilometer-ts/sdk';
import { gnocchiUnavailable, startGnocchi, startKeystone, type GnocchiService, type KeystoneService } from '@ceilometer-ts/test-services';
import { createGnocchiSession, GnocchiApi, GnocchiPublisher } from '../src/index.js';
import { contextWith } from './fake-gnocchi.js';

const DEFS = fileURLToPath(new URL('./fixtures/keystone.yaml', import.meta.url));
const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('keystone mode (real Keystone, Gnocchi with keystonemiddleware)', () => {
  let keystone: KeystoneService;
  let gnocchi: GnocchiService;
  let ctx: PluginContext;
  beforeAll(async () => {
    keystone = await startKeystone();
    gnocchi = await startGnocchi({ keystone });
    ctx = contextWith({
      'service_credentials.auth_url': keystone.url, 'service_credentials.auth_type': 'password', 'service_credentials.username': 'ceilometer',
      'service_credentials.password': keystone.servicePassword, 'service_credentials.user_domain_id': 'default', 'service_credentials.project_name': 'service',
      'service_credentials.project_domain_id': 'default', 'service_credentials.region_name': keystone.region, 'service_credentials.interface': 'internalURL',
    }, silentLogger);
  }, 240_000);
  afterAll(async () => {
    await gnocchi?.stop();
    await keystone?.stop();
  });

  it("finds Gnocchi in the catalog and skips the samples of Gnocchi's own project (filter_project through Keystone)", async () => {
    const service = await keystone.token('ceilometer', keystone.servicePassword, 'service');
    const publisher = new GnocchiPublisher(ctx, `gnocchi://?filter_project=service&resources_definition_file=${DEFS}`);
    expect(await publisher.api.endpoint()).toBe(gnocchi.url);
    // uuids: a name would become uuid5(name + creator), and the test reads as another user
    const mine = randomUUID();
    const theirs = randomUUID();
    const at = new Date(Date.now() - 120_000).toISOString().slice(0, 19);
    await publisher.publishSamples([
      makeSample({ name: 'ks.metric', type: 'gauge', unit: 'x', volume: 3, resource_id: mine, project_id: 'p-tenant', timestamp: at }),
      makeSample({ name: 'ks.metric', type: 'gauge', unit: 'x', volume: 4, resource_id: theirs, project_id: service.projectId, timestamp: at }),
    ]);
    await publisher.close();
    expect((await gnocchi.request('GET', `/v1/resource/generic/${mine}`)).body).toMatchObject({ project_id: 'p-tenant', id: mine });
    expect((await gnocchi.request('GET', `/v1/resource/generic/${theirs}`)).status).toBe(404);
    const measures = await gnocchi.request('GET', `/v1/resource/generic/${mine}/metric/ks.metric/measures?refresh=true`);
    expect((measures.body as [string, number, number][]).map((p) => p[2])).toEqual([3]);
  }, 60_000);

  it('renews the token before it expires and goes on', async () => {
    const probe = createGnocchiSession(ctx.config, silentLogger);
    const tokenLifetimeMs = (await probe.session.auth()).expiresAt - Date.now();
    probe.session.close();
    // renew when less than (lifetime - 1.5 s) is left: the token obtained is renewed 1.5 s later
    const { session, settings } = createGnocchiSession(ctx.config, silentLogger, { renewBeforeMs: tokenLifetimeMs - 1500 });
    const api = new GnocchiApi(session, settings);
    expect((await api.getArchivePolicy('ks-test')).status).toBe(200);
    const first = (await session.auth()).token;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await api.getArchivePolicy('ks-test')).status).toBe(200);
    expect((await session.auth()).token).not.toBe(first);
    session.close();
  }, 60_000);
});
