import { describe, expect, it } from 'vitest';
import { makeSample } from '@ceilometer-ts/sdk';
import { groupingSegment, hasGroupingLabels, metricName, PrometheusPublisher, quoteLabelValue, toExposition } from '../src/index.js';
import { pluginContext as context, startRecorder } from '@ceilometer-ts/publisher-common/testing';

const s = (name: string, type: 'gauge' | 'cumulative' | 'delta', volume: number, resource_id = 'r-1', extra = {}) =>
  makeSample({ name, type, unit: 'u', volume, resource_id, user_id: 'u-1', project_id: 'p-1', ...extra });

describe('exposition', () => {
  it('writes upstream lines: mangled names, TYPE once per family, delta untyped, trailing newline', () => {
    const body = toExposition([
      s('disk.read.bytes', 'cumulative', 10), s('cpu_util', 'gauge', 0.5), s('disk.read.bytes', 'cumulative', 20, 'r-2'),
      s('network.incoming.bytes.delta', 'delta', 3), s('image-size', 'gauge', 1, 'r-3', { user_id: null, project_id: null }),
    ]);
    expect(body).toBe([
      '# TYPE disk_read_bytes counter',
      'disk_read_bytes{resource_id="r-1", user_id="u-1", project_id="p-1"} 10',
      'disk_read_bytes{resource_id="r-2", user_id="u-1", project_id="p-1"} 20',
      '# TYPE cpu_util gauge',
      'cpu_util{resource_id="r-1", user_id="u-1", project_id="p-1"} 0.5',
      'network_incoming_bytes_delta{resource_id="r-1", user_id="u-1", project_id="p-1"} 3',
      '# TYPE image_size gauge',
      'image_size{resource_id="r-3", user_id="None", project_id="None"} 1',
      '',
    ].join('\n'));
  });

  it('escapes label values, fixes names upstream would break on, keeps the last of a repeated series', () => {
    expect(quoteLabelValue('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(metricName('hardware.ipmi/fan:speed')).toBe('hardware_ipmi_fan:speed');
    expect(metricName('1min')).toBe('_1min');
    const body = toExposition([s('m', 'gauge', 1), s('m', 'gauge', 2), s('n', 'gauge', NaN), s('o', 'gauge', -Infinity)]);
    expect(body).toContain('m{resource_id="r-1", user_id="u-1", project_id="p-1"} 2\n');
    expect(body).not.toContain('} 1\n');
    expect(body).toContain('} NaN\n');
    expect(body).toContain('} -Inf\n');
  });

  it('names grouping segments, base64 for ids the path cannot hold', () => {
    expect(hasGroupingLabels('/metrics/job/ceilometer')).toBe(false);
    expect(hasGroupingLabels('/metrics/job/ceilometer/instance/a')).toBe(true);
    expect(groupingSegment('resource_id', 'abc-1')).toBe('/resource_id/abc-1');
    expect(groupingSegment('resource_id', 'a b')).toBe('/resource_id/a%20b');
    expect(groupingSegment('resource_id', 'a/b')).toBe(`/resource_id@base64/${Buffer.from('a/b').toString('base64url')}`);
    expect(groupingSegment('resource_id', '')).toBe('/resource_id@base64/=');
  });
});

describe('PrometheusPublisher requests', () => {
  it('pushes once per resource without grouping labels, once with them, over http unless ssl', async () => {
    const r = await startRecorder();
    try {
      const url = `prometheus://127.0.0.1:${r.port}/metrics/job/ceilometer`;
      const p = new PrometheusPublisher(context(), [{ url, parsed: new URL(url) }]);
      await p.publishSamples([s('cpu', 'cumulative', 1, 'r-1'), s('cpu', 'cumulative', 2, 'r-2')]);
      const grouped = `prometheus://127.0.0.1:${r.port}/metrics/job/ceilometer/instance/host-1?timeout=2`;
      const q = new PrometheusPublisher(context(), [{ url: grouped, parsed: new URL(grouped) }]);
      await q.publishSamples([s('cpu', 'cumulative', 1, 'r-1'), s('cpu', 'cumulative', 2, 'r-2')]);
      await Promise.all([p.close(), q.close()]);
      expect(r.requests.map((x) => x.url).sort()).toEqual([
        '/metrics/job/ceilometer/instance/host-1', '/metrics/job/ceilometer/resource_id/r-1', '/metrics/job/ceilometer/resource_id/r-2']);
      expect(r.requests.every((x) => x.method === 'POST' && String(x.headers['content-type']).startsWith('text/plain; version=0.0.4'))).toBe(true);
      expect(r.requests.at(-1)!.body.split('\n').filter(Boolean)).toHaveLength(3);
    } finally {
      await r.close();
    }
  });
});
