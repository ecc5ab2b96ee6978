import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { makeSample, silentLogger } from '@ceilometer-ts/sdk';
import { parseListenAddress, PollingMetrics, ProcessMetrics, PrometheusExporter, SampleGauges } from '../src/index.js';

const sample = (over: Partial<Parameters<typeof makeSample>[0]> = {}) =>
  makeSample({
    name: 'disk.device.read.bytes',
    type: 'cumulative',
    unit: 'B',
    volume: 42,
    resource_id: 'vm1-vda',
    project_id: 'p1',
    user_id: 'u1',
    resource_metadata: { host: 'h1', display_name: 'web', name: 'instance-1', flavor: { id: 'f1', name: 'm1.small' } },
    ...over,
  });

describe('prometheus text', () => {
  it('exposes the latest samples with upstream names and labels', () => {
    const gauges = new SampleGauges();
    gauges.samplesSent('disk.device.read.bytes', [sample(), sample({ name: 'cpu', unit: 'ns', volume: 7, resource_id: 'vm1', resource_metadata: {} })]);
    const exporter = new PrometheusExporter({ addresses: [], sources: [gauges], logger: silentLogger });
    expect(exporter.render()).toBe(
      '# HELP ceilometer_disk_device_read_bytes \n' +
        '# TYPE ceilometer_disk_device_read_bytes gauge\n' +
        'ceilometer_disk_device_read_bytes{disk="read",publisher="ceilometer",type="device",counter="disk.device.read.bytes",project="p1",user="u1",unit="B",resource="vm1-vda",vm_instance="h1",resource_name="web:instance-1",server_group="none",flavor_id="f1",flavor_name="m1.small"} 42.0\n' +
        '# HELP ceilometer_cpu \n' +
        '# TYPE ceilometer_cpu gauge\n' +
        'ceilometer_cpu{cpu="vm1",publisher="ceilometer",type="cpu",counter="cpu",project="p1",user="u1",unit="ns",resource="vm1"} 7.0\n',
    );
    gauges.pollsterStarting('s', 'cpu');
    expect(exporter.render()).not.toContain('ceilometer_cpu');
  });

  it('serves agent metrics over HTTP', async () => {
    const metrics = new PollingMetrics();
    metrics.cycleFinished({ interval: 60, startedAt: '', durationMs: 1500, samples: 3, outcomes: [], discoveryFailures: 0 });
    metrics.samplesSent('cpu', [sample(), sample(), sample()]);
    metrics.pollsterFinished({ source: 's', pollster: 'cpu', status: 'error', samples: 0, resources: 1, durationMs: 1 });
    metrics.queueDepth = () => 4;
    const exporter = new PrometheusExporter({ addresses: ['127.0.0.1:0', 'nonsense'], sources: [metrics], logger: silentLogger });
    await exporter.start();
    try {
      const { port } = exporter.addresses()[0]!;
      const body = await new Promise<{ type: string; text: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ type: String(res.headers['content-type']), text }));
        })
          .on('error', reject)
          .end();
      });
      expect(body.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(body.text).toContain('ceilometer_polling_cycles_total{interval="60"} 1.0\n');
      expect(body.text).toContain('ceilometer_polling_cycle_duration_seconds_sum{interval="60"} 1.5\n');
      expect(body.text).toContain('ceilometer_polling_samples_total{pollster="cpu"} 3.0\n');
      expect(body.text).toContain('ceilometer_polling_pollster_errors_total{pollster="cpu"} 1.0\n');
      expect(body.text).toContain('ceilometer_polling_queue_depth 4.0\n');
    } finally {
      await exporter.stop();
    }
  });

  it('parses listen addresses like oslo netutils', () => {
    expect(parseListenAddress('127.0.0.1:9101')).toEqual({ host: '127.0.0.1', port: 9101 });
    expect(parseListenAddress('[::1]:9101')).toEqual({ host: '::1', port: 9101 });
    expect(parseListenAddress('localhost')).toBeUndefined();
  });
});

describe('process metrics (prom-client)', () => {
  it('are served on the same endpoint as the agent\'s and the samples\' families', async () => {
    const metrics = new PollingMetrics();
    metrics.cycleFinished({ interval: 60, startedAt: '', durationMs: 10, samples: 1, outcomes: [], discoveryFailures: 2 });
    metrics.samplesSent('cpu', [sample()]);
    const gauges = new SampleGauges();
    gauges.samplesSent('disk.device.read.bytes', [sample()]);
    const exporter = new PrometheusExporter({ addresses: ['127.0.0.1:0'], sources: [metrics, gauges], texts: [await ProcessMetrics.create()], logger: silentLogger });
    await exporter.start();
    try {
      const { port } = exporter.addresses()[0]!;
      // the event-loop lag histogram needs a moment of sampling
      await new Promise((r) => setTimeout(r, 50));
      const text = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
        expect(text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
      }
      expect(text).toContain('ceilometer_polling_samples_total{pollster="cpu"} 1.0\n');
      expect(text).toContain('ceilometer_polling_discovery_errors_total{interval="60"} 2.0\n');
      expect(text).toMatch(/^ceilometer_disk_device_read_bytes\{.*\} 42\.0$/m);
      // every family once: prom-client's names never repeat ours
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
      expect(types.length).toBe(new Set(types).size);
    } finally {
      await exporter.stop();
    }
  });
});
