/**
 * The README's implemented / not-yet table and docs/implemented.md are what
 * scripts/implemented-table.mjs prints from the workspace's package.json entry points and the
 * vendored upstream list: adding or removing an entry point without `--write` fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { between, FULL_MARKERS, README_MARKERS, ROOT, rows, tables, workspaceEntryPoints } from '../../scripts/implemented-table.mjs';

type Row = { ns: string; name: string; upstream: string[]; packages: string[] };
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('implemented / not-yet tables', () => {
  const printed = tables();

  it('README.md holds the table the script prints', () => {
    expect(between(read('README.md'), README_MARKERS), 'run: node scripts/implemented-table.mjs --write').toBe(printed.readme);
  });

  it('docs/implemented.md holds the full table the script prints', () => {
    expect(between(read('docs/implemented.md'), FULL_MARKERS), 'run: node scripts/implemented-table.mjs --write').toBe(printed.full);
  });

  it('counts an entry point as implemented by the package declaring it, and an undeclared one as not yet', () => {
    const upstream = { 'ceilometer.poll.compute': { cpu: { target: 'x:Y', upstream: ['19.0'] }, 'perf.x': { target: 'x:Z', upstream: ['master'] } } };
    const all: Row[] = rows(upstream, { 'ceilometer.poll.compute': { cpu: ['@ceilometer-ts/pollsters-compute'], mine: ['@x/y'] } });
    expect(all).toEqual([
      { ns: 'ceilometer.poll.compute', name: 'cpu', upstream: ['19.0'], packages: ['@ceilometer-ts/pollsters-compute'] },
      { ns: 'ceilometer.poll.compute', name: 'mine', upstream: [], packages: ['@x/y'] },
      { ns: 'ceilometer.poll.compute', name: 'perf.x', upstream: ['master'], packages: [] },
    ]);
  });

  it('reads every public package of the workspace (the compute pollsters, the transformers)', () => {
    const ours: Record<string, Record<string, string[]>> = workspaceEntryPoints();
    expect(ours['ceilometer.poll.compute']?.['cpu']).toEqual(['@ceilometer-ts/pollsters-compute']);
    expect(Object.keys(ours['ceilometer.transformer'] ?? {}).sort()).toEqual(['accumulator', 'aggregator', 'arithmetic', 'delta', 'rate_of_change', 'unit_conversion']);
  });
});
