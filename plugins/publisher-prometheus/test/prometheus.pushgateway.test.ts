import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { startPushgateway, type PushgatewayService } from '@ceilometer-ts/test-services';
import { PrometheusPublisher } from '../src/index.js';
import { pluginContext as context, recordingLogger } from '@ceilometer-ts/publisher-common/testing';

let gw: PushgatewayService;
beforeAll(async () => {
  gw = await startPushgateway();
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(async () => {
  await gw.wipe();
});

const publisher = (path: string, logger = recordingLogger()): PrometheusPublisher => {
  const url = `prometheus://${new URL(gw.url).host}${path}`;
  return new PrometheusPublisher(context(logger), [{ url, parsed: new URL(url) }]);
};
const sample = (name: string, type: Sample['type'], volume: number, resource_id: string, extra: Partial<Sample> = {}): Sample =>
  makeSample({ name, type, unit: 'x', volume, resource_id, user_id: 'u-1', project_id: 'p-1', ...extra });
const lines = (text: string, metric: string): string[] => text.split('\n').filter((l) => l.startsWith(`${metric}{`)).sort();

describe('prometheus:// against a real Pushgateway', () => {
  it('serves pushed samples with job, grouping and sample labels, types and escaped values', async () => {
    const p = publisher('/metrics/job/ceilometer');
    await p.publishSamples([
      sample('disk.read.bytes', 'cumulative', 1024, 'vm-1'),
      sample('disk.read.bytes', 'cumulative', 2048, 'vm-2'),
      sample('cpu_util', 'gauge', 12.5, 'vm-1'),
      sample('network.incoming.bytes.delta', 'delta', 7, 'vm-1'),
      sample('memory.usage', 'gauge', 3, 'odd/"id"\\x', { project_id: 'p "q"' }),
      sample('memory.usage', 'gauge', 4, '', { user_id: null }),
    ]);
    await p.close();
    const text = await gw.metrics();
    expect(text).toContain('# TYPE disk_read_bytes counter');
    expect(text).toContain('# TYPE cpu_util gauge');
    expect(lines(text, 'disk_read_bytes')).toEqual([
      'disk_read_bytes{instance="",job="ceilometer",project_id="p-1",resource_id="vm-1",user_id="u-1"} 1024',
      'disk_read_bytes{instance="",job="ceilometer",project_id="p-1",resource_id="vm-2",user_id="u-1"} 2048',
    ]);
    expect(lines(text, 'cpu_util')).toEqual(['cpu_util{instance="",job="ceilometer",project_id="p-1",resource_id="vm-1",user_id="u-1"} 12.5']);
    expect(lines(text, 'network_incoming_bytes_delta')).toEqual([
      'network_incoming_bytes_delta{instance="",job="ceilometer",project_id="p-1",resource_id="vm-1",user_id="u-1"} 7']);
    expect(lines(text, 'memory_usage')).toEqual([
      'memory_usage{instance="",job="ceilometer",project_id="p \\"q\\"",resource_id="odd/\\"id\\"\\\\x",user_id="u-1"} 3',
      'memory_usage{instance="",job="ceilometer",project_id="p-1",resource_id="",user_id="None"} 4',
    ]);
  });

  it('keeps each resource when the same meter is pushed again, and updates values', async () => {
    const p = publisher('/metrics/job/ceilometer');
    await p.publishSamples([sample('cpu', 'cumulative', 1, 'vm-1')]);
    await p.publishSamples([sample('cpu', 'cumulative', 2, 'vm-2')]);
    await p.publishSamples([sample('cpu', 'cumulative', 3, 'vm-1')]);
    await p.close();
    expect(lines(await gw.metrics(), 'cpu')).toEqual([
      'cpu{instance="",job="ceilometer",project_id="p-1",resource_id="vm-1",user_id="u-1"} 3',
      'cpu{instance="",job="ceilometer",project_id="p-1",resource_id="vm-2",user_id="u-1"} 2',
    ]);
  });

  it('pushes once to a group named in the URL', async () => {
    const p = publisher('/metrics/job/ceilometer/instance/agent-1');
    await p.publishSamples([sample('cpu', 'cumulative', 5, 'vm-1'), sample('cpu', 'cumulative', 6, 'vm-2')]);
    await p.close();
    expect(lines(await gw.metrics(), 'cpu')).toEqual([
      'cpu{instance="agent-1",job="ceilometer",project_id="p-1",resource_id="vm-1",user_id="u-1"} 5',
      'cpu{instance="agent-1",job="ceilometer",project_id="p-1",resource_id="vm-2",user_id="u-1"} 6',
    ]);
  });

  it('reports a push the Pushgateway refuses without retrying it', async () => {
    const p = publisher('/metrics/job/ceilometer/instance/a');
    await p.publishSamples([sample('clash', 'gauge', 1, 'vm-1')]);
    // same metric name as a counter in another group: the Pushgateway answers 400; logged and dropped
    const logger = recordingLogger();
    const q = publisher('/metrics/job/ceilometer/instance/b', logger);
    await expect(q.publishSamples([sample('clash', 'cumulative', 1, 'vm-1')])).resolves.toBeUndefined();
    await Promise.all([p.close(), q.close()]);
    expect(lines(await gw.metrics(), 'clash')).toHaveLength(1);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]![0]).toMatchObject({ status: 400 });
  });
});
