import { makeSample, numericVolume, type Event, type LogFn, type Logger, type Publisher, type Sample, type Transformer } from '@ceilometer-ts/sdk';
import { PublisherNotFoundError, type PublisherFactory, type TransformerFactory } from '../../src/index.js';

/** A publisher remembering what it got; `fail` makes every publish throw. */
export class RecordingPublisher implements Publisher {
  readonly samples: Sample[] = [];
  readonly events: Event[] = [];
  closed = 0;
  constructor(readonly url: string, readonly fail = false) {}
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    if (this.fail) throw new Error(`boom from ${this.url}`);
    this.samples.push(...samples);
  }
  async publishEvents(events: readonly Event[]): Promise<void> {
    if (this.fail) throw new Error(`boom from ${this.url}`);
    this.events.push(...events);
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

/** Makes `test://` (recording) and `fail://` (always throwing) publishers; other schemes are not installed. */
export class FakePublisherFactory implements PublisherFactory {
  readonly created: RecordingPublisher[] = [];
  async create(url: string): Promise<Publisher> {
    const scheme = url.slice(0, url.indexOf('://'));
    if (scheme !== 'test' && scheme !== 'fail') throw new PublisherNotFoundError(scheme, ['fail', 'test']);
    const publisher = new RecordingPublisher(url, scheme === 'fail');
    this.created.push(publisher);
    return publisher;
  }
  byUrl(url: string): RecordingPublisher {
    const found = this.created.find((p) => p.url === url);
    if (!found) throw new Error(`no publisher for ${url}`);
    return found;
  }
}

/** `scale` multiplies volumes by parameters.factor; `hold` keeps samples until flush. */
export class FakeTransformerFactory implements TransformerFactory {
  create(name: string, parameters: Readonly<Record<string, unknown>>): Transformer {
    if (name === 'scale') {
      const factor = Number(parameters.factor ?? 1);
      return { handleSample: (s) => ({ ...s, volume: (numericVolume(s.volume) ?? 0) * factor }), flush: () => [] };
    }
    if (name === 'hold') {
      let held: Sample[] = [];
      return {
        handleSample: (s) => {
          held.push(s);
          return null;
        },
        flush: () => {
          const out = held;
          held = [];
          return out;
        },
      };
    }
    throw new Error(`No transformer named ${name} loaded`);
  }
}

/** A logger recording `level: message` lines. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: string): LogFn =>
    (objOrMsg: object | string, msg?: unknown, ...args: unknown[]) => {
      let text = typeof objOrMsg === 'string' ? objOrMsg : String(msg ?? '');
      const rest = typeof objOrMsg === 'string' ? [msg, ...args] : args;
      for (const arg of rest) text = text.replace(/%[sd]/, String(arg));
      lines.push(`${level}: ${text}`);
    };
  const logger = {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

/** A gauge sample with fixed ids. */
export function sample(name: string, volume: unknown = 1): Sample {
  return makeSample({
    name,
    type: 'gauge',
    unit: 'B',
    volume: volume as number,
    resource_id: 'r1',
    timestamp: '2026-01-01T00:00:00.000000+00:00',
    id: `id-${name}`,
  });
}
