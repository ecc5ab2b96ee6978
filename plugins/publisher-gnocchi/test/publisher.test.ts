/**
 * The gnocchi:// publisher against a fake Gnocchi: batching, create-on-unknown, 409s, attribute
 * PATCH once per change, filter_project, `/` in resource ids, unknown meters, failure classes.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { GnocchiPublisher, GnocchiUnavailableError } from '../src/index.js';
import { basicContext, keystoneContext, recordingLogger, startFakeGnocchi, type FakeGnocchi } from './fake-gnocchi.js';

const DEFS = fileURLToPath(new URL('./fixtures/events.yaml', import.meta.url));
const SEED = fileURLToPath(new URL('../../../etc/ceilometer/gnocchi_resources.yaml', import.meta.url));

function sample(name: string, resource: string, volume: number, metadata: Record<string, string> = {}, project = 'p1'): Sample {
  return makeSample({
    name, type: 'gauge', unit: name === 'cpu' ? 'ns' : 'MB', volume, resource_id: resource, project_id: project, user_id: 'u1',
    timestamp: `2026-12-04T10:00:0${volume % 10}`, resource_metadata: { host: 'compute-1', display_name: resource, ...metadata },
  });
}

let gnocchi: FakeGnocchi;
beforeEach(async () => {
  gnocchi = await startFakeGnocchi();
});
afterEach(async () => {
  await gnocchi.close();
});

function publisher(url = `gnocchi://?resources_definition_file=${DEFS}`, logger = recordingLogger()): GnocchiPublisher {
  return new GnocchiPublisher(basicContext(gnocchi.url, logger), url);
}

describe('samples', () => {
  it('creates unknown resources with type and attributes, resends, then sends one request per batch', async () => {
    const p = publisher();
    const batch = ['vm-1', 'vm-2', 'vm-3'].flatMap((vm) => [sample('cpu', vm, 1), sample('cpu', vm, 2), sample('memory.usage', vm, 3)]);
    await p.publishSamples(batch);
    expect(gnocchi.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/archive_policy',
      'POST /v1/batch/resources/metrics/measures?create_metrics=true',
      'POST /v1/resource/instance', 'POST /v1/resource/instance', 'POST /v1/resource/instance',
      'POST /v1/batch/resources/metrics/measures?create_metrics=true',
    ]);
    expect(gnocchi.resources.get('vm-2')).toEqual({ type: 'instance', attributes: { user_id: 'u1', project_id: 'p1', host: 'compute-1', display_name: 'vm-2' } });
    expect(gnocchi.measures.get('vm-1')?.get('cpu')).toEqual([{ timestamp: '2026-12-04T10:00:01', value: 1 }, { timestamp: '2026-12-04T10:00:02', value: 2 }]);
    const body = gnocchi.requests[5]!.body as Record<string, Record<string, unknown>>;
    expect(body['vm-1']!['memory.usage']).toEqual({ archive_policy_name: 'high-test', unit: 'MB', measures: [{ timestamp: '2026-12-04T10:00:03', value: 3 }] });
    expect(body['vm-1']!['cpu']).toMatchObject({ archive_policy_name: 'low-test', unit: 'ns' });

    gnocchi.requests.length = 0;
    await p.publishSamples(batch.map((s) => ({ ...s, volume: Number(s.volume) + 10 })));
    expect(gnocchi.requests.map((r) => r.path)).toEqual(['/v1/batch/resources/metrics/measures?create_metrics=true']);
  });

  it('PATCHes changed attributes once, not once per batch', async () => {
    const p = publisher();
    await p.publishSamples([sample('cpu', 'vm-1', 1)]);
    for (let i = 0; i < 3; i += 1) await p.publishSamples([sample('cpu', 'vm-1', 2 + i, { host: 'compute-2' })]);
    expect(gnocchi.count('PATCH', '/v1/resource/instance/vm-1')).toBe(1);
    expect(gnocchi.resources.get('vm-1')?.attributes['host']).toBe('compute-2');
    // a publisher that did not create the resource (an agent restart) PATCHes it once
    const other = publisher();
    await other.publishSamples([sample('cpu', 'vm-1', 7, { host: 'compute-2' })]);
    await other.publishSamples([sample('cpu', 'vm-1', 8, { host: 'compute-2' })]);
    expect(gnocchi.count('PATCH', '/v1/resource/instance/vm-1')).toBe(2);
  });

  it('a resource created meanwhile (409) is fine: the batch is sent again', async () => {
    const p = publisher();
    await p.publishSamples([sample('cpu', 'vm-1', 1)]);
    gnocchi.pretendUnknown.add('vm-1');
    await p.publishSamples([sample('cpu', 'vm-1', 2)]);
    expect(gnocchi.measures.get('vm-1')?.get('cpu')).toHaveLength(2);
    expect(gnocchi.count('POST', '/v1/resource/instance')).toBe(2);
  });

  it('replaces / in resource ids with _, as upstream', async () => {
    const p = publisher();
    await p.publishSamples([sample('disk.device.read.bytes', 'vm-1/vda', 5, { disk_name: 'vda', instance_id: 'vm-1' })]);
    expect(gnocchi.resources.get('vm-1_vda')).toMatchObject({ type: 'instance_disk', attributes: { name: 'vda', instance_id: 'vm-1' } });
  });

  it('warns once per meter without a definition, not per sample', async () => {
    const logger = recordingLogger();
    const p = publisher(undefined, logger);
    await p.publishSamples([sample('nope', 'r1', 1), sample('nope', 'r2', 1), sample('nope.two', 'r1', 1)]);
    await p.publishSamples([sample('nope', 'r3', 1)]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(['metric nope is not handled by Gnocchi', 'metric nope.two is not handled by Gnocchi']);
    expect(gnocchi.count('POST', '/v1/batch')).toBe(0);
  });

  it('the seed deployment gnocchi_resources.yaml loads unchanged and publishes host samples', async () => {
    const p = publisher(`gnocchi://?filter_project=service&archive_policy=horizon-mimic&resources_definition_file=${SEED}`);
    expect(p.definitions.resources.map((r) => r.resourceType)).toEqual(['instance', 'instance_network_interface', 'instance_disk', 'host_disk', 'host_network_interface', 'host']);
    await p.publishSamples([
      makeSample({ name: 'custom.hardware.cpu.util.percentage', type: 'gauge', unit: '%', volume: 12.5, resource_id: '10.0.0.5', resource_metadata: { resource_url: 'snmp://10.0.0.5' } }),
    ]);
    expect(gnocchi.resources.get('10.0.0.5')).toMatchObject({ type: 'host', attributes: { host_name: 'snmp://10.0.0.5' } });
    expect([...gnocchi.archivePolicies.keys()]).toEqual(['ceilometer-low', 'horizon-mimic', 'ceilometer-low-rate', 'ceilometer-high', 'ceilometer-high-rate']);
  });
});

describe('filter_project', () => {
  it("skips the samples of Gnocchi's own project, looked up once in Keystone", async () => {
    const p = new GnocchiPublisher(keystoneContext(gnocchi.url), `gnocchi://?resources_definition_file=${DEFS}`);
    await p.publishSamples([sample('cpu', 'vm-1', 1), sample('cpu', 'vm-gnocchi', 1, {}, gnocchi.serviceProjectId)]);
    await p.publishSamples([sample('storage.objects', gnocchi.serviceProjectId, 3), sample('storage.objects', 'other-account', 3)]);
    expect([...gnocchi.resources.keys()].sort()).toEqual(['other-account', 'vm-1']);
    expect(gnocchi.count('GET', '/v3/projects')).toBe(1);
    expect(gnocchi.requests.find((r) => r.path.startsWith('/v1/'))?.headers['x-auth-token']).toBe('token-1');
  });

  it('enable_filter_project=false publishes everything without asking Keystone', async () => {
    const p = new GnocchiPublisher(keystoneContext(gnocchi.url), `gnocchi://?enable_filter_project=false&resources_definition_file=${DEFS}`);
    await p.publishSamples([sample('cpu', 'vm-gnocchi', 1, {}, gnocchi.serviceProjectId)]);
    expect([...gnocchi.resources.keys()]).toEqual(['vm-gnocchi']);
    expect(gnocchi.count('GET', '/v3/')).toBe(0);
  });
});

describe('failures', () => {
  it('5xx after the quick retries rejects with a retriable availability error (the delivery queue holds the batch)', async () => {
    const p = publisher();
    await p.publishSamples([sample('cpu', 'vm-1', 1)]);
    gnocchi.failNext.push(503, 503, 503, 503);
    const err = await p.publishSamples([sample('cpu', 'vm-1', 2)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GnocchiUnavailableError);
    expect(err).toMatchObject({ kind: 'http-status', retriable: true, code: 'CEILO_ERR_GNOCCHI_UNAVAILABLE' });
    await p.publishSamples([sample('cpu', 'vm-1', 2)]);
    expect(gnocchi.measures.get('vm-1')?.get('cpu')).toHaveLength(2);
  });

  it('a dropped connection is retried inside the call, then reported as reset', async () => {
    const p = publisher();
    gnocchi.failNext.push('drop');
    await p.publishSamples([sample('cpu', 'vm-1', 1)]);
    expect(gnocchi.measures.get('vm-1')?.get('cpu')).toHaveLength(1);
    gnocchi.failNext.push('drop', 'drop', 'drop', 'drop');
    await expect(p.publishSamples([sample('cpu', 'vm-1', 2)])).rejects.toMatchObject({ kind: 'reset' });
  });

  it('Gnocchi down: refused connections are an availability failure', async () => {
    const p = publisher();
    await gnocchi.close();
    await expect(p.publishSamples([sample('cpu', 'vm-1', 1)])).rejects.toMatchObject({ kind: 'refused' });
  });

  it('a 400 for one resource drops and logs that resource only; the rest of the batch is stored', async () => {
    const logger = recordingLogger();
    const p = publisher(undefined, logger);
    await p.publishSamples([sample('cpu', 'vm-1', 1), sample('disk.device.read.bytes', 'vm-1/vda', 1, { disk_name: 'vda', instance_id: 'vm-1' })]);
    gnocchi.refuseMetrics.add('disk.device.read.bytes');
    await p.publishSamples([sample('cpu', 'vm-1', 2), sample('disk.device.read.bytes', 'vm-1/vda', 2, { disk_name: 'vda', instance_id: 'vm-1' })]);
    expect(gnocchi.measures.get('vm-1')?.get('cpu')).toHaveLength(2);
    expect(gnocchi.measures.get('vm-1_vda')?.get('disk.device.read.bytes')).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'Gnocchi refused the measures of resource vm-1_vda (type instance_disk): HTTP 400: Archive policy nope does not exist; 1 measures dropped',
    ]);
  });

  it('a resource Gnocchi refuses to create loses its measures, logged with the resource; the others are stored', async () => {
    const logger = recordingLogger();
    const p = publisher(undefined, logger);
    gnocchi.refuseCreate.add('bad');
    await p.publishSamples([sample('cpu', 'bad', 1), sample('cpu', 'good', 1)]);
    expect(gnocchi.measures.get('good')?.get('cpu')).toHaveLength(1);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'Error creating resource bad (type instance): HTTP 400: Invalid input: bad; its 1 measures are dropped',
    ]);
  });
});
