import type { EntryPoint, PluginRegistryLike } from '@ceilometer-ts/core';
import { Namespaces, type PublisherTarget, type Sample } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, PublisherNotFoundError, RegistryPublisherFactory, SamplePipelineManager } from '../src/index.js';

class MemoryPublisher {
  readonly samples: Sample[] = [];
  constructor(readonly target: PublisherTarget) {}
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    this.samples.push(...samples);
  }
  async close(): Promise<void> {}
}

function entryPoint(namespace: string, name: string, plugin: unknown): EntryPoint {
  return {
    namespace, name, packageName: `@test/publisher-${name}`, packageVersion: '1.0.0', target: `./dist/${name}.js:Publisher`,
    packageDir: '/nonexistent', modulePath: `./dist/${name}.js`, exportName: 'Publisher', origin: 'test',
    load: () => Promise.resolve(plugin),
  };
}

const registry: PluginRegistryLike = {
  entryPoints: (ns) =>
    ns === Namespaces.samplePublisher
      ? [entryPoint(ns, 'test', MemoryPublisher), entryPoint(ns, 'file', MemoryPublisher)]
      : [],
};

describe('RegistryPublisherFactory', () => {
  it('loads the publisher named after the URL scheme and hands it the parsed URL', async () => {
    const factory = new RegistryPublisherFactory({ kind: 'sample', registry });
    const publisher = (await factory.create('test://?retention=5')) as unknown as MemoryPublisher;
    expect(publisher).toBeInstanceOf(MemoryPublisher);
    expect(publisher.target.url).toBe('test://?retention=5');
    expect(publisher.target.parsed.searchParams.get('retention')).toBe('5');
  });

  it('names the installed schemes when none matches', async () => {
    const factory = new RegistryPublisherFactory({ kind: 'sample', registry });
    const err = await factory.create('amqps://broker').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublisherNotFoundError);
    expect((err as Error).message).toBe('no publisher for scheme "amqps" (installed: file, test)');
    const typo = await factory.create('tset://').catch((e: unknown) => e);
    expect((typo as Error).message).toBe('no publisher for scheme "tset" (installed: file, test); did you mean test?');
  });

  it('turns a missing scheme into a located config issue', async () => {
    const config = parsePipelineConfig('sources: [{name: s, meters: ["*"], sinks: [k]}]\nsinks:\n  - name: k\n    publishers:\n      - test://\n      - udp://127.0.0.1:4952\n', {
      kind: 'sample',
      file: 'pipeline.yaml',
    });
    const err = await SamplePipelineManager.create(config, { publisherFactory: new RegistryPublisherFactory({ kind: 'sample', registry }) }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('pipeline.yaml:6: sinks[0].publishers[1]: no publisher for scheme "udp" (installed: file, test)');
  });

  it('uses the event namespace for event pipelines', async () => {
    const factory = new RegistryPublisherFactory({ kind: 'event', registry });
    expect(factory.namespace).toBe('ceilometer.event.publisher');
    await expect(factory.create('test://')).rejects.toThrow('no publisher for scheme "test" (installed: none)');
  });
});
