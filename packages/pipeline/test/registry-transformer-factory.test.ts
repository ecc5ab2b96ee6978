import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EntryPoint, PluginRegistryLike } from '@ceilometer-ts/core';
import { makeSample, Namespaces, type Publisher, type Sample } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, RegistryTransformerFactory, SamplePipelineManager, TransformerUnavailableError, type PublisherFactory } from '../src/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PLUGINS = ['transformer-conversions', 'transformer-accumulator', 'transformer-aggregator', 'transformer-arithmetic'];

/**
 * The transformer entry points exactly as the plugins' package.json declare them, loading the
 * TypeScript sources (`./dist/x.js` -> `./src/x.ts`) so no build is needed.
 */
function sourceRegistry(): PluginRegistryLike {
  const entryPoints: EntryPoint[] = [];
  for (const plugin of PLUGINS) {
    const packageDir = join(repo, 'plugins', plugin);
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      name: string; version: string; ceilometer: { entryPoints: Record<string, Record<string, string>> };
    };
    for (const [name, target] of Object.entries(pkg.ceilometer.entryPoints[Namespaces.transformer] ?? {})) {
      const [modulePath, exportName] = target.split(':') as [string, string];
      const source = join(packageDir, modulePath.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
      entryPoints.push({
        namespace: Namespaces.transformer, name, packageName: pkg.name, packageVersion: pkg.version, target, packageDir, modulePath, exportName, origin: 'workspace',
        load: async () => ((await import(pathToFileURL(source).href)) as Record<string, unknown>)[exportName],
      });
    }
  }
  return { entryPoints: (ns) => entryPoints.filter((ep) => ep.namespace === ns) };
}

class MemoryPublisher implements Publisher {
  readonly samples: Sample[] = [];
  async publishSamples(samples: readonly Sample[]): Promise<void> {
    this.samples.push(...samples);
  }
  async close(): Promise<void> {}
}

class MemoryPublisherFactory implements PublisherFactory {
  readonly byUrl = new Map<string, MemoryPublisher>();
  async create(url: string): Promise<Publisher> {
    const p = new MemoryPublisher();
    this.byUrl.set(url, p);
    return p;
  }
}

const registry = sourceRegistry();

describe('RegistryTransformerFactory', () => {
  it('finds every rocky transformer in the plugins', () => {
    expect(registry.entryPoints(Namespaces.transformer).map((ep) => ep.name).sort()).toEqual([
      'accumulator', 'aggregator', 'arithmetic', 'delta', 'rate_of_change', 'unit_conversion',
    ]);
  });

  it('makes a new instance per call, constructed with the parameters', async () => {
    const factory = new RegistryTransformerFactory({ registry });
    const a = await factory.create('accumulator', { size: 2 });
    const b = await factory.create('accumulator', { size: 2 });
    expect(a).not.toBe(b);
    const s = makeSample({ name: 'cpu', type: 'gauge', unit: 'ns', volume: 1, resource_id: 'r' });
    expect(a.handleSample(s)).toBeNull();
    expect(a.flush()).toEqual([]);
    a.handleSample(s);
    expect(a.flush()).toHaveLength(2);
    expect(b.flush()).toEqual([]);
  });

  it('names the transformer and the installed ones when none matches', async () => {
    const factory = new RegistryTransformerFactory({ registry });
    const err = await Promise.resolve(factory.create('update', {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformerUnavailableError);
    expect((err as Error).message).toBe(
      'No transformer named update loaded (installed transformers: accumulator, aggregator, arithmetic, delta, rate_of_change, unit_conversion)',
    );
    await expect(factory.create('unit_convertion', {})).rejects.toThrow(
      'No transformer named unit_convertion loaded (installed transformers: accumulator, aggregator, arithmetic, delta, rate_of_change, unit_conversion); did you mean unit_conversion?',
    );
    const empty = new RegistryTransformerFactory({ registry: { entryPoints: () => [] } });
    await expect(empty.create('delta', {})).rejects.toThrow('No transformer named delta loaded (installed transformers: none)');
  });

  it('turns bad parameters and unknown names into located config issues', async () => {
    const config = parsePipelineConfig(
      [
        'sources: [{name: s, meters: ["*"], sinks: [k]}]',
        'sinks:',
        '  - name: k',
        '    transformers:',
        '      - name: nope',
        '      - name: rate_of_change',
        '        parameters: {target: {scale: "volume[0]"}}',
        '      - name: unit_conversion',
        '        parameters: {source: {map_from: {name: "(a+)+\\\\1"}}, target: {map_to: {name: "x"}}}',
        '    publishers: ["test://"]',
        '',
      ].join('\n'),
      { kind: 'sample', file: 'pipeline.yaml' },
    );
    const err = await SamplePipelineManager.create(config, { publisherFactory: new MemoryPublisherFactory(), transformerFactory: new RegistryTransformerFactory({ registry }) }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message.split('\n')).toEqual([
      'pipeline.yaml:5: sinks[0].transformers[0]: No transformer named nope loaded (installed transformers: accumulator, aggregator, arithmetic, delta, rate_of_change, unit_conversion)',
      expect.stringMatching(
        /^pipeline\.yaml:6: sinks\[0\]\.transformers\[1\]: cannot set up transformer rate_of_change: .*rate_of_change: parameter target\.scale: invalid expression "volume\[0\]": subscripts are not allowed \("\["\) at column 7$/,
      ),
      // a map_from V8 could backtrack on for seconds and RE2 cannot run (a back-reference)
      expect.stringMatching(
        /^pipeline\.yaml:8: sinks\[0\]\.transformers\[2\]: cannot set up transformer unit_conversion: .*parameter source\.map_from\.name: invalid regular expression "\(a\+\)\+\\\\1": it could hold the agent for seconds on a long input: .*a back-reference at position 5 keeps it off the linear-time engine/,
      ),
    ]);
  });
});

describe("rocky-eol's default pipeline.yaml", () => {
  const yaml = readFileSync(join(repo, 'plugins/transformer-conversions/test/fixtures/rocky-eol-pipeline.yaml'), 'utf8');
  const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  const ts = (s: number) => new Date(T0 + s * 1000).toISOString().replace('Z', '');
  const poll = (name: string, unit: string, volume: number, at: number, resource_metadata: Record<string, number> = {}) =>
    makeSample({ name, type: 'cumulative', unit, volume, resource_id: 'vm-1', user_id: 'u', project_id: 'p', timestamp: ts(at), resource_metadata });

  it('loads unchanged and derives cpu_util, cpu.delta, disk and network rates', async () => {
    const config = parsePipelineConfig(yaml, { kind: 'sample', file: 'pipeline.yaml' });
    const publishers = new MemoryPublisherFactory();
    const manager = await SamplePipelineManager.create(config, { publisherFactory: publishers, transformerFactory: new RegistryTransformerFactory({ registry }) });
    const cycle = (at: number, k: number) => [
      poll('cpu', 'ns', 120e9 + k * 60e9, at, { cpu_number: 4 }),
      poll('disk.read.bytes', 'B', 1000 + k * 60 * 4096, at),
      poll('disk.device.write.requests', 'request', 10 + k * 60 * 5, at),
      poll('network.incoming.bytes', 'B', 5000 + k * 60 * 1500, at),
      poll('network.outgoing.packets', 'packet', 7 + k * 60 * 3, at),
    ];
    await manager.publishSamples(cycle(0, 0));
    const gnocchi = publishers.byUrl.get('gnocchi://') as MemoryPublisher;
    expect(gnocchi.samples.map((s) => s.name)).toEqual(cycle(0, 0).map((s) => s.name)); // meter_sink only: no predecessors yet
    gnocchi.samples.length = 0;

    await manager.publishSamples(cycle(60, 1));
    const derived = gnocchi.samples.filter((s) => !cycle(0, 0).some((raw) => raw.name === s.name));
    const view = derived.map((s) => [s.name, s.unit, s.type, Number((s.volume as number).toFixed(6))]).sort();
    expect(view).toEqual([
      ['cpu.delta', 'ns', 'delta', 60e9],
      ['cpu_util', '%', 'gauge', 25],
      ['disk.device.write.requests.rate', 'request/s', 'gauge', 5],
      ['disk.read.bytes.rate', 'B/s', 'gauge', 4096],
      ['network.incoming.bytes.rate', 'B/s', 'gauge', 1500],
      ['network.outgoing.packets.rate', 'packet/s', 'gauge', 3],
    ]);
    await manager.close();
  });

  it('caps cpu_util at 100, drops out-of-order samples and keeps cpu.delta growth-only', async () => {
    const config = parsePipelineConfig(yaml, { kind: 'sample', file: 'pipeline.yaml' });
    const publishers = new MemoryPublisherFactory();
    const manager = await SamplePipelineManager.create(config, { publisherFactory: publishers, transformerFactory: new RegistryTransformerFactory({ registry }) });
    const gnocchi = () => publishers.byUrl.get('gnocchi://') as MemoryPublisher;
    const cpu = (volume: number, at: number) => poll('cpu', 'ns', volume, at, { cpu_number: 1 });
    await manager.publishSamples([cpu(0, 0)]);
    await manager.publishSamples([cpu(20e9, 10)]); // 200% of one cpu: capped
    await manager.publishSamples([cpu(25e9, 5)]); // out of order: dropped by both
    await manager.publishSamples([cpu(5e9, 20)]); // reset: rate from the new volume, negative delta dropped
    const derived = gnocchi().samples.filter((s) => s.name !== 'cpu').map((s) => [s.name, s.volume]);
    expect(derived).toEqual([
      ['cpu_util', 100],
      ['cpu.delta', 20e9],
      ['cpu_util', 50],
    ]);
    await manager.close();
  });
});
