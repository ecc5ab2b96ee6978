import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeSample, silentLogger, verifySignature, type Logger } from '@ceilometer-ts/sdk';
import { NotificationDroppedError } from '@ceilometer-ts/messaging';
import { AmqpSampleSink, PipelineSink, StdoutSink, type EmbeddedPipeline, type SampleNotifier } from '../src/index.js';

const s = makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1, resource_id: 'r' });

describe('sinks', () => {
  it('StdoutSink writes one JSON line per sample', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await new StdoutSink(out).publish([s, s]);
    expect(text.trim().split('\n').map((l) => JSON.parse(l).name)).toEqual(['cpu', 'cpu']);
  });

  it('StdoutSink lines are JSON.stringify(sample), byte for byte, the metadata text of a shared object reused', async () => {
    const shared = { display_name: 'vm "1"', flavor: { name: 'm1', ram: 2048, extra: [1, 'x', null, { a: -0 }] }, nan: Number.NaN, u: undefined as unknown as null };
    const samples = [
      makeSample({ name: 'cpu', type: 'cumulative', unit: 'ns', volume: 1.5, resource_id: 'r\u2028', resource_metadata: shared, monotonic_time: 12.25 }),
      makeSample({ name: 'mem', type: 'gauge', unit: 'MiB', volume: null, resource_id: 'r', resource_metadata: shared, user_id: 'u', project_id: 'p' }),
      { ...makeSample({ name: 'x', type: 'gauge', unit: '', volume: 2, resource_id: 'r' }), extra: true } as unknown as ReturnType<typeof makeSample>,
      { ...makeSample({ name: 'y', type: 'gauge', unit: '', volume: 2, resource_id: 'r' }), monotonic_time: undefined } as unknown as ReturnType<typeof makeSample>,
      makeSample({ name: 'z', type: 'gauge', unit: '', volume: 3, resource_id: 'r', resource_metadata: { toJSON: () => ({ replaced: 1 }) } as never }),
    ];
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await new StdoutSink(out).publish(samples);
    expect(text).toBe(samples.map((x) => `${JSON.stringify(x)}\n`).join(''));
    const { sampleJsonLine } = await import('../src/sinks/sample-json-line.js');
    expect(sampleJsonLine(samples[1]!)).toBe(JSON.stringify(samples[1]));
    // a metadata object shared by two samples is stringified once
    let reads = 0;
    const counted = Object.defineProperty({}, 'n', { enumerable: true, get: () => ++reads });
    await new StdoutSink(new PassThrough()).publish([1, 2].map((v) => makeSample({ name: 'c', type: 'gauge', unit: '', volume: v, resource_id: 'r', resource_metadata: counted })));
    expect(reads).toBe(1);
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

  it('AmqpSampleSink counts batches the notifier dropped without a log line each, and closes within the time it is given', async () => {
    const lines: string[] = [];
    const record = (level: string) => (obj: unknown, msg?: string) => void lines.push(`${level} ${msg ?? String(obj)}`);
    const logger = { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), fatal: record('fatal'), child: () => logger } as unknown as Logger;
    let closeTimeout: number | undefined;
    const notifier = {
      sample: async () => {
        throw new NotificationDroppedError('outage queue full (2): oldest notification dropped', 'overflow');
      },
      stats: () => ({ queued: 2, inFlight: 0 }),
      close: async (options?: { timeoutMs?: number }) => ((closeTimeout = options?.timeoutMs), { flushed: false, dropped: 2 }),
    } as unknown as SampleNotifier;
    const sink = new AmqpSampleSink(notifier, 'secret', logger, 30_000);
    for (let i = 0; i < 50; i++) await sink.publish([s]);
    await sink.close(1234);
    expect(sink.failedBatches).toBe(50);
    // the notifier logs drops once per second and in its closing line; the sink adds nothing above debug
    expect(lines.filter((l) => !l.startsWith('debug'))).toEqual([]);
    expect(closeTimeout).toBe(1234);
  });

  describe('PipelineSink', () => {
    /** A pipeline whose publish calls stay open until `settle(i)`, recording what each call carried. */
    function stuckPipeline(): EmbeddedPipeline & { calls: number[]; settle(i: number): void; closed: boolean } {
      const waiting: Array<() => void> = [];
      const pipeline = {
        calls: [] as number[],
        closed: false,
        publishSamples(samples: readonly unknown[]) {
          pipeline.calls.push(samples.length);
          return new Promise<{ failures: [] }>((resolve) => waiting.push(() => resolve({ failures: [] })));
        },
        settle: (i: number) => waiting[i]?.(),
        close: async () => {
          pipeline.closed = true;
        },
      };
      return pipeline;
    }

    // Regression: a notifier:// publisher waiting for a broker that refuses its credentials held
    // every later cycle back, and the healthy publishers beside it got nothing more.
    it('does not hold the cycle while a publisher waits: later batches reach the pipeline at once', async () => {
      const pipeline = stuckPipeline();
      const sink = new PipelineSink(pipeline, silentLogger);
      const first = sink.publish([s]);
      const outcome = await Promise.race([first.then(() => 'returned'), new Promise((r) => setTimeout(() => r('held'), 50))]);
      expect(outcome).toBe('returned');
      await sink.publish([s, s]);
      expect(pipeline.calls).toEqual([1, 2]);
      expect(sink.queueDepth()).toBe(2);
      pipeline.settle(0);
      pipeline.settle(1);
      await sink.close();
      expect(sink.queueDepth()).toBe(0);
      expect(pipeline.closed).toBe(true);
    });

    it('drops and counts batches once maxPendingBatches hand-overs are unfinished (bounded memory, the cycle never waits)', async () => {
      const pipeline = stuckPipeline();
      const sink = new PipelineSink(pipeline, silentLogger, { maxPendingBatches: 2 });
      await sink.publish([s]);
      await sink.publish([s]);
      await sink.publish([s, s]);
      expect(pipeline.calls).toEqual([1, 1]);
      expect(sink.droppedSamples).toBe(2);
      pipeline.settle(0);
      pipeline.settle(1);
      await sink.close();
    });

    it('close() closes the publishers, then waits for the batches that settles; a failing pipeline is logged, not thrown', async () => {
      const order: string[] = [];
      let giveUp: (() => void) | undefined;
      // as the notifier: a publish waits for a broker until the publisher is closed, then rejects
      const pipeline: EmbeddedPipeline = {
        publishSamples: () => new Promise((_, reject) => (giveUp = () => (order.push('rejected'), reject(new Error('closed before the broker confirmed'))))),
        close: async () => {
          order.push('closed');
          setTimeout(() => giveUp?.(), 10);
        },
      };
      const sink = new PipelineSink(pipeline, silentLogger);
      await sink.publish([s]);
      await sink.close();
      expect(order).toEqual(['closed', 'rejected']);
      expect(sink.queueDepth()).toBe(0);
    });
  });
});
