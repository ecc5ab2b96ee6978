/**
 * The gnocchi:// publisher through the sample pipeline (pipeline.yaml, delivery queues) into a real
 * Gnocchi 4.4 (gnocchi-basic auth): compute-, SNMP- and host-shaped samples read back with
 * `?refresh=true` (values, units, archive policies, resource attributes); attribute updates sent
 * once, not once per batch (requests counted by a proxy); Gnocchi stopped in the middle of a run
 * and started again: every measure arrives (counted).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_SETTINGS, SamplePipelineManager } from '@ceilometer-ts/pipeline';
import { makeSample, silentLogger, type PluginContext, type Sample } from '@ceilometer-ts/sdk';
import { fakePluginContext } from '@ceilometer-ts/sdk/testing';
import { gnocchiUnavailable, startGnocchi, type GnocchiService } from '@ceilometer-ts/test-services';
import { GnocchiPublisher, GnocchiUpgrade } from '../../../plugins/publisher-gnocchi/src/index.js';

const SEED = fileURLToPath(new URL('../../../etc/ceilometer/gnocchi_resources.yaml', import.meta.url));
const OUTAGE = fileURLToPath(new URL('./fixtures/gnocchi-outage-resources.yaml', import.meta.url));

function context(endpoint: string): PluginContext {
  const ctx = fakePluginContext({
    'service_credentials.auth_type': 'gnocchi-basic', 'service_credentials.user': 'admin', 'service_credentials.endpoint': endpoint,
    'DEFAULT.max_parallel_requests': 8,
  });
  return { ...ctx, config: { ...ctx.config, findFile: (name) => (name === 'gnocchi_resources.yaml' ? SEED : undefined) } };
}

/** A forwarding proxy that counts requests by `METHOD /path` (query left out). */
async function countingProxy(target: string): Promise<{ url: string; counts: Map<string, number>; count(prefix: string): number; close(): void; server: Server }> {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // agent false: a new connection per request, so the proxy adds no keep-alive races of its own
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    count: (prefix) => [...counts.entries()].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
    server,
  };
}

async function pipelineTo(url: string, ctx: PluginContext, dir: string): Promise<SamplePipelineManager> {
  const file = join(dir, `pipeline-${randomUUID()}.yaml`);
  writeFileSync(file, `sources:\n  - name: all\n    meters: ["*"]\n    sinks: [gnocchi]\nsinks:\n  - name: gnocchi\n    publishers:\n      - "${url}"\n`);
  return SamplePipelineManager.fromFile(file, {
    publisherFactory: { create: (u) => Promise.resolve(new GnocchiPublisher(ctx, u)) },
    logger: silentLogger,
    delivery: { ...DEFAULT_DELIVERY_SETTINGS, backoff: { initialMs: 250, maxMs: 1000, multiplier: 2 } },
  });
}

/** `2026-12-04T10:07:00` style (the polling agent's naive UTC), `minutesAgo` minutes before now, whole minute + `second`. */
function stamp(minutesAgo: number, second = 0): string {
  const t = Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000 + second * 1000;
  return new Date(t).toISOString().slice(0, 19);
}

const unavailable = gnocchiUnavailable();

describe.skipIf(unavailable !== undefined)('gnocchi:// through the pipeline into a real Gnocchi', () => {
  let gnocchi: GnocchiService;
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-gnocchi-'));
  beforeAll(async () => {
    gnocchi = await startGnocchi();
    // resource types and archive policies of the seed's gnocchi_resources.yaml
    await new GnocchiUpgrade(context(gnocchi.url)).run({ flags: new Set(), retry: 0, progress: () => {}, logger: silentLogger, signal: new AbortController().signal });
  }, 300_000);
  afterAll(async () => {
    await gnocchi?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compute-, SNMP- and host-shaped samples arrive with values, units, archive policies and attributes', async () => {
    const sfx = randomUUID().slice(0, 8);
    const vm = randomUUID();
    const snmpHost = `10.9.${sfx}`;
    const localHost = `node-${sfx}`;
    const pipeline = await pipelineTo('gnocchi://?filter_project=service&archive_policy=horizon-mimic', context(gnocchi.url), dir);
    const instanceMeta = { host: 'compute-1', display_name: 'vm-one', flavor: { id: 'f1', name: 'm1.tiny' }, image_ref: 'img-1', instance_id: vm };
    const samples: Sample[] = [
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 5e9, resource_id: vm, project_id: 'p1', user_id: 'u1', timestamp: stamp(3), resource_metadata: instanceMeta }),
      makeSample({ name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 256, resource_id: vm, project_id: 'p1', user_id: 'u1', timestamp: stamp(3), resource_metadata: instanceMeta }),
      makeSample({ name: 'disk.device.read.bytes', type: 'cumulative', unit: 'B', volume: 4096, resource_id: `${vm}-vda`, project_id: 'p1', timestamp: stamp(3), resource_metadata: { ...instanceMeta, disk_name: 'vda' } }),
      makeSample({ name: 'custom.hardware.cpu.util.percentage', type: 'gauge', unit: '%', volume: 12.5, resource_id: snmpHost, timestamp: stamp(3), resource_metadata: { resource_url: `snmp://${snmpHost}` } }),
      makeSample({ name: 'hardware.network.incoming.bytes', type: 'cumulative', unit: 'B', volume: 1000, resource_id: `${snmpHost}.eth0`, timestamp: stamp(3), resource_metadata: { resource_url: `snmp://${snmpHost}`, name: 'eth0' } }),
      makeSample({ name: 'custom.hardware.disk.size.used', type: 'gauge', unit: 'KB', volume: 2048, resource_id: `local://${localHost}/sda`, timestamp: stamp(3), resource_metadata: { resource_url: `local://${localHost}`, device: 'sda' } }),
      makeSample({ name: 'custom.hardware.memory.used', type: 'gauge', unit: 'KB', volume: 777, resource_id: localHost, timestamp: stamp(3), resource_metadata: { resource_url: `local://${localHost}` } }),
    ];
    const outcome = await pipeline.publishSamples(samples);
    expect(outcome).toMatchObject({ published: samples.length, failures: [] });
    await pipeline.close(30_000);

    const read = async (type: string, id: string, metric: string) => {
      const resource = await gnocchi.request('GET', `/v1/resource/${type}/${encodeURIComponent(id)}`);
      expect(resource.status, `${type} ${id}`).toBe(200);
      const m = await gnocchi.request('GET', `/v1/resource/${type}/${encodeURIComponent(id)}/metric/${metric}`);
      const measures = await gnocchi.request('GET', `/v1/resource/${type}/${encodeURIComponent(id)}/metric/${metric}/measures?refresh=true&granularity=60&aggregation=max`);
      return { resource: resource.body as Record<string, unknown>, metric: m.body as { unit: string; archive_policy: { name: string } }, values: (measures.body as [string, number, number][]).map((p) => p[2]) };
    };
    const cpu = await read('instance', vm, 'cpu');
    expect(cpu.resource).toMatchObject({ host: 'compute-1', display_name: 'vm-one', flavor_id: 'f1', flavor_name: 'm1.tiny', image_ref: 'img-1', project_id: 'p1', user_id: 'u1' });
    expect(cpu.metric).toMatchObject({ unit: 'ns', archive_policy: { name: 'horizon-mimic' } });
    expect(cpu.values).toEqual([5e9]);
    expect((await read('instance', vm, 'memory.usage')).values).toEqual([256]);
    const disk = await read('instance_disk', `${vm}-vda`, 'disk.device.read.bytes');
    expect(disk.resource).toMatchObject({ name: 'vda', instance_id: vm });
    expect(disk.values).toEqual([4096]);
    const snmp = await read('host', snmpHost, 'custom.hardware.cpu.util.percentage');
    expect(snmp.resource).toMatchObject({ host_name: `snmp://${snmpHost}` });
    expect(snmp.metric).toMatchObject({ unit: '%', archive_policy: { name: 'horizon-mimic' } });
    expect(snmp.values).toEqual([12.5]);
    const nic = await read('host_network_interface', `${snmpHost}.eth0`, 'hardware.network.incoming.bytes');
    expect(nic.resource).toMatchObject({ host_name: `snmp://${snmpHost}`, device_name: 'eth0' });
    // `/` in a resource id is sent as `_`, as upstream does
    const localDisk = await read('host_disk', `local:__${localHost}_sda`, 'custom.hardware.disk.size.used');
    expect(localDisk.resource).toMatchObject({ host_name: `local://${localHost}`, device_name: 'sda', original_resource_id: `local:__${localHost}_sda` });
    expect(localDisk.metric.unit).toBe('KB');
    expect((await read('host', localHost, 'custom.hardware.memory.used')).values).toEqual([777]);
  }, 60_000);

  it('sends attribute updates once, not once per batch; one measures request per batch', async () => {
    const proxy = await countingProxy(gnocchi.url);
    try {
      const vm = randomUUID();
      const pipeline = await pipelineTo('gnocchi://?archive_policy=horizon-mimic', context(proxy.url), dir);
      for (let batch = 0; batch < 6; batch += 1) {
        const host = batch < 2 ? 'compute-1' : 'compute-2'; // moved once, after the second batch
        const samples = Array.from({ length: 20 }, (_, i) => makeSample({
          name: 'cpu', type: 'cumulative', unit: 'ns', volume: batch * 100 + i, resource_id: vm, project_id: 'p1', user_id: 'u1',
          timestamp: stamp(10 - batch, i), resource_metadata: { host, display_name: 'vm', flavor_id: 'f', instance_type: 'm1' },
        }));
        await pipeline.publishSamples(samples);
      }
      await pipeline.close(30_000);
      expect(proxy.count(`PATCH /v1/resource/instance/${vm}`)).toBe(1);
      expect(proxy.count('POST /v1/resource/instance')).toBe(1);
      // 6 batches + the one sent again after creating the resource
      expect(proxy.count('POST /v1/batch/resources/metrics/measures')).toBe(7);
      expect((await gnocchi.request('GET', `/v1/resource/instance/${vm}`)).body).toMatchObject({ host: 'compute-2' });
    } finally {
      proxy.close();
    }
  }, 60_000);
});

describe.skipIf(unavailable !== undefined)('gnocchi:// while Gnocchi restarts', () => {
  let gnocchi: GnocchiService;
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-gnocchi-outage-'));
  beforeAll(async () => {
    gnocchi = await startGnocchi({ private: true });
  }, 180_000);
  afterAll(async () => {
    await gnocchi?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no measure: batches published while it is down are held and delivered after it is back', async () => {
    const id = `outage-${randomUUID()}`;
    const pipeline = await pipelineTo(`gnocchi://?enable_filter_project=false&resources_definition_file=${OUTAGE}&timeout=2`, context(gnocchi.url), dir);
    const batches = 12;
    const perBatch = 25;
    let second = 0;
    for (let batch = 0; batch < batches; batch += 1) {
      if (batch === 3) await gnocchi.stopApi();
      if (batch === 8) await gnocchi.startApi();
      const samples = Array.from({ length: perBatch }, () => {
        second += 1;
        return makeSample({ name: 'outage.measure', type: 'gauge', unit: 'x', volume: 1, resource_id: id, timestamp: new Date(Date.now() - 30 * 60_000 + second * 1000).toISOString().slice(0, 19) });
      });
      const started = Date.now();
      await pipeline.publishSamples(samples);
      // the pipeline never waits for a Gnocchi that is down longer than the delivery queue's accept timeout
      expect(Date.now() - started).toBeLessThan(DEFAULT_DELIVERY_SETTINGS.acceptTimeoutMs + 500);
    }
    const closed = await pipeline.close(60_000);
    expect(closed).toMatchObject({ dropped: 0 });
    const measures = await gnocchi.request('GET', `/v1/resource/generic/${id}/metric/outage.measure/measures?refresh=true&aggregation=count&granularity=1`);
    const count = (measures.body as [string, number, number][]).reduce((n, p) => n + p[2], 0);
    expect(count).toBe(batches * perBatch);
  }, 180_000);
});
