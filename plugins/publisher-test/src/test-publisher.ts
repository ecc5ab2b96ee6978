/**
 * The `test://` publisher: keeps what it receives in memory (upstream's
 * ceilometer.publisher.test.TestPublisher), and registers itself so a test can find the instance
 * the pipeline created from its URL.
 */
import {
  inject,
  injectable,
  INVOKE_ARGS,
  PLUGIN_CONTEXT,
  toPublisherTarget,
  type Event,
  type PluginContext,
  type Publisher,
  type PublisherArg,
  type PublisherTarget,
  type Sample,
} from '@ceilometer-ts/sdk';

// On globalThis so the copy the registry imports from dist and the copy a test imports from src
// share one registry.
const REGISTRY_KEY = Symbol.for('ceilometer-ts.publisher-test.instances');
type Registry = Map<string, TestPublisher[]>;
const globals = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };
const registry: Registry = (globals[REGISTRY_KEY] ??= new Map());

/** In-memory publisher for tests: `test://` (any host, path and query; the whole URL is its key). */
@injectable()
export class TestPublisher implements Publisher {
  readonly target: PublisherTarget;
  readonly samples: Sample[] = [];
  readonly events: Event[] = [];
  /** Number of publish calls, samples and events together (as upstream). */
  calls = 0;
  closed = false;

  constructor(@inject(PLUGIN_CONTEXT) readonly ctx: PluginContext | undefined, @inject(INVOKE_ARGS) args: PublisherArg = 'test://') {
    this.target = toPublisherTarget(args);
    const list = registry.get(this.target.url) ?? [];
    list.push(this);
    registry.set(this.target.url, list);
  }

  async publishSamples(samples: readonly Sample[]): Promise<void> {
    this.samples.push(...samples);
    this.calls += 1;
  }

  async publishEvents(events: readonly Event[]): Promise<void> {
    this.events.push(...events);
    this.calls += 1;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** The most recent TestPublisher made for `url` (as written in pipeline.yaml), if any. */
export function findTestPublisher(url: string): TestPublisher | undefined {
  return registry.get(url)?.at(-1);
}

/** Every TestPublisher made for `url`, oldest first, or all of them when `url` is omitted. */
export function testPublishers(url?: string): readonly TestPublisher[] {
  if (url !== undefined) return registry.get(url) ?? [];
  return [...registry.values()].flat();
}

/** Samples received by every TestPublisher made for `url`, in arrival order per instance. */
export function publishedSamples(url: string): Sample[] {
  return testPublishers(url).flatMap((p) => p.samples);
}

/** Forgets every instance (call in `afterEach`). */
export function clearTestPublishers(): void {
  registry.clear();
}
