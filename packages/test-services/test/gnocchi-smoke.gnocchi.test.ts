import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnocchiUnavailable, startGnocchi, type GnocchiService } from '../src/index.js';

// The REST flow every Gnocchi test relies on (services.md §5), on the run's Gnocchi or a private one.
const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('startGnocchi (real Gnocchi 4.4)', () => {
  let gnocchi: GnocchiService;
  // archive policies are global: names of this test's own, so a shared Gnocchi can run it again
  const suffix = `${process.pid}-${Date.now()}`;
  const policy = `smoke-${suffix}`;
  const resourceId = `smoke-host-${suffix}`;

  beforeAll(async () => {
    gnocchi = await startGnocchi();
  }, 180_000);
  afterAll(async () => {
    await gnocchi?.stop();
  });

  it('creates an archive policy, a resource, posts measures and reads them back', async () => {
    const created = await gnocchi.request('POST', '/v1/archive_policy', {
      name: policy,
      back_window: 0,
      aggregation_methods: ['mean', 'max'],
      definition: [{ granularity: '1m', points: 30 }],
    });
    expect(created.status).toBe(201);
    expect(await gnocchi.request('POST', '/v1/archive_policy', { name: policy, definition: [{ granularity: '1m', points: 30 }] })).toMatchObject({ status: 409 });

    const resource = await gnocchi.request('POST', '/v1/resource/generic', { id: resourceId, project_id: 'p1', user_id: 'u1' });
    expect(resource.status).toBe(201);
    expect(resource.body).toMatchObject({ original_resource_id: resourceId, type: 'generic', creator: expect.any(String) as unknown });

    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', '+00:00');
    const posted = await gnocchi.request('POST', '/v1/batch/resources/metrics/measures?create_metrics=true', {
      [resourceId]: {
        'smoke.bytes': {
          archive_policy_name: policy,
          unit: 'B',
          measures: [
            { timestamp: iso(minute - 120_000), value: 10 },
            { timestamp: iso(minute - 120_000 + 1000), value: 30 },
            { timestamp: iso(minute - 60_000), value: 5 },
          ],
        },
      },
    });
    expect(posted.status).toBe(202);

    // refresh=true processes what metricd has not processed yet: no polling loop needed
    const measures = await gnocchi.request('GET', `/v1/resource/generic/${resourceId}/metric/smoke.bytes/measures?refresh=true&granularity=60&aggregation=mean`);
    expect(measures.status).toBe(200);
    expect(measures.body).toEqual([
      [iso(minute - 120_000), 60, 20],
      [iso(minute - 60_000), 60, 5],
    ]);
    const metric = await gnocchi.request('GET', `/v1/resource/generic/${resourceId}/metric/smoke.bytes`);
    expect(metric.body).toMatchObject({ unit: 'B', archive_policy: { name: policy } });

    // DELETE goes without Accept: application/json (Gnocchi answers 406 to it even on success)
    expect((await gnocchi.request('DELETE', `/v1/resource/generic/${resourceId}`)).status).toBe(204);
  });

  // uwsgi --http-socket closed connections it had announced as persistent: Node's fetch, reusing
  // them, got ECONNRESET / "other side closed" on 24-36 of these 400 requests (start-gnocchi.sh now
  // uses --http11-socket: 0)
  it('serves parallel keep-alive clients without resetting reused connections', async () => {
    const headers = await gnocchi.adminHeaders();
    const failures: string[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 100; i += 1) {
        try {
          const res = await fetch(`${gnocchi.url}/v1/archive_policy/${policy}`, { headers });
          await res.text();
          if (res.status !== 200) failures.push(`HTTP ${res.status}`);
        } catch (error) {
          failures.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
        }
      }
    };
    await Promise.all([loop(), loop(), loop(), loop()]);
    expect(failures).toEqual([]);
  }, 60_000);

  it.runIf(process.env['CEILO_TEST_GNOCCHI_ENV'] === undefined)('stops and starts the API in place for outage tests', async () => {
    await gnocchi.stopApi();
    await expect(fetch(`${gnocchi.url}/healthcheck`)).rejects.toThrow();
    await gnocchi.startApi();
    expect((await gnocchi.request('GET', `/v1/archive_policy/${policy}`)).status).toBe(200);
  }, 60_000);
});
