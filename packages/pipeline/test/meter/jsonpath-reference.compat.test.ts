/**
 * Every JSONPath of the bundled meters.yaml and event_definitions.yaml, on every notification
 * fixture, through our engine (@ceilometer-ts/jsonpath) and upstream's jsonpath_rw_ext.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { notificationBody } from '../../src/meter/index.js';
import { oursJsonPath as ours, pythonHas, upstreamJsonPath as upstream } from '../../../jsonpath/test/upstream-jsonpath.js';
import { EVENT_DEFINITIONS, METERS_DIR, fixture, fixtureNames } from './definitions-helpers.js';

/** Every field expression of the two reference files, joined as upstream joins lists. */
function referenceExpressions(): string[] {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    const f = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)['fields'] : v;
    if (typeof f === 'string') out.add(f);
    else if (Array.isArray(f)) out.add(f.length === 1 ? String(f[0]) : f.map((p) => `(${String(p)})`).join('|'));
  };
  const meters = parse(readFileSync(`${METERS_DIR}/meters.yaml`, 'utf8'), { version: '1.1', merge: true }) as { metric: Record<string, unknown>[] };
  for (const m of meters.metric) {
    for (const k of ['name', 'type', 'volume', 'unit', 'timestamp', 'user_id', 'project_id', 'resource_id', 'user_metadata']) add(m[k]);
    for (const v of Object.values((m['metadata'] ?? {}) as Record<string, unknown>)) add(v);
  }
  const events = parse(readFileSync(EVENT_DEFINITIONS, 'utf8'), { version: '1.1', merge: true }) as { traits: Record<string, unknown> }[];
  for (const e of events) for (const t of Object.values(e.traits)) add(t);
  return [...out];
}

describe.skipIf(!pythonHas('jsonpath_rw_ext'))('JSONPath engine against jsonpath_rw_ext on the bundled definitions', () => {
  it('finds the same values and paths for every reference expression on every fixture', () => {
    const cases = referenceExpressions().flatMap((expr) => fixtureNames().map((f) => ({ expr, doc: notificationBody(fixture(f)) })));
    expect(cases.length).toBeGreaterThan(2000);
    const theirs = upstream(cases);
    const mismatches = cases.filter((c, i) => JSON.stringify(ours(c.expr, c.doc)) !== JSON.stringify(theirs[i]));
    expect(mismatches.map((c) => c.expr)).toEqual([]);
  }, 120_000);
});
