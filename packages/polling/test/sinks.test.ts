import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeSample } from '@ceilometer-ts/sdk';
import { meterMessageSink, StdoutSink } from '../src/index.js';

const s = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r' });

describe('sinks', () => {
  it('StdoutSink writes one JSON line per sample', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await new StdoutSink(out).publish([s, s]);
    expect(text.trim().split('\n').map((l) => JSON.parse(l).name)).toEqual(['cpu', 'cpu']);
  });

  it('meterMessageSink sends signed meter messages as telemetry.polling', async () => {
    const sent: [string, { samples: readonly Record<string, unknown>[] }][] = [];
    await meterMessageSink('secret', async (type, payload) => {
      sent.push([type, payload as never]);
    }).publish([s]);
    expect(sent[0]![0]).toBe('telemetry.polling');
    expect(sent[0]![1].samples[0]).toMatchObject({ counter_name: 'cpu', counter_volume: 1, resource_id: 'r' });
    expect(typeof sent[0]![1].samples[0]!.message_signature).toBe('string');
  });
});
