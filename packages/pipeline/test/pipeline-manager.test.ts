import { readFileSync } from 'node:fs';
import { ConfigError, formatConfigIssue } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, SamplePipelineManager } from '../src/index.js';
import { FakePublisherFactory, FakeTransformerFactory, recordingLogger, sample } from './helpers/fakes.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

function config(yaml: string) {
  return parsePipelineConfig(yaml, { kind: 'sample', file: 'pipeline.yaml' });
}

async function manager(yaml: string, extra: { transformers?: boolean } = {}) {
  const publisherFactory = new FakePublisherFactory();
  const logger = recordingLogger();
  const m = await SamplePipelineManager.create(config(yaml), {
    publisherFactory,
    logger,
    ...(extra.transformers ? { transformerFactory: new FakeTransformerFactory() } : {}),
  });
  return { m, publisherFactory, logger };
}

const TWO_SOURCES = `
sources:
  - name: cpu_source
    meters: ["cpu", "cpu.*"]
    sinks: [sink_a]
  - name: not_disk
    meters: ["!disk.*"]
    sinks: [sink_b]
sinks:
  - name: sink_a
    publishers: ["test://a"]
  - name: sink_b
    publishers: ["test://b"]
`;

describe('SamplePipelineManager', () => {
  it('filters samples by each source meter patterns', async () => {
    const { m, publisherFactory } = await manager(TWO_SOURCES);
    const outcome = await m.publishSamples(['cpu', 'cpu.util', 'cpu_l3_cache', 'disk.read.bytes', 'memory'].map((n) => sample(n)));
    expect(publisherFactory.byUrl('test://a').samples.map((s) => s.name)).toEqual(['cpu', 'cpu.util']);
    expect(publisherFactory.byUrl('test://b').samples.map((s) => s.name)).toEqual(['cpu', 'cpu.util', 'cpu_l3_cache', 'memory']);
    expect(outcome).toEqual({ published: 6, failures: [] });
    expect(m.pipelines.map((p) => p.name)).toEqual(['cpu_source:sink_a', 'not_disk:sink_b']);
  });

  it('drops samples with invalid volumes with a log line, converting numeric strings', async () => {
    const { m, publisherFactory, logger } = await manager(TWO_SOURCES);
    await m.publishSamples([sample('cpu', null), sample('cpu', Number.NaN), sample('cpu', 'abc'), sample('cpu', '12.5'), sample('cpu', 3)]);
    expect(publisherFactory.byUrl('test://a').samples.map((s) => s.volume)).toEqual([12.5, 3]);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toMatchInlineSnapshot(`
      [
        "warn: metering data cpu for r1 @ 2026-01-01T00:00:00.000000+00:00 has no volume (volume: None), the sample will be dropped",
        "warn: metering data cpu for r1 @ 2026-01-01T00:00:00.000000+00:00 has volume which is not a number (volume: NaN), the sample will be dropped",
        "warn: metering data cpu for r1 @ 2026-01-01T00:00:00.000000+00:00 has volume which is not a number (volume: "abc"), the sample will be dropped",
      ]
    `);
  });

  it('does not log invalid volumes of samples no pipeline takes', async () => {
    const { m, logger } = await manager(TWO_SOURCES);
    await m.publishSamples([sample('disk.read.bytes', null)]);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it('keeps publishing to the other publishers when one fails, holding its batch in its own queue and redacting its URL', async () => {
    const { m, publisherFactory, logger } = await manager(`
sources:
  - name: all
    meters: ["*"]
    sinks: [sink]
sinks:
  - name: sink
    publishers: ["fail://user:hunter2@host/x?password=hunter2", "test://ok", "test://ok2"]
`);
    const outcome = await m.publishSamples([sample('cpu')]);
    expect(publisherFactory.byUrl('test://ok').samples).toHaveLength(1);
    expect(publisherFactory.byUrl('test://ok2').samples).toHaveLength(1);
    // The failed batch was accepted into the failing publisher's queue: nothing to requeue.
    expect(outcome.failures).toEqual([]);
    expect(m.deliveryStats().map((s) => [s.publisher, s.queuedItems, s.failing])).toEqual([
      ['fail://user:***@host/x?password=***', 1, true],
      ['test://ok', 0, false],
      ['test://ok2', 0, false],
    ]);
    const warnings = logger.lines.filter((l) => l.startsWith('warn'));
    expect(warnings).toEqual(['warn: publisher fail://user:***@host/x?password=*** (sink sink) failed: boom from fail://user:***@host/x?password=***; holding its samples and retrying (policy drop)']);
    await m.close(0);
    expect(logger.lines.join('\n')).not.toContain('hunter2');
  });

  it('shares one publisher per exact URL and closes each once', async () => {
    const { m, publisherFactory } = await manager(`
sources:
  - name: s1
    meters: ["*"]
    sinks: [k1, k2]
sinks:
  - name: k1
    publishers: ["test://shared", "test://only-k1"]
  - name: k2
    publishers: ["test://shared", "test://shared?x=1"]
`);
    expect(publisherFactory.created.map((p) => p.url)).toEqual(['test://shared', 'test://only-k1', 'test://shared?x=1']);
    expect(m.publisherCount).toBe(3);
    await m.publishSamples([sample('cpu')]);
    expect(publisherFactory.byUrl('test://shared').samples).toHaveLength(2); // once per pipeline, as upstream
    await Promise.all([m.close(), m.close()]);
    await m.close();
    expect(publisherFactory.created.map((p) => p.closed)).toEqual([1, 1, 1]);
  });

  it('runs the transformer chain and flushes it after each batch', async () => {
    const { m, publisherFactory } = await manager(
      `
sources:
  - name: s
    meters: ["*"]
    sinks: [k]
sinks:
  - name: k
    transformers:
      - name: hold
      - name: scale
        parameters: {factor: 10}
    publishers: ["test://"]
`,
      { transformers: true },
    );
    await m.publishSamples([sample('cpu', 1), sample('cpu', 2)]);
    // held samples come out of the flush and still pass through the transformers after `hold`
    expect(publisherFactory.byUrl('test://').samples.map((s) => s.volume)).toEqual([10, 20]);
  });

  it('reports transformers that cannot be made, naming them', async () => {
    const yaml = `
sources:
  - name: s
    meters: ["*"]
    sinks: [k]
sinks:
  - name: k
    transformers:
      - name: unit_conversion
        parameters: {target: {name: x}}
    publishers: ["test://"]
`;
    const err = await SamplePipelineManager.create(config(yaml), { publisherFactory: new FakePublisherFactory() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatchInlineSnapshot(`"pipeline.yaml:9: sinks[0].transformers[0]: No transformer named unit_conversion loaded: this agent has no transformer support configured"`);
    const err2 = await SamplePipelineManager.create(config(yaml), {
      publisherFactory: new FakePublisherFactory(),
      transformerFactory: new FakeTransformerFactory(),
    }).catch((e: unknown) => e);
    expect((err2 as ConfigError).message).toMatchInlineSnapshot(`"pipeline.yaml:9: sinks[0].transformers[0]: cannot set up transformer unit_conversion: No transformer named unit_conversion loaded"`);
  });

  it('reports every publisher scheme that is not installed and closes what it made', async () => {
    const publisherFactory = new FakePublisherFactory();
    const err = await SamplePipelineManager.create(
      config(`
sources:
  - name: s
    meters: ["*"]
    sinks: [k]
sinks:
  - name: k
    publishers:
      - test://
      - amqps://broker
      - gnocchi
`),
      { publisherFactory },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.map(formatConfigIssue)).toMatchInlineSnapshot(`
      [
        "pipeline.yaml:10: sinks[0].publishers[1]: no publisher for scheme "amqps" (installed: fail, test)",
        "pipeline.yaml:11: sinks[0].publishers[2]: no publisher for scheme "gnocchi" (installed: fail, test)",
      ]
    `);
    expect(publisherFactory.created.map((p) => p.closed)).toEqual([1]);
  });

  it('runs the seed deployment pipeline.yaml with its gnocchi publisher shared by all sinks', async () => {
    const publisherFactory = new GnocchiLikeFactory();
    const logger = recordingLogger();
    const m = await SamplePipelineManager.create(
      parsePipelineConfig(readFileSync(fixture('seed-pipeline.yaml'), 'utf8'), { kind: 'sample', file: 'pipeline.yaml' }),
      { publisherFactory, logger },
    );
    expect(publisherFactory.inner.created).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    await m.publishSamples([sample('memory.util', 12), sample('hardware.network.incoming.bytes', 5), sample('image.size', 1)]);
    expect(publisherFactory.inner.created[0]?.samples.map((s) => s.name)).toEqual(['hardware.network.incoming.bytes', 'memory.util']);
    await m.close();
  });
});

/** Serves gnocchi:// URLs with recording publishers. */
class GnocchiLikeFactory extends FakePublisherFactory {
  readonly inner = new FakePublisherFactory();
  override create(url: string) {
    return this.inner.create(url.replace(/^gnocchi:/, 'test:'));
  }
}
