/**
 * The pipelines the project ships (every `pipeline.yaml` / `event_pipeline.yaml` under etc/ and
 * the packages' bundled defaults) name only publishers and transformers that a public workspace
 * package provides: an operator starting from them never meets "no publisher for scheme".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPipelineConfigFile, type PipelineKind } from '../src/index.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Pipeline files under `dir`, recursively, with their kind. */
function pipelineFiles(dir: string): { file: string; kind: PipelineKind }[] {
  const found: { file: string; kind: PipelineKind }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...pipelineFiles(path));
    else if (name === 'pipeline.yaml' || name === 'event_pipeline.yaml') found.push({ file: path, kind: name.startsWith('event_') ? 'event' : 'sample' });
  }
  return found;
}

/** Entry point names of `namespace` across the public packages of packages/ and plugins/. */
function shippedNames(namespace: string): Set<string> {
  const names = new Set<string>();
  for (const dir of ['packages', 'plugins']) {
    for (const pkgDir of readdirSync(join(ROOT, dir))) {
      let pkg: { private?: boolean; ceilometer?: { entryPoints?: Record<string, Record<string, string>> } };
      try {
        pkg = JSON.parse(readFileSync(join(ROOT, dir, pkgDir, 'package.json'), 'utf8')) as typeof pkg;
      } catch {
        continue;
      }
      if (pkg.private) continue;
      for (const name of Object.keys(pkg.ceilometer?.entryPoints?.[namespace] ?? {})) names.add(name);
    }
  }
  return names;
}

const files = [
  ...pipelineFiles(join(ROOT, 'etc')),
  ...readdirSync(join(ROOT, 'packages')).flatMap((p) => {
    const data = join(ROOT, 'packages', p, 'data');
    try {
      return pipelineFiles(data);
    } catch {
      return [];
    }
  }),
];

describe('shipped pipelines use only shipped publishers and transformers', () => {
  it('finds the etc/ and bundled pipelines', () => {
    const names = files.map((f) => relative(ROOT, f.file));
    expect(names).toContain('etc/ceilometer/pipeline.yaml');
    expect(names).toContain('etc/ceilometer/event_pipeline.yaml');
    expect(names).toContain('packages/pipeline/data/pipeline.yaml');
  });

  it.each(files.map((f) => [relative(ROOT, f.file), f.kind] as const))('%s', async (file, kind) => {
    const config = await loadPipelineConfigFile(join(ROOT, file), kind, file);
    const publishers = shippedNames(`ceilometer.${kind}.publisher`);
    const transformers = shippedNames('ceilometer.transformer');
    const missing = config.sinks.flatMap((sink) => [
      ...sink.publishers.filter((p) => !publishers.has(p.scheme)).map((p) => `${file}:${p.location.line ?? '?'}: ${p.location.path}: publisher "${p.url}": no shipped package provides ceilometer.${kind}.publisher "${p.scheme}"`),
      ...sink.transformers.filter((t) => !transformers.has(t.name)).map((t) => `${file}:${t.location.line ?? '?'}: ${t.location.path}: no shipped package provides ceilometer.transformer "${t.name}"`),
    ]);
    expect(missing).toEqual([]);
    expect(config.sinks.flatMap((s) => s.publishers).length).toBeGreaterThan(0);
  });
});
