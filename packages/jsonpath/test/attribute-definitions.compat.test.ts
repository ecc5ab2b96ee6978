/**
 * gnocchi_resources.yaml `attributes` (upstream's file and the seed deployment's) evaluated by
 * AttributeDefinitions and by upstream's gnocchi publisher (`ResourcesDefinition.sample_attributes`,
 * Debian's python3-ceilometer 19.0) on the same samples.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AttributeDefinitions } from '../src/index.js';
import { ATTRIBUTE_SAMPLES } from './attribute-samples.js';
import { PYTHON, pythonHas } from './upstream-jsonpath.js';

const FILES = ['gnocchi_resources.yaml', 'seed-gnocchi_resources.yaml'].map((f) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url)));

function upstream(file: string): Record<string, Record<string, unknown>[]> {
  const script = fileURLToPath(new URL('./upstream_attributes.py', import.meta.url));
  const r = spawnSync(PYTHON, [script, file], { input: JSON.stringify(ATTRIBUTE_SAMPLES), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, Record<string, unknown>[]>;
}

describe.skipIf(!pythonHas('ceilometer.publisher.gnocchi'))('gnocchi_resources.yaml attributes against upstream 19.0', () => {
  it.each(FILES)('%s: every resource type, every sample', (file) => {
    const cfg = parse(readFileSync(file, 'utf8')) as { resources: { resource_type: string; attributes?: unknown }[] };
    const ours = Object.fromEntries(cfg.resources.map((r) => [r.resource_type, ATTRIBUTE_SAMPLES.map((s) => new AttributeDefinitions(r.attributes).evaluate(s))]));
    const theirs = upstream(file);
    // Not a comparison of empty results: most samples give some resource type attributes.
    expect(Object.values(theirs).flat().filter((a) => Object.keys(a).length > 0).length).toBeGreaterThan(10);
    expect(theirs['instance']?.[1]).toMatchObject({ host: 'compute-2' });
    expect(ours).toEqual(theirs);
  }, 60_000);
});
