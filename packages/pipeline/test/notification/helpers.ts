import { makeSample, toMeterMessage, type Event, type Sample } from '@ceilometer-ts/sdk';
import { UNLIMITED_WORK_BUDGET, type ConsumerFactory, type ConsumerSpec, type Disposition, type IncomingMessage, type NotificationSettings, type PublishOutcome } from '../../src/index.js';

/**
 * Complete notification settings for a test: one worker, batches of one, `ceilometer` exchange,
 * `meter` pipeline, `sample` priority, upstream's defaults for the rest, then `over`.
 */
export function notificationSettings(over: Partial<NotificationSettings> = {}): NotificationSettings {
  return {
    workers: 1, batchSize: 1, batchTimeout: undefined, messagingUrls: [], exchanges: ['ceilometer'], topics: ['notifications'],
    pipelines: ['meter'], ackOnEventError: true, prefetch: 100, priorities: ['sample'],
    maxDeliveryAttempts: 5, deadLetterQueue: undefined, stateDir: undefined, stopTimeoutSeconds: 30, budget: UNLIMITED_WORK_BUDGET,
    ...over,
  };
}

/** A `telemetry.polling` message carrying `count` samples of meter `name`. */
export function pollingMessage(count = 1, name = 'cpu', id = `m-${Math.random()}`): IncomingMessage {
  const samples = Array.from({ length: count }, (_, i) =>
    toMeterMessage(makeSample({ name, type: 'cumulative', unit: 'ns', volume: 100 + i, resource_id: `r-${i}`, timestamp: '2024-05-01T12:00:00.123456' }), 'secret'),
  );
  return {
    message: { message_id: id, publisher_id: 'ceilometer.polling', event_type: 'telemetry.polling', priority: 'SAMPLE', payload: { samples }, timestamp: '2024-05-01 12:00:00.123456' },
    context: {},
  };
}

/** A consumer factory whose consumers deliver what a test pushes and record dispositions. */
export class FakeConsumers {
  readonly specs: ConsumerSpec[] = [];
  started = 0;
  stopped = 0;
  readonly factory: ConsumerFactory = (spec) => {
    this.specs.push(spec);
    return {
      start: async () => {
        this.started++;
      },
      stop: async () => {
        this.stopped++;
        await Promise.all(this.inFlight);
      },
    };
  };
  readonly inFlight = new Set<Promise<Disposition>>();

  /** Delivers to consumer `index`; resolves with the disposition. */
  deliver(message: IncomingMessage, index = 0): Promise<Disposition> {
    const spec = this.specs[index];
    if (!spec) throw new Error(`no consumer ${index}`);
    const p = spec.handler(message);
    this.inFlight.add(p);
    const forget = (): void => void this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }
}

/** A sample publisher recording each call; `failures` makes the next N calls report a failure. */
export class FakeSamplePublisher {
  readonly calls: Sample[][] = [];
  failures = 0;
  closed = 0;
  async publishSamples(samples: readonly Sample[]): Promise<PublishOutcome> {
    this.calls.push([...samples]);
    if (this.failures > 0) {
      this.failures--;
      return { published: samples.length, failures: [{ pipeline: 'p', publisher: 'fail://', error: new Error('down') }] };
    }
    return { published: samples.length, failures: [] };
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

/** An event publisher recording each call. */
export class FakeEventPublisher {
  readonly calls: Event[][] = [];
  fail = false;
  closed = 0;
  async publishEvents(events: readonly Event[]): Promise<PublishOutcome> {
    this.calls.push([...events]);
    return { published: events.length, failures: this.fail ? [{ pipeline: 'e', publisher: 'fail://', error: new Error('down') }] : [] };
  }
  async close(): Promise<void> {
    this.closed++;
  }
}
