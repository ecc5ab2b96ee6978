import { describe, expect, it } from 'vitest';
import { MapServiceRegistry, silentLogger, type PluginContext } from '@ceilometer-ts/sdk';
import { NotifierPublisherConfigError, parseNotifierUrl, SampleNotifierPublisher } from '../src/index.js';

describe('notifier:// URL', () => {
  it('has upstream defaults', () => {
    expect(parseNotifierUrl('notifier://')).toEqual({ topics: [], policy: 'default', maxQueueLength: 1024, maxRetry: 100, perMeterTopic: false,
      publishTimeoutMs: 30_000, closeTimeoutMs: 10_000 });
  });

  it('reads every parameter and builds the transport URL from the netloc', () => {
    const s = parseNotifierUrl('notifier://u:p@broker:5672/vh?topic=a&topic=b&policy=queue&max_queue_length=5&max_retry=3&per_meter_topic=1&driver=rabbit&ssl=1&publish_timeout=2.5&close_timeout=1');
    expect(s).toEqual({ topics: ['a', 'b'], policy: 'queue', maxQueueLength: 5, maxRetry: 3, perMeterTopic: true, publishTimeoutMs: 2500, closeTimeoutMs: 1000, transportUrl: 'rabbit://u:p@broker:5672/vh?ssl=1' });
  });

  it('falls back to the default policy for an unknown one and rejects non-integers', () => {
    expect(parseNotifierUrl('notifier://?policy=sometimes')).toMatchObject({ policy: 'default', unknownPolicy: 'sometimes' });
    expect(() => parseNotifierUrl('notifier://?max_retry=many')).toThrow(NotifierPublisherConfigError);
  });

  it('needs a broker from the URL or the configuration', () => {
    const ctx = { logger: silentLogger, services: new MapServiceRegistry() } as unknown as PluginContext;
    expect(() => new SampleNotifierPublisher(ctx, 'notifier://?topic=x')).toThrow(/transport_url/);
  });
});
