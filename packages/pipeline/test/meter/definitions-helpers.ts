/**
 * Shared helpers of the meter and event definition tests: fixtures, the bundled definition files,
 * the trait plugins package, and upstream Python Ceilometer when it is importable.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BitfieldTraitPlugin, MapTraitPlugin, SplitterTraitPlugin, TimedeltaPlugin } from '../../../../plugins/event-trait-plugins/src/index.js';
import { staticTraitPluginFactory, type TraitPluginFactory } from '../../src/event-definitions/index.js';
import type { Notification } from '../../src/meter/index.js';

export const PKG_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const METERS_DIR = join(PKG_DIR, 'data/meters.d');
export const EVENT_DEFINITIONS = join(PKG_DIR, 'data/event_definitions.yaml');
export const NOTIFICATIONS_DIR = join(PKG_DIR, 'test/fixtures/notifications');
export const PYTHON = '/usr/bin/python3';

/** The four bundled trait plugins, as the registry would provide them. */
export const traitPlugins: TraitPluginFactory = staticTraitPluginFactory({
  split: SplitterTraitPlugin,
  bitfield: BitfieldTraitPlugin,
  timedelta: TimedeltaPlugin,
  map: MapTraitPlugin,
});

/** Every fixture file name. */
export function fixtureNames(): string[] {
  return readdirSync(NOTIFICATIONS_DIR).filter((f) => f.endsWith('.json')).sort();
}

/** One notification fixture. */
export function fixture(name: string): Notification {
  return JSON.parse(readFileSync(join(NOTIFICATIONS_DIR, name.endsWith('.json') ? name : `${name}.json`), 'utf8')) as Notification;
}

/** True when /usr/bin/python3 can import `modules`. */
export function pythonHas(...modules: string[]): boolean {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

/** Upstream's samples and event per fixture (see upstream_definitions.py). */
export type UpstreamResults = Record<string, { samples: Record<string, unknown>[] | { error: string }; event: Record<string, unknown> | null | { error: string } }>;

/** Runs upstream ceilometer on the fixtures with the bundled definitions. */
export function runUpstream(names: readonly string[]): UpstreamResults {
  const dir = mkdtempSync(join(tmpdir(), 'ceilo-defs-'));
  try {
    const out = join(dir, 'out.json');
    const script = fileURLToPath(new URL('./upstream_definitions.py', import.meta.url));
    const r = spawnSync(PYTHON, [script, out, METERS_DIR, EVENT_DEFINITIONS, ...names.map((n) => join(NOTIFICATIONS_DIR, n))], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (r.status !== 0) throw new Error(`upstream run failed: ${r.stderr.slice(-2000)}`);
    return JSON.parse(readFileSync(out, 'utf8')) as UpstreamResults;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
