import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileJsonPath } from '../../src/jsonpath/index.js';
import { notificationBody } from '../../src/meter/index.js';
import { EVENT_DEFINITIONS, METERS_DIR, PYTHON, fixture, fixtureNames, pythonHas } from '../meter/definitions-helpers.js';

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

const SYNTHETIC = {
  a: { b: [{ n: 'x', v: 1, t: true }, { n: 'y', v: '2', t: false }, { n: 'z', v: 3.5 }], c: 'p.q.r', d: { e: null, f: 0, 'g.h': 'dotted' } },
  list: [3, 1, 2],
  words: ['b', 'a', 'c'],
  s: 'hello-world',
  k: 'x',
  num: 7,
};
const PROBES = [
  'a.b[*].n', 'a.b[0]', 'a.b[-1].n', 'a.b[1:]', 'a.b[:2].v', 'a..n', 'a.*', '$..v', 'a.b[?n = x].v', "a.b[?(@.v > 1)].n",
  'a.b[?v = 2].n', 'a.b[?t == true].n', 'a.b[?(@.n ~ "[xy]")].v', 'a.b[?n != x & v >= 1].n', 'a.b[\\n].n', 'a.b[/n].n',
  'list.`sorted`', 'words.`sorted`', 'list.`len`', 's.`len`', 'a.d.`len`', 'a.c.`split(., 1, -1)`', 'a.c.`split(., 1, 1)`',
  's.`sub(/-.*/, )`', 's.`sub(/(\\w+)-(\\w+)/, \\\\2 \\\\1)`', 'num * 3', 'num - 2 - 1', 'num + 1.5', 's + "!"', '$.s + "_" + $.k',
  'a.d.e', 'a.d.f', "a.d.'g.h'", 'a.b where t', 'k|num', '(a.c)|(s)', 'missing.x|k', 'a.b.`parent`.c', 'a.b[0].`this`.n',
  'a.b[*].v * 2', 'a.d[*]', 's[*]', 'num[0]', 'a[b,c]',
];

const available = pythonHas('jsonpath_rw_ext');

function upstream(cases: { expr: string; doc: unknown }[]): ({ values: unknown[]; paths: string[] } | { error: string })[] {
  const script = fileURLToPath(new URL('./upstream_jsonpath.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ({ values: unknown[]; paths: string[] } | { error: string })[];
}

function ours(expr: string, doc: unknown): { values: unknown[]; paths: string[] } | { error: string } {
  try {
    const found = compileJsonPath(expr).find(doc);
    return { values: found.map((m) => JSON.parse(JSON.stringify(m.value ?? null)) as unknown), paths: found.map((m) => m.path) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe.skipIf(!available)('JSONPath engine against jsonpath_rw_ext', () => {
  it('finds the same values and paths for every reference expression on every fixture', () => {
    const cases = referenceExpressions().flatMap((expr) => fixtureNames().map((f) => ({ expr, doc: notificationBody(fixture(f)) })));
    expect(cases.length).toBeGreaterThan(2000);
    const theirs = upstream(cases);
    const mismatches = cases.filter((c, i) => JSON.stringify(ours(c.expr, c.doc)) !== JSON.stringify(theirs[i]));
    expect(mismatches.map((c) => c.expr)).toEqual([]);
  }, 120_000);

  it('agrees on filters, sorting, len, split, sub, arithmetic and slices', () => {
    const cases = PROBES.map((expr) => ({ expr, doc: SYNTHETIC }));
    const theirs = upstream(cases);
    cases.forEach((c, i) => {
      const mine = ours(c.expr, c.doc);
      const t = theirs[i]!;
      // NOTE: where Python raises while evaluating (TypeError on an int, ...) we find nothing instead.
      if ('error' in t && t.error.startsWith('find:')) expect(mine, c.expr).toEqual({ values: [], paths: [] });
      else if ('error' in t) expect('error' in mine, `${c.expr}: upstream fails (${t.error})`).toBe(true);
      else expect(mine, c.expr).toEqual(t);
    });
  }, 60_000);
});
