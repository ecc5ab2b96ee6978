/**
 * What the gnocchi:// publisher sends, beside upstream 19.0's GnocchiPublisher (Debian's
 * python3-ceilometer, gnocchiclient and Keystone faked) on the same samples and the seed's
 * gnocchi_resources.yaml: the batch of measures (grouping, `/` in ids, archive policies, units,
 * unknown meters and Gnocchi's own project left out) and the resources created.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { GnocchiPublisher } from '../src/index.js';
import { keystoneContext, startFakeGnocchi, type FakeGnocchi } from './fake-gnocchi.js';

const SEED = fileURLToPath(new URL('../../../etc/ceilometer/gnocchi_resources.yaml', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./fixtures/upstream_publish.py', import.meta.url));
const upstreamMissing = !existsSync('/usr/lib/python3/dist-packages/ceilometer/publisher/gnocchi.py');

type Call = ['batch', Record<string, unknown>] | ['create', string, Record<string, unknown>] | ['update', string, string];

function upstream(url: string, gnocchiProject: string, samples: readonly Sample[]): Call[] {
  const input = JSON.stringify({ url, gnocchi_project: gnocchiProject, samples });
  const run = spawnSync('/usr/bin/python3', [SCRIPT], { input, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Call[];
}

describe.skipIf(upstreamMissing)('gnocchi:// beside upstream 19.0', () => {
  let gnocchi: FakeGnocchi;
  beforeEach(async () => {
    gnocchi = await startFakeGnocchi();
  });
  afterEach(async () => {
    await gnocchi.close();
  });

  it('sends the same measures and creates the same resources', async () => {
    const vm = '5a1c7e36-4a8a-4a7e-9c55-3e0d1f2b7c10';
    const at = (s: number): string => `2026-12-04T10:00:${String(s).padStart(2, '0')}`;
    const meta = { host: 'compute-1', display_name: 'vm-one', flavor: { id: 'f1', name: 'm1.tiny' }, image_ref: 'img', instance_id: vm, user_metadata: { server_group: 'g1' } };
    const samples: Sample[] = [
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1e9, resource_id: vm, project_id: 'p1', user_id: 'u1', timestamp: at(1), resource_metadata: meta }),
      makeSample({ name: 'memory.usage', type: 'gauge', unit: 'MB', volume: 12.5, resource_id: vm, project_id: 'p1', user_id: 'u1', timestamp: at(1), resource_metadata: meta }),
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 2e9, resource_id: vm, project_id: 'p1', user_id: 'u1', timestamp: at(2), resource_metadata: { ...meta, host: 'compute-2' } }),
      makeSample({ name: 'disk.device.read.bytes', type: 'cumulative', unit: 'B', volume: 4096, resource_id: `${vm}-vda`, project_id: 'p1', user_id: 'u1', timestamp: at(1), resource_metadata: { ...meta, disk_name: 'vda' } }),
      makeSample({ name: 'network.incoming.bytes', type: 'cumulative', unit: 'B', volume: 10, resource_id: `instance-0001-${vm}-tap0`, project_id: 'p1', user_id: 'u1', timestamp: at(1), resource_metadata: { ...meta, vnic_name: 'tap0' } }),
      makeSample({ name: 'custom.hardware.cpu.util.percentage', type: 'gauge', unit: '%', volume: 3, resource_id: '10.0.0.5', project_id: null, user_id: null, timestamp: at(1), resource_metadata: { resource_url: 'snmp://10.0.0.5' } }),
      makeSample({ name: 'hardware.network.incoming.bytes', type: 'cumulative', unit: 'B', volume: 99, resource_id: '10.0.0.5.eth0', project_id: null, user_id: null, timestamp: at(1), resource_metadata: { resource_url: 'snmp://10.0.0.5', name: 'eth0' } }),
      makeSample({ name: 'custom.hardware.disk.size.used', type: 'gauge', unit: 'KB', volume: 7, resource_id: 'local://node-1/dev/sda', project_id: null, user_id: null, timestamp: at(1), resource_metadata: { resource_url: 'local://node-1', device: '/dev/sda' } }),
      makeSample({ name: 'not.a.gnocchi.meter', type: 'gauge', unit: 'x', volume: 1, resource_id: 'r', timestamp: at(1) }),
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 5, resource_id: 'gnocchi-own-vm', project_id: gnocchi.serviceProjectId, user_id: 'u', timestamp: at(1), resource_metadata: meta }),
    ];
    const url = `gnocchi://?filter_project=service&archive_policy=horizon-mimic&resources_definition_file=${SEED}`;
    const theirs = upstream(url, gnocchi.serviceProjectId, samples);
    const p = new GnocchiPublisher(keystoneContext(gnocchi.url), url);
    await p.publishSamples(samples);

    const ourBatch = gnocchi.requests.find((r) => r.path.startsWith('/v1/batch/'))!.body;
    expect(ourBatch).toEqual(theirs[0]![1]);
    const created = (calls: { type: string; body: Record<string, unknown> }[]) => Object.fromEntries(calls.map((c) => [c.body['id'], { type: c.type, ...c.body }]));
    const theirCreates = theirs.filter((c): c is ['create', string, Record<string, unknown>] => c[0] === 'create').map(([, type, body]) => ({ type, body }));
    const ourCreates = gnocchi.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/resource/')).map((r) => ({ type: r.path.split('/')[3]!, body: r.body as Record<string, unknown> }));
    expect(created(ourCreates)).toEqual(created(theirCreates));
    expect(Object.keys(created(ourCreates)).sort()).toEqual([vm, `${vm}-vda`, '10.0.0.5', '10.0.0.5.eth0', `instance-0001-${vm}-tap0`, 'local:__node-1_dev_sda'].sort());
  }, 60_000);
});
