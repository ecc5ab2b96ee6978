import { readFileSync } from 'node:fs';
import { ConfigError, type Event, type Publisher } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { EventPipelineManager, parsePipelineConfig, type PublisherFactory } from '../src/index.js';
import { FakePublisherFactory, RecordingPublisher, recordingLogger } from './helpers/fakes.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

function event(eventType: string): Event {
  return { message_id: `m-${eventType}`, event_type: eventType, generated: '2026-01-01T00:00:00.000000', traits: [], raw: {} };
}

function config(yaml: string) {
  return parsePipelineConfig(yaml, { kind: 'event', file: 'event_pipeline.yaml' });
}

describe('EventPipelineManager', () => {
  it('builds upstream event_pipeline.yaml', async () => {
    const publisherFactory: PublisherFactory = { create: async (url) => new RecordingPublisher(url) };
    const m = await EventPipelineManager.create(
      parsePipelineConfig(readFileSync(fixture('event_pipeline.yaml'), 'utf8'), { kind: 'event', file: 'event_pipeline.yaml' }),
      { publisherFactory },
    );
    expect(m.pipelines.map((p) => p.name)).toEqual(['event:event_source:event_sink']);
    await m.close();
  });

  it('filters events by event_type patterns and isolates a failing publisher', async () => {
    const publisherFactory = new FakePublisherFactory();
    const logger = recordingLogger();
    const m = await EventPipelineManager.create(
      config(`
sources:
  - name: compute
    events: ["compute.instance.*"]
    sinks: [k]
  - name: no_exists
    events: ["!compute.instance.exists"]
    sinks: [k2]
sinks:
  - name: k
    publishers: ["fail://", "test://compute"]
  - name: k2
    publishers: ["test://rest"]
`),
      { publisherFactory, logger },
    );
    const outcome = await m.publishEvents([event('compute.instance.create.end'), event('compute.instance.exists'), event('image.update')]);
    expect(publisherFactory.byUrl('test://compute').events.map((e) => e.event_type)).toEqual([
      'compute.instance.create.end',
      'compute.instance.exists',
    ]);
    expect(publisherFactory.byUrl('test://rest').events.map((e) => e.event_type)).toEqual(['compute.instance.create.end', 'image.update']);
    // fail:// holds the batch in its own queue; the message needs no requeue.
    expect(outcome.failures).toEqual([]);
    expect(m.deliveryStats().map((s) => [s.sink, s.publisher, s.queuedItems])).toEqual([['k', 'fail://', 2], ['k', 'test://compute', 0], ['k2', 'test://rest', 0]]);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual(['warn: publisher fail:// (sink k) failed: boom from fail://; holding its events and retrying (policy drop)']);
    expect(await m.close(0)).toEqual({ flushed: 0, dropped: 2 });
  });

  it('rejects publishers without event support', async () => {
    const sampleOnly: PublisherFactory = {
      create: async (): Promise<Publisher> => ({ publishSamples: async () => {}, close: async () => {} }),
    };
    const err = await EventPipelineManager.create(
      config('sources: [{name: s, events: ["*"], sinks: [k]}]\nsinks: [{name: k, publishers: ["gnocchi://"]}]'),
      { publisherFactory: sampleOnly },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe('event_pipeline.yaml:2: sinks[0].publishers[0]: publisher "gnocchi://" does not support events');
  });

  it('ignores transformers in event sinks with a warning', () => {
    const c = config('sources: [{name: s, events: ["*"], sinks: [k]}]\nsinks: [{name: k, transformers: [{name: x}], publishers: ["test://"]}]');
    expect(c.sinks[0]?.transformers).toEqual([]);
    expect(c.warnings.map((w) => w.message)).toEqual(['event sinks do not run transformers; ignored']);
  });
});
