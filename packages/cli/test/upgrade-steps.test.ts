import type { EntryPoint } from '@ceilometer-ts/core';
import { silentLogger, type UpgradeStep } from '@ceilometer-ts/sdk';
import { describe, expect, it } from 'vitest';
import { parseStepFlags, selectSteps } from '../src/commands/upgrade.js';
import { declaredFlags, runUpgradeSteps, type LoadedUpgradeStep } from '../src/upgrade/upgrade-steps.js';

function loaded(name: string, step: UpgradeStep): LoadedUpgradeStep {
  const entryPoint = { name, packageName: `pkg-${name}`, packageVersion: '1.0.0', namespace: 'ceilometer.upgrade' } as unknown as EntryPoint;
  return { name, entryPoint, step };
}

function run(steps: LoadedUpgradeStep[]) {
  const lines: string[] = [];
  const outcome = runUpgradeSteps(steps, { flags: new Set(), retry: 1, logger: silentLogger, signal: new AbortController().signal, write: (l) => lines.push(l), now: () => 0 });
  return { outcome, lines };
}

describe('runUpgradeSteps', () => {
  it('says "nothing to upgrade" and succeeds when no step is installed', async () => {
    const { outcome, lines } = run([]);
    expect(await outcome).toEqual({ ok: true, results: [], notRun: [] });
    expect(lines).toEqual(['nothing to upgrade: no ceilometer.upgrade step is installed']);
  });

  it('prints an untyped error by its message, and names the steps not run', async () => {
    const ok: UpgradeStep = { run: () => Promise.resolve({ changed: [], unchanged: [] }) };
    const { outcome, lines } = run([loaded('a', { run: () => Promise.reject(new Error('boom')) }), loaded('b', ok)]);
    expect(await outcome).toMatchObject({ ok: false, failed: { name: 'a' }, notRun: ['b'] });
    expect(lines.at(-1)).toBe('[a] FAILED: boom');
  });
});

describe('parseStepFlags', () => {
  const declared = declaredFlags([
    loaded('a', { flags: [{ name: 'skip-x', help: 'x' }], run: () => Promise.resolve({ changed: [], unchanged: [] }) }),
    loaded('b', { flags: [{ name: 'skip-x', help: 'x' }, { name: 'fast', help: 'f' }], run: () => Promise.resolve({ changed: [], unchanged: [] }) }),
  ]);

  it('collects declared flags once even when several steps declare them', () => {
    expect(declared.get('skip-x')?.steps).toEqual(['a', 'b']);
    expect([...parseStepFlags(['--skip-x', '--fast', '--nofast'], declared)]).toEqual(['skip-x']);
  });

  it('refuses positional arguments and unknown flags', () => {
    expect(() => parseStepFlags(['upgrade'], declared)).toThrow("unexpected argument 'upgrade'");
    expect(() => parseStepFlags(['--nope'], declared)).toThrow("unknown option '--nope' (the upgrade steps take --skip-x, --fast)");
    expect(() => parseStepFlags(['--nope'], new Map())).toThrow('no ceilometer.upgrade step to run takes any flag');
  });
});

describe('selectSteps', () => {
  const ok: UpgradeStep = { run: () => Promise.resolve({ changed: [], unchanged: [] }) };
  const steps = [loaded('a', ok), loaded('b', ok), loaded('c', ok)];

  it('keeps the run order whatever the order of --step', () => {
    expect(selectSteps(steps, ['c', 'a']).map((s) => s.name)).toEqual(['a', 'c']);
    expect(selectSteps(steps, [])).toHaveLength(3);
  });

  it('refuses a name no installed step has', () => {
    expect(() => selectSteps(steps, ['a', 'z'])).toThrow('no upgrade step named z (installed: a, b, c)');
    expect(() => selectSteps([], ['gnocchi'])).toThrow('no upgrade step named gnocchi (installed: none)');
  });
});
