import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeSample, silentLogger, verifySignature } from '@ceilometer-ts/sdk';
import { AmqpSampleSink, StdoutSink, type SampleNotifier } from '../src/index.js';

const s = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r' });

describe('sinks', () => {
  it('StdoutSink writes one JSON line per sample', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await new StdoutSink(out).publish([s, s]);
    expect(text.trim().split('\n').map((l) => JSON.parse(l).name)).toEqual(['cpu', 'cpu']);
  });

  it('AmqpSampleSink sends signed meter messages as telemetry.polling and closes the notifier', async () => {
    const sent: [string, { samples: readonly Record<string, unknown>[] }][] = [];
    let closed = false;
    const notifier = {
      sample: async (type: string, payload: unknown) => void sent.push([type, payload as never]),
      stats: () => ({ queued: 0, inFlight: 0 }),
      close: async () => ((closed = true), { flushed: true, dropped: 0 }),
    } as unknown as SampleNotifier;
    const sink = new AmqpSampleSink(notifier, 'secret', silentLogger);
    await sink.publish([s]);
    await sink.close();
    expect(sent[0]![0]).toBe('telemetry.polling');
    expect(sent[0]![1].samples[0]).toMatchObject({ counter_name: 'cpu', counter_volume: 1, resource_id: 'r' });
    expect(verifySignature(sent[0]![1].samples[0] as never, 'secret')).toBe(true);
    expect(closed).toBe(true);
  });
});
