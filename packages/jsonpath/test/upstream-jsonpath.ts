/**
 * Runs JSONPath cases through upstream's jsonpath_rw_ext (Debian's /usr/bin/python3) and through
 * ours, in the same result shape, for the compat tests here and in @ceilometer-ts/pipeline.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileJsonPath } from '../src/index.js';

export const PYTHON = '/usr/bin/python3';

/** One case's values and paths, or the error raised while parsing (`parse:`) or finding (`find:`). */
export type JsonPathOutcome = { values: unknown[]; paths: string[] } | { error: string };

/** True when /usr/bin/python3 can import `modules`. */
export function pythonHas(...modules: string[]): boolean {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

/** Every case evaluated by jsonpath_rw_ext (see upstream_jsonpath.py). */
export function upstreamJsonPath(cases: readonly { expr: string; doc: unknown }[]): JsonPathOutcome[] {
  const script = fileURLToPath(new URL('./upstream_jsonpath.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as JsonPathOutcome[];
}

/** One case evaluated by our engine, values as JSON would carry them. */
export function oursJsonPath(expr: string, doc: unknown): JsonPathOutcome {
  try {
    const found = compileJsonPath(expr).find(doc);
    return { values: found.map((m) => JSON.parse(JSON.stringify(m.value ?? null)) as unknown), paths: found.map((m) => m.path) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
