import { describe, expect, it } from 'vitest';
import { makeSample, type Sample } from '@ceilometer-ts/sdk';
import { annotatingSink, type SampleSink } from '../src/index.js';

describe('annotatingSink', () => {
  it('hands on every batch completed, and passes close and queue depth through', async () => {
    const got: (readonly Sample[])[] = [];
    let closed: number | undefined;
    const inner: SampleSink = { publish: (b) => Promise.resolve(void got.push(b)), close: (t) => Promise.resolve(void (closed = t)), queueDepth: () => 7 };
    const sink = annotatingSink(inner, (batch) => Promise.resolve(batch.map((s) => ({ ...s, project_name: `name-${String(s.project_id)}` }))));
    await sink.publish([makeSample({ name: 'm', type: 'gauge', unit: 'u', volume: 1, resource_id: 'r', project_id: 'p1' })]);
    await sink.close(5);
    expect(got[0]![0]!.project_name).toBe('name-p1');
    expect(closed).toBe(5);
    expect(sink.queueDepth?.()).toBe(7);
    expect(sink.deliveryStats).toBeUndefined();
  });
});
