import { makeSample, PollsterPermanentError, type Discovery, type Logger, type PollCycle, type Pollster, type Sample } from '@ceilometer-ts/sdk';
import type { SampleSink } from '../../src/index.js';

/** A logger recording `level: message` lines. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const fn =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      lines.push(`${level}: ${typeof a === 'string' ? a : String(b)}`);
    };
  const logger = {
    lines,
    trace: fn('trace'),
    debug: fn('debug'),
    info: fn('info'),
    warn: fn('warn'),
    error: fn('error'),
    fatal: fn('fatal'),
    child: () => logger,
  };
  return logger;
}

/** A sink recording batches. */
export class RecordingSink implements SampleSink {
  readonly batches: Sample[][] = [];
  closed = false;
  async publish(samples: readonly Sample[]): Promise<void> {
    this.batches.push([...samples]);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  get samples(): Sample[] {
    return this.batches.flat();
  }
}

/** A pollster making one sample per resource, recording its calls. */
export class FakePollster implements Pollster<unknown> {
  readonly calls: { resources: unknown[]; cycle: PollCycle }[] = [];
  constructor(
    readonly meter: string,
    readonly defaultDiscovery: string | null = null,
    private readonly behaviour: (resources: readonly unknown[], cycle: PollCycle) => unknown = () => undefined,
  ) {}
  getSamples(cycle: PollCycle, resources: readonly unknown[]): Iterable<Sample> {
    this.calls.push({ resources: [...resources], cycle });
    this.behaviour(resources, cycle);
    return resources.map((r) => makeSample({ name: this.meter, type: 'gauge', unit: 'u', volume: 1, resource_id: String(r) }));
  }
}

/** A pollster throwing PollsterPermanentError for the given resources. */
export function failingOn(meter: string, bad: readonly string[]): FakePollster {
  return new FakePollster(meter, null, (resources) => {
    const failed = resources.filter((r) => bad.includes(String(r)));
    if (failed.length) throw new PollsterPermanentError(failed);
  });
}

/** A discovery returning fixed resources, counting calls. */
export class FakeDiscovery implements Discovery<unknown> {
  calls = 0;
  params: (string | undefined)[] = [];
  constructor(
    private readonly resources: readonly unknown[] | (() => Promise<readonly unknown[]>),
    readonly groupId: string | null = 'global',
  ) {}
  async discover(_cycle: PollCycle, param?: string): Promise<readonly unknown[]> {
    this.calls++;
    this.params.push(param);
    return typeof this.resources === 'function' ? this.resources() : this.resources;
  }
}

/** A promise with its resolver. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
