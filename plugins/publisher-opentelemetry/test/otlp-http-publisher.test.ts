import { afterEach, describe, expect, it } from 'vitest';
import type { Sample } from '@ceilometer-ts/sdk';
import { isoToUnixNano, OpentelemetryHttpPublisher, StartTimeTracker } from '../src/index.js';
import { pluginContext as context, recordingLogger, startRecorder } from '@ceilometer-ts/publisher-common/testing';
import { validateOtlpMetricsJson } from './otlp-validator.js';

type Body = { resourceMetrics: Array<{ resource: { attributes: unknown[] }; scopeMetrics: Array<{ scope: { name: string; version: string }; metrics: Array<Record<string, any>> }> }> };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A local OTLP/HTTP receiver: 400 with the broken rules for an invalid request, as a collector would refuse it. */
async function receiver(reply = '{}') {
  const r = await startRecorder();
  r.server.removeAllListeners('request');
  r.server.on('request', (req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      r.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text, socket: 0 });
      let errors: string[];
      try {
        errors = req.headers['content-type'] === 'application/json' ? validateOtlpMetricsJson(JSON.parse(text)) : ['content-type'];
      } catch (err) {
        errors = [`not JSON: ${String(err)}`];
      }
      res.statusCode = errors.length ? 400 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(errors.length ? JSON.stringify({ code: 3, message: errors.join('; ') }) : reply);
    });
  });
  cleanups.push(r.close);
  return r;
}

const base = { user_id: 'u-1', project_id: 'p-1', resource_metadata: {}, source: 'openstack', monotonic_time: null } as const;
const sample = (name: string, type: Sample['type'], volume: number, timestamp: string, extra: Partial<Sample> = {}): Sample =>
  ({ ...base, name, type, unit: 'B', volume, resource_id: 'r-1', timestamp, id: `${name}-${timestamp}`, ...extra });

describe('OTLP encoding details', () => {
  it('turns timestamps into nanoseconds, naive ones as UTC, keeping microseconds', () => {
    expect(isoToUnixNano('2026-11-23T19:00:00.123456')).toBe('1795460400123456000');
    expect(isoToUnixNano('2026-11-23T19:00:00+00:00')).toBe('1795460400000000000');
    expect(isoToUnixNano('2026-11-23T20:00:00.5+01:00')).toBe('1795460400500000000');
    expect(isoToUnixNano('2026-11-23 19:00:00Z')).toBe('1795460400000000000');
    expect(isoToUnixNano('yesterday')).toBeUndefined();
    // regression: parsed as upstream parses them (hour-only offset, basic format, date only)
    expect(isoToUnixNano('2026-11-23T21:00:00+02')).toBe('1795460400000000000');
    expect(isoToUnixNano('20261123T190000')).toBe('1795460400000000000');
    expect(isoToUnixNano('2026-11-23')).toBe('1795392000000000000');
  });

  it('derives start times: first point for cumulative, reset on a drop, previous point for delta', () => {
    const t = new StartTimeTracker();
    expect(t.cumulative('a', '100', 5)).toBe('100');
    expect(t.cumulative('a', '200', 7)).toBe('100');
    expect(t.cumulative('a', '300', 1)).toBe('200');
    expect(t.delta('d', '100', 1)).toBeUndefined();
    expect(t.delta('d', '250', 1)).toBe('100');
  });

  it('upstream 19.0/master payloads break the OTLP JSON rules this receiver checks', () => {
    // what upstream's get_data_model() builds for a cumulative sample
    const upstream = { resource_metrics: [{ scope_metrics: [{ scope: { name: 'ceilometer', version: 'v1' }, metrics: [{ name: 'cpu', description: 'cpu unit:ns', unit: 'ns',
      counter: { data_points: [{ attributes: [{ key: 'user_id', value: { string_value: null } }], start_time_unix_nano: 1795460400, time_unix_nano: 1795460400, as_double: 1, flags: 0 }] } }] }] }] };
    expect(validateOtlpMetricsJson(upstream)).toContain('$.resource_metrics: unknown field');
  });
});

describe('OpentelemetryHttpPublisher', () => {
  it('posts one valid request: gauge, cumulative sum, delta sum, attributes, scope and resource', async () => {
    const r = await receiver();
    const url = `opentelemetryhttp://127.0.0.1:${r.port}/v1/metrics`;
    const p = new OpentelemetryHttpPublisher(context(), [{ url, parsed: new URL(url) }]);
    cleanups.push(() => p.close());
    await p.publishSamples([
      sample('cpu', 'cumulative', 1000, '2026-11-23T19:00:00.123456', { unit: 'ns' }),
      sample('memory.usage', 'gauge', 0.5, '2026-11-23T19:00:00', { unit: 'MB', user_id: null }),
      sample('network.incoming.bytes.delta', 'delta', 10, '2026-11-23T19:00:00'),
      sample('cpu', 'cumulative', 2000, '2026-11-23T19:00:10.000001', { unit: 'ns' }),
      sample('network.incoming.bytes.delta', 'delta', 20, '2026-11-23T19:00:10'),
      sample('weird', 'gauge', NaN, '2026-11-23T19:00:00'),
    ]);
    expect(r.requests).toHaveLength(1);
    const [req] = r.requests;
    expect(req!.url).toBe('/v1/metrics');
    const body = JSON.parse(req!.body) as Body;
    expect(validateOtlpMetricsJson(body)).toEqual([]);
    const rm = body.resourceMetrics[0]!;
    expect(rm.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'ceilometer' } }]);
    expect(rm.scopeMetrics[0]!.scope).toEqual({ name: 'ceilometer', version: '0.1.0' });
    const metrics = Object.fromEntries(rm.scopeMetrics[0]!.metrics.map((m) => [m['name'], m]));
    expect(metrics['cpu']).toEqual({
      name: 'cpu', description: 'cpu unit:ns', unit: 'ns',
      sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [
        { attributes: [{ key: 'resource_id', value: { stringValue: 'r-1' } }, { key: 'user_id', value: { stringValue: 'u-1' } }, { key: 'project_id', value: { stringValue: 'p-1' } }],
          startTimeUnixNano: '1795460400123456000', timeUnixNano: '1795460400123456000', asDouble: 1000 },
        expect.objectContaining({ startTimeUnixNano: '1795460400123456000', timeUnixNano: '1795460410000001000', asDouble: 2000 }),
      ] },
    });
    expect(metrics['memory_usage']!['gauge'].dataPoints).toEqual([{ attributes: [{ key: 'resource_id', value: { stringValue: 'r-1' } }, { key: 'project_id', value: { stringValue: 'p-1' } }],
      timeUnixNano: '1795460400000000000', asDouble: 0.5 }]);
    expect(metrics['network_incoming_bytes_delta']!['sum']).toMatchObject({ aggregationTemporality: 1, isMonotonic: false });
    expect(metrics['network_incoming_bytes_delta']!['sum'].dataPoints[1]).toMatchObject({ startTimeUnixNano: '1795460400000000000', timeUnixNano: '1795460410000000000' });
    expect(metrics['weird']!['gauge'].dataPoints[0].asDouble).toBe('NaN');
  });

  it('reports partial success and skips unreadable timestamps', async () => {
    const r = await receiver(JSON.stringify({ partialSuccess: { rejectedDataPoints: '1', errorMessage: 'too old' } }));
    const logger = recordingLogger();
    const url = `opentelemetryhttp://127.0.0.1:${r.port}/v1/metrics?timeout=2`;
    const p = new OpentelemetryHttpPublisher(context(logger), [{ url, parsed: new URL(url) }]);
    cleanups.push(() => p.close());
    await p.publishSamples([sample('cpu', 'gauge', 1, 'not a time'), sample('cpu', 'gauge', 1, '2026-11-23T19:00:00')]);
    await p.publishSamples([sample('cpu', 'gauge', 1, 'not a time')]);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.url).toBe('/v1/metrics');
    expect(logger.lines.map((l) => l[0])).toEqual([
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ rejectedDataPoints: 1, reason: 'too old' }),
      expect.objectContaining({ count: 1 }),
    ]);
  });
});
